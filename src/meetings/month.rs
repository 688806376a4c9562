//! The month grid's arithmetic: which weekday a month starts on and how
//! many days it has (proleptic Gregorian, no time zone needed: the grid
//! shows Kraków dates the server already computed for each meeting).

/// Days since 1970-01-01 of a date (H. Hinnant's algorithm).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub fn days_in_month(y: i32, m: u32) -> u32 {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    (days_from_civil(ny, nm, 1) - days_from_civil(y, m, 1)) as u32
}

/// The month's weeks, Monday first; `None` pads the first and last week.
pub fn weeks(y: i32, m: u32) -> Vec<[Option<u32>; 7]> {
    // 1970-01-01 was a Thursday (Monday = 0 → 3).
    let first = (days_from_civil(y, m, 1) + 3).rem_euclid(7) as usize;
    let mut weeks = Vec::new();
    let mut week = [None; 7];
    let mut col = first;
    for day in 1..=days_in_month(y, m) {
        week[col] = Some(day);
        col += 1;
        if col == 7 {
            weeks.push(week);
            week = [None; 7];
            col = 0;
        }
    }
    if col > 0 {
        weeks.push(week);
    }
    weeks
}

/// `2028-03` → (2028, 3).
pub fn parse_month(text: &str) -> Option<(i32, u32)> {
    let (y, m) = text.trim().split_once('-')?;
    let (y, m) = (y.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&m).then_some((y, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn march_2028_starts_on_a_wednesday() {
        let w = weeks(2028, 3);
        assert_eq!(
            w[0],
            [None, None, Some(1), Some(2), Some(3), Some(4), Some(5)]
        );
        assert_eq!(w.len(), 5);
        assert_eq!(
            w[4],
            [Some(27), Some(28), Some(29), Some(30), Some(31), None, None]
        );
        // 21 March 2028 is a Tuesday.
        assert!(w.iter().any(|week| week[1] == Some(21)));
    }

    #[test]
    fn month_lengths_and_parsing() {
        assert_eq!(days_in_month(2028, 2), 29);
        assert_eq!(days_in_month(2027, 2), 28);
        assert_eq!(days_in_month(2028, 12), 31);
        assert_eq!(parse_month("2028-03"), Some((2028, 3)));
        assert_eq!(parse_month("2028-13"), None);
        assert_eq!(parse_month("marzec"), None);
    }
}
