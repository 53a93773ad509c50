//! Calendar dates as annotations write them: a day (`2017-03-02`), or, when the record only
//! gives a month or a year, `2017-03` or `2017`.

use std::fmt;

/// A date with day, month or year precision. Orders chronologically; a less precise date sorts
/// before the more precise dates inside it (`2017-03` before `2017-03-01`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; the error says what is wrong in words.
    pub fn parse(text: &str) -> Result<Date, String> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let number = |part: &str, digits: usize, what: &str| -> Result<u32, String> {
            if part.len() != digits || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("the {what} must be {digits} digits"));
            }
            part.parse::<u32>().map_err(|e| e.to_string())
        };
        let shape = "write dates as YYYY-MM-DD (or YYYY-MM, or YYYY when only that is known)";
        if parts.is_empty() || parts.len() > 3 {
            return Err(format!("`{text}` is not a date: {shape}"));
        }
        let year = number(parts[0], 4, "year").map_err(|e| format!("`{text}`: {e}; {shape}"))?;
        let mut date = Date {
            year: year as i32,
            month: None,
            day: None,
        };
        if let Some(month) = parts.get(1) {
            let month = number(month, 2, "month").map_err(|e| format!("`{text}`: {e}; {shape}"))?;
            if !(1..=12).contains(&month) {
                return Err(format!("`{text}` is not a date: there is no month {month}"));
            }
            date.month = Some(month as u8);
        }
        if let Some(day) = parts.get(2) {
            let day = number(day, 2, "day").map_err(|e| format!("`{text}`: {e}; {shape}"))?;
            let month = date.month.unwrap_or(1);
            let last = days_in_month(date.year, month);
            if day == 0 || day > u32::from(last) {
                return Err(format!(
                    "`{text}` is not a date: {} {} has {last} days",
                    MONTHS[usize::from(month) - 1],
                    date.year
                ));
            }
            date.day = Some(day as u8);
        }
        Ok(date)
    }

    /// The date for readers: `2 March 2017`, `March 2017` or `2017`.
    pub fn human(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", MONTHS[usize::from(m) - 1], self.year),
            (Some(m), None) => format!("{} {}", MONTHS[usize::from(m) - 1], self.year),
            _ => self.year.to_string(),
        }
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// ISO 8601 form, as written in the annotations.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision_and_prints_it_back() {
        for text in ["2017-03-02", "2017-03", "2017"] {
            assert_eq!(Date::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(Date::parse("2017-03-02").unwrap().human(), "2 March 2017");
        assert_eq!(Date::parse("2016-07").unwrap().human(), "July 2016");
    }

    #[test]
    fn rejects_dates_that_do_not_exist() {
        assert!(Date::parse("2017-02-29").unwrap_err().contains("28 days"));
        assert!(Date::parse("2016-02-29").is_ok());
        assert!(Date::parse("1900-02-29").is_err());
        assert!(Date::parse("2000-02-29").is_ok());
        assert!(
            Date::parse("2017-13-01")
                .unwrap_err()
                .contains("no month 13")
        );
        assert!(Date::parse("2017-04-31").is_err());
        assert!(Date::parse("2017-3-1").is_err());
        assert!(Date::parse("March 2017").is_err());
        assert!(Date::parse("").is_err());
    }

    #[test]
    fn orders_chronologically_with_coarser_dates_first() {
        let d = |t| Date::parse(t).unwrap();
        assert!(d("2016-12-31") < d("2017"));
        assert!(d("2017-03") < d("2017-03-01"));
        assert!(d("2017-03-01") < d("2017-03-02"));
    }
}
