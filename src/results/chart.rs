//! Small server-rendered SVG charts: horizontal bars with their labels and
//! values written on them, and columns over time. Our own rather than a
//! chart crate: the maintained Rust chart crates draw on a canvas in the
//! browser (charming, egui) or render whole documents (plotters), while a
//! results page needs a few `<rect>`s in the HTML itself — visible on first
//! paint and with JavaScript off, with `<title>`/`<desc>` for screen readers
//! and text wrapped for a 360 px phone. Colours come from the stylesheet
//! (`.chart` in `style/main.css`), so they follow the page's contrast rules.
//!
//! The layout is plain arithmetic, unit-tested below; the components only
//! turn it into elements.

use leptos::prelude::*;

/// The drawing's width in SVG units; it scales to the container (on a
/// 360 px phone the page's column is about 290 px: type stays near 12 px;
/// the stylesheet caps the width, so it never grows huge either).
pub const WIDTH: f64 = 320.0;
/// Characters of a bar's label per line (13 px type in 320 units).
const LABEL_CHARS: usize = 40;
const LINE: f64 = 16.0;
const BAR: f64 = 20.0;
const GAP: f64 = 12.0;
/// Width of one character of a value, roughly (13 px type).
const CHAR_W: f64 = 7.5;

/// One bar: its label, its length (0–`max`), and the value written on it.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
}

/// Where one bar and its texts go.
#[derive(Clone, Debug, PartialEq)]
pub struct BarBox {
    pub lines: Vec<String>,
    /// Top of the label's first line.
    pub label_y: f64,
    pub bar_y: f64,
    pub bar_w: f64,
    pub text_x: f64,
    /// The value is written inside the bar (white) when it would not fit after it.
    pub text_inside: bool,
}

/// Splits `text` into lines of at most `max` characters, at spaces when it
/// can (a longer word is cut).
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_owned();
        while word.chars().count() > max {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let head: String = word.chars().take(max).collect();
            word = word.chars().skip(max).collect();
            lines.push(head);
        }
        let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if needed > max && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The boxes of `bars` scaled to `max` (the longest bar when 0), and the
/// drawing's height.
pub fn layout(bars: &[Bar], max: f64) -> (Vec<BarBox>, f64) {
    let max = if max > 0.0 {
        max
    } else {
        bars.iter().map(|b| b.value).fold(0.0, f64::max)
    };
    let mut y = 0.0;
    let boxes = bars
        .iter()
        .map(|bar| {
            let lines = wrap(&bar.label, LABEL_CHARS);
            let label_y = y;
            let bar_y = label_y + lines.len() as f64 * LINE + 2.0;
            let bar_w = if max > 0.0 {
                (bar.value.max(0.0) / max * WIDTH).min(WIDTH)
            } else {
                0.0
            };
            let text_w = bar.text.chars().count() as f64 * CHAR_W + 6.0;
            let text_inside = bar_w + text_w > WIDTH;
            let text_x = if text_inside {
                bar_w - 4.0
            } else {
                bar_w + 4.0
            };
            y = bar_y + BAR + GAP;
            BarBox {
                lines,
                label_y,
                bar_y,
                bar_w,
                text_x,
                text_inside,
            }
        })
        .collect();
    (boxes, (y - GAP).max(0.0) + 20.0)
}

/// A horizontal bar chart: each bar's label above it, its value on it, the
/// axis named below. `id` must be unique in the page (title and description
/// ids derive from it).
#[component]
pub fn BarChart(
    id: String,
    title: String,
    desc: String,
    axis: String,
    bars: Vec<Bar>,
    /// The value of a full-width bar (0: the longest bar).
    #[prop(default = 0.0)]
    max: f64,
) -> impl IntoView {
    let (boxes, height) = layout(&bars, max);
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelled = format!("{title_id} {desc_id}");
    let axis_y = height - 4.0;
    let rows = bars
        .into_iter()
        .zip(boxes)
        .map(|(bar, b)| {
            let lines = b
                .lines
                .into_iter()
                .enumerate()
                .map(|(i, line)| {
                    let y = b.label_y + (i as f64 + 1.0) * LINE - 3.0;
                    view! { <text class="chart-label" x="0" y=format!("{y:.1}")>{line}</text> }
                })
                .collect_view();
            let text_y = b.bar_y + BAR / 2.0 + 4.5;
            view! {
                <g>
                    {lines}
                    <rect class="chart-bar" x="0" y=format!("{:.1}", b.bar_y)
                        width=format!("{:.1}", b.bar_w) height=format!("{BAR}")/>
                    <text class=if b.text_inside { "chart-value chart-value-in" } else { "chart-value" }
                        x=format!("{:.1}", b.text_x) y=format!("{text_y:.1}")
                        text-anchor=if b.text_inside { "end" } else { "start" }>{bar.text}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {WIDTH} {height:.0}") role="img"
            aria-labelledby=labelled id=id>
            <title id=title_id>{title}</title>
            <desc id=desc_id>{desc}</desc>
            {rows}
            <text class="chart-axis" x="0" y=format!("{axis_y:.1}")>{axis}</text>
        </svg>
    }
}

/// Where the columns of a time chart go: (x, width, height) per column in a
/// plot `plot_w` wide and `plot_h` high.
pub fn columns(values: &[i64], plot_w: f64, plot_h: f64) -> Vec<(f64, f64, f64)> {
    let max = values.iter().copied().max().unwrap_or(0).max(1) as f64;
    let step = plot_w / values.len().max(1) as f64;
    let gap = if step > 4.0 { 1.0 } else { 0.0 };
    values
        .iter()
        .enumerate()
        .map(|(i, v)| (i as f64 * step, step - gap, *v as f64 / max * plot_h))
        .collect()
}

/// A column chart over time: one column per (label, value), the first,
/// middle and last labels on the x axis, zero and the maximum on the y axis.
#[component]
pub fn ColumnChart(
    id: String,
    title: String,
    desc: String,
    axis_x: String,
    axis_y: String,
    points: Vec<(String, i64)>,
) -> impl IntoView {
    const LEFT: f64 = 40.0;
    const TOP: f64 = 24.0;
    const PLOT_H: f64 = 120.0;
    let plot_w = WIDTH - LEFT - 4.0;
    let values: Vec<i64> = points.iter().map(|(_, v)| *v).collect();
    let max = values.iter().copied().max().unwrap_or(0);
    let cols = columns(&values, plot_w, PLOT_H);
    let base = TOP + PLOT_H;
    let rects = cols
        .iter()
        .map(|(x, w, h)| {
            view! {
                <rect class="chart-bar" x=format!("{:.1}", LEFT + x) y=format!("{:.1}", base - h)
                    width=format!("{w:.2}") height=format!("{h:.1}")/>
            }
        })
        .collect_view();
    let n = points.len();
    let ticks: Vec<usize> = match n {
        0 => vec![],
        1 => vec![0],
        2 => vec![0, 1],
        _ => vec![0, n / 2, n - 1],
    };
    let step = plot_w / n.max(1) as f64;
    let tick_labels = ticks
        .into_iter()
        .map(|i| {
            let x = LEFT + i as f64 * step + step / 2.0;
            let anchor = if i == 0 && n > 1 {
                "start"
            } else if i + 1 == n && n > 1 {
                "end"
            } else {
                "middle"
            };
            let x = match anchor {
                "start" => LEFT + i as f64 * step,
                "end" => LEFT + (i + 1) as f64 * step,
                _ => x,
            };
            view! {
                <text class="chart-tick" x=format!("{x:.1}") y=format!("{:.1}", base + 16.0)
                    text-anchor=anchor>{points[i].0.clone()}</text>
            }
        })
        .collect_view();
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelled = format!("{title_id} {desc_id}");
    view! {
        <svg class="chart" viewBox=format!("0 0 {WIDTH} {:.0}", base + 44.0) role="img"
            aria-labelledby=labelled id=id>
            <title id=title_id>{title}</title>
            <desc id=desc_id>{desc}</desc>
            <text class="chart-axis" x="0" y="12">{axis_y}</text>
            <text class="chart-tick" x=format!("{:.1}", LEFT - 4.0) y=format!("{:.1}", TOP + 4.0)
                text-anchor="end">{max.to_string()}</text>
            <text class="chart-tick" x=format!("{:.1}", LEFT - 4.0) y=format!("{base:.1}")
                text-anchor="end">"0"</text>
            <line class="chart-rule" x1=format!("{LEFT}") x2=format!("{WIDTH}")
                y1=format!("{base:.1}") y2=format!("{base:.1}")/>
            {rects}
            {tick_labels}
            <text class="chart-axis" x=format!("{WIDTH}") y=format!("{:.1}", base + 38.0)
                text-anchor="end">{axis_x}</text>
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: f64, text: &str) -> Bar {
        Bar {
            label: label.into(),
            value,
            text: text.into(),
        }
    }

    #[test]
    fn labels_wrap_at_spaces_and_cut_long_words() {
        assert_eq!(wrap("jeden dwa trzy", 9), vec!["jeden dwa", "trzy"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 10), vec![""]);
        let long = "Więcej buspasów i pierwszeństwo tramwajów na skrzyżowaniach";
        let lines = wrap(long, LABEL_CHARS);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| l.chars().count() <= LABEL_CHARS));
        assert_eq!(lines.join(" "), long);
    }

    #[test]
    fn bars_scale_to_the_maximum_and_stack_without_overlap() {
        let bars = [
            bar("a", 50.0, "50"),
            bar("b", 25.0, "25"),
            bar("c", 0.0, "0"),
        ];
        let (boxes, height) = layout(&bars, 0.0);
        assert_eq!(boxes[0].bar_w, WIDTH);
        assert_eq!(boxes[1].bar_w, WIDTH / 2.0);
        assert_eq!(boxes[2].bar_w, 0.0);
        for pair in boxes.windows(2) {
            assert!(pair[1].label_y >= pair[0].bar_y + BAR);
        }
        assert!(height >= boxes[2].bar_y + BAR);
        // A full bar carries its value inside; a short one after it.
        assert!(boxes[0].text_inside && !boxes[1].text_inside);
        assert!(boxes[1].text_x > boxes[1].bar_w);
    }

    #[test]
    fn a_fixed_maximum_is_kept_and_never_overflows() {
        let (boxes, _) = layout(&[bar("a", 20.0, "20%"), bar("b", 150.0, "150%")], 100.0);
        assert_eq!(boxes[0].bar_w, WIDTH * 0.2);
        assert_eq!(boxes[1].bar_w, WIDTH);
        let (empty, _) = layout(&[bar("a", 0.0, "0")], 0.0);
        assert_eq!(empty[0].bar_w, 0.0);
    }

    #[test]
    fn columns_fill_the_plot_and_scale_to_the_highest() {
        let cols = columns(&[1, 4, 2, 0], 100.0, 40.0);
        assert_eq!(cols.len(), 4);
        assert_eq!(cols[1].2, 40.0);
        assert_eq!(cols[0].2, 10.0);
        assert_eq!(cols[3].2, 0.0);
        assert_eq!(cols[3].0 + cols[3].1 + 1.0, 100.0);
        assert!(columns(&[], 100.0, 40.0).is_empty());
    }
}
