// /spotkania: the district filter without a page load. The page holds every
// meeting, those of other districts `hidden`; choosing a district shows its
// meetings, puts it in the address (so the link can be shared) and Back
// returns to the previous choice. Without JavaScript the filter form's GET
// does the same with a page load. (Plain script rather than an island: an
// island would make this page load the app's WebAssembly, about 145 KB,
// for what is a few lines of DOM work.)
const form = document.querySelector('[data-testid="district-filter"]');
const select = form && form.querySelector('select[name="dzielnica"]');
if (select) {
  const apply = (numeral) => {
    select.value = numeral;
    for (const el of document.querySelectorAll('[data-district]')) {
      el.hidden = numeral !== '' && el.dataset.district !== numeral;
    }
    for (const a of document.querySelectorAll('a[data-filter-link]')) {
      const url = new URL(a.href);
      if (numeral) url.searchParams.set('dzielnica', numeral);
      else url.searchParams.delete('dzielnica');
      a.href = url.pathname + url.search;
    }
  };
  select.addEventListener('change', () => {
    const url = new URL(location.href);
    if (select.value) url.searchParams.set('dzielnica', select.value);
    else url.searchParams.delete('dzielnica');
    history.pushState(null, '', url.pathname + url.search);
    apply(select.value);
  });
  addEventListener('popstate', () => {
    apply(new URL(location.href).searchParams.get('dzielnica') || '');
  });
}
