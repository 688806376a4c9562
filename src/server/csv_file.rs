//! The CSV files the site serves (open data: results, postulates with
//! answers), written so a spreadsheet never runs a cell: a cell that starts
//! with `=`, `+`, `-`, `@`, a tab or a carriage return — what Excel,
//! LibreOffice and Google Sheets read as a formula — gets a leading `'`
//! (OWASP's advice for CSV injection). Every CSV goes through [`CsvFile`].
//! Server only.

use std::borrow::Cow;

/// A cell as written: text a spreadsheet would take for a formula is
/// neutralised with a leading apostrophe; anything else is unchanged.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A CSV file being written: a header row, then records.
pub struct CsvFile {
    out: csv::Writer<Vec<u8>>,
}

impl CsvFile {
    pub fn new(header: &[&str]) -> Result<Self, csv::Error> {
        let mut file = Self {
            out: csv::Writer::from_writer(Vec::new()),
        };
        file.record(header)?;
        Ok(file)
    }

    /// One record, every cell neutralised.
    pub fn record<I, S>(&mut self, cells: I) -> Result<(), csv::Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.out.write_record(
            cells
                .into_iter()
                .map(|c| neutralise(c.as_ref()).into_owned()),
        )
    }

    /// The file's bytes (UTF-8).
    pub fn finish(self) -> Result<Vec<u8>, csv::Error> {
        self.out.into_inner().map_err(|e| e.into_error().into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_other_text_is_kept() {
        for formula in ["=1+1", "+48 12", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(formula), format!("'{formula}"));
        }
        for plain in ["Więcej ławek", "12", "1.5", "a=b", ""] {
            assert_eq!(neutralise(plain), plain);
        }
        let mut file = CsvFile::new(&["text"]).unwrap();
        file.record(["=HYPERLINK(\"http://evil.example\")"])
            .unwrap();
        let text = String::from_utf8(file.finish().unwrap()).unwrap();
        assert_eq!(text, "text\n\"'=HYPERLINK(\"\"http://evil.example\"\")\"\n");
    }
}
