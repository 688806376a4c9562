//! Which profile cells the results withhold, so no resident can be singled
//! out — not even by subtraction.
//!
//! A profile question's counts form a table: one row per option, one column
//! per district, and the whole round's column, whose cell in each row is
//! the sum of the row's district cells. Every cell under [`MIN_CELL`] is
//! withheld (primary suppression). That alone is not enough: when a row
//! has exactly one withheld cell, it equals the row's known sum minus the
//! cells shown. So every line of the table that adds up to a known total —
//! each row (its district cells and the round's cell), each district's
//! column and the round's column (their totals, the question's answers, are
//! treated as known) — must have no withheld cell or at least two: while a
//! line has exactly one, its smallest shown cell is withheld too
//! (complementary suppression), until nothing changes. The same cells are
//! withheld on every page and in every export (they all compose from
//! [`withhold`]). Server only.

use super::model::MIN_CELL;

/// The counts of one question: `cells[option][district]`.
pub struct Table<'a> {
    pub cells: &'a [Vec<i64>],
}

/// Which cells are withheld: `(districts, round)` — `districts[option]
/// [district]` for the district cells, `round[option]` for the round's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withheld {
    pub districts: Vec<Vec<bool>>,
    pub round: Vec<bool>,
}

/// One cell of the table: a district's (option, district) or the round's.
#[derive(Clone, Copy, PartialEq, Eq)]
enum At {
    District(usize, usize),
    Round(usize),
}

/// Primary and complementary suppression of one question's table.
pub fn withhold(table: &Table<'_>) -> Withheld {
    let options = table.cells.len();
    let districts = table.cells.first().map_or(0, Vec::len);
    let value = |at: At| match at {
        At::District(o, d) => table.cells[o][d],
        At::Round(o) => table.cells[o].iter().sum(),
    };
    let mut hidden = Withheld {
        districts: table
            .cells
            .iter()
            .map(|row| row.iter().map(|&n| n < MIN_CELL).collect())
            .collect(),
        round: (0..options)
            .map(|o| value(At::Round(o)) < MIN_CELL)
            .collect(),
    };
    // The lines whose totals are known.
    let mut lines: Vec<Vec<At>> = Vec::new();
    for o in 0..options {
        let mut row: Vec<At> = (0..districts).map(|d| At::District(o, d)).collect();
        row.push(At::Round(o));
        lines.push(row);
    }
    for d in 0..districts {
        lines.push((0..options).map(|o| At::District(o, d)).collect());
    }
    lines.push((0..options).map(At::Round).collect());

    let is_hidden = |h: &Withheld, at: At| match at {
        At::District(o, d) => h.districts[o][d],
        At::Round(o) => h.round[o],
    };
    loop {
        let mut changed = false;
        for line in &lines {
            if line.iter().filter(|&&at| is_hidden(&hidden, at)).count() != 1 {
                continue;
            }
            let smallest = line
                .iter()
                .copied()
                .filter(|&at| !is_hidden(&hidden, at))
                .min_by_key(|&at| value(at));
            if let Some(at) = smallest {
                match at {
                    At::District(o, d) => hidden.districts[o][d] = true,
                    At::Round(o) => hidden.round[o] = true,
                }
                changed = true;
            }
        }
        if !changed {
            return hidden;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    #[test]
    fn one_small_district_cell_takes_a_second_one_with_it() {
        // Option "65+": 3 in district I (withheld), 40 and 12 elsewhere.
        let cells = vec![vec![3, 40, 12], vec![50, 60, 70]];
        let h = withhold(&Table { cells: &cells });
        assert!(h.districts[0][0], "primary");
        assert!(h.districts[0][2], "the row's next smallest");
        assert!(!h.districts[0][1]);
        // The columns of I and III now have one withheld cell each: their
        // next smallest go too, which the round's cells then balance.
        assert!(h.districts[1][0] && h.districts[1][2]);
        assert_eq!(h.round, vec![false, false]);
    }

    #[test]
    fn nothing_is_withheld_from_large_counts() {
        let cells = vec![vec![30, 40], vec![50, 60]];
        let h = withhold(&Table { cells: &cells });
        assert!(h.districts.iter().flatten().all(|&x| !x));
        assert!(h.round.iter().all(|&x| !x));
    }

    /// No withheld cell follows from one row or column: for random tallies,
    /// each line with a known total has no withheld cell or at least two,
    /// every cell under five is withheld, and so is every round's cell
    /// under five.
    #[test]
    fn no_withheld_cell_can_be_recovered_from_one_row_or_column() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(27);
        for _ in 0..2_000 {
            let options = rng.random_range(1..7);
            let districts = rng.random_range(1..9);
            let cells: Vec<Vec<i64>> = (0..options)
                .map(|_| {
                    (0..districts)
                        .map(|_| match rng.random_range(0..4) {
                            0 => rng.random_range(0..5),
                            1 => rng.random_range(0..12),
                            _ => rng.random_range(0..200),
                        })
                        .collect()
                })
                .collect();
            let h = withhold(&Table { cells: &cells });
            let total = |o: usize| cells[o].iter().sum::<i64>();
            for o in 0..options {
                for d in 0..districts {
                    assert!(cells[o][d] >= MIN_CELL || h.districts[o][d], "{cells:?}");
                }
                assert!(total(o) >= MIN_CELL || h.round[o], "{cells:?}");
                let row = h.districts[o].iter().filter(|&&x| x).count() + h.round[o] as usize;
                assert_ne!(row, 1, "row {o} of {cells:?}: {h:?}");
            }
            for d in 0..districts {
                let column = (0..options).filter(|&o| h.districts[o][d]).count();
                // A single-option question's column is its only cell.
                assert!(
                    column != 1 || options == 1,
                    "column {d} of {cells:?}: {h:?}"
                );
            }
            let round = h.round.iter().filter(|&&x| x).count();
            assert!(
                round != 1 || options == 1,
                "round column of {cells:?}: {h:?}"
            );
        }
    }
}
