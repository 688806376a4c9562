// A meeting's event stream (server-sent events) for the moderators'
// console (console.js); the live page and the projector follow it in Rust
// (src/postulates/live.rs), and this file goes with console.js: resumes
// after the last event seen (?od=), skips any event already applied, and
// reconnects after an error with a pause growing from 1 s to 30 s (the
// browser's own retry has no back-off). `onEvent(data)` gets each event's
// data once, and `null` after a reconnect.
export function follow(url, last, onEvent) {
  let delay = 1000;
  const connect = () => {
    const source = new EventSource(`${url}?od=${last}`);
    source.onopen = () => {
      delay = 1000;
    };
    source.onmessage = (e) => {
      const id = Number(e.lastEventId);
      if (id && id <= last) return;
      if (id) last = id;
      onEvent(e.data);
    };
    source.onerror = () => {
      source.close();
      setTimeout(() => {
        connect();
        onEvent(null);
      }, delay);
      delay = Math.min(delay * 2, 30000);
    };
  };
  connect();
}
