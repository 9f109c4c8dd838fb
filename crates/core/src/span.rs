use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a document's text.
///
/// Built only through [`Span::new`] (order checked) or [`Span::checked`] (order and
/// UTF-8 char boundaries checked against a text), so slicing with it cannot panic on
/// the text it was made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    start: u32,
    end: u32,
}

/// Why a span could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpanError {
    /// `start` is after `end`.
    #[error("span start {start} is after its end {end}")]
    Reversed {
        /// The start offset given.
        start: usize,
        /// The end offset given.
        end: usize,
    },
    /// An offset is past the end of the text or not on a char boundary.
    #[error("span [{start}, {end}) does not fit on char boundaries of a text of {len} bytes")]
    OutOfText {
        /// The start offset given.
        start: usize,
        /// The end offset given.
        end: usize,
        /// The text's length in bytes.
        len: usize,
    },
    /// An offset does not fit in 32 bits (documents are limited to 4 GiB).
    #[error("span offset {0} is too large (documents are limited to 4 GiB)")]
    TooLarge(usize),
}

impl Span {
    /// A span from `start` to `end` (exclusive); fails when `start > end`.
    pub fn new(start: usize, end: usize) -> Result<Span, SpanError> {
        if start > end {
            return Err(SpanError::Reversed { start, end });
        }
        let start32 = u32::try_from(start).map_err(|_| SpanError::TooLarge(start))?;
        let end32 = u32::try_from(end).map_err(|_| SpanError::TooLarge(end))?;
        Ok(Span {
            start: start32,
            end: end32,
        })
    }

    /// A span checked against `text`: in order, inside it, on char boundaries.
    pub fn checked(text: &str, start: usize, end: usize) -> Result<Span, SpanError> {
        let span = Span::new(start, end)?;
        if end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(SpanError::OutOfText {
                start,
                end,
                len: text.len(),
            });
        }
        Ok(span)
    }

    /// First byte offset.
    pub fn start(self) -> usize {
        self.start as usize
    }

    /// One past the last byte offset.
    pub fn end(self) -> usize {
        self.end as usize
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Whether `other` lies inside this span.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two spans share at least one byte.
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The text under the span, or `None` when the span does not fit `text`.
    pub fn slice(self, text: &str) -> Option<&str> {
        text.get(self.start()..self.end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reversed_span_is_an_error() {
        assert_eq!(
            Span::new(5, 3),
            Err(SpanError::Reversed { start: 5, end: 3 })
        );
    }

    #[test]
    fn checked_span_rejects_a_cut_through_a_char() {
        let text = "Kyiv–Moscow";
        // The en dash is three bytes, starting at 4.
        assert!(Span::checked(text, 0, 5).is_err());
        assert_eq!(
            Span::checked(text, 0, 4).map(|s| s.slice(text)),
            Ok(Some("Kyiv"))
        );
        assert_eq!(
            Span::checked(text, 0, 99).unwrap_err().to_string(),
            "span [0, 99) does not fit on char boundaries of a text of 13 bytes"
        );
    }

    #[test]
    fn cover_and_overlap() {
        let a = Span::new(2, 5).unwrap();
        let b = Span::new(4, 9).unwrap();
        assert!(a.overlaps(b));
        assert_eq!(a.cover(b), Span::new(2, 9).unwrap());
        assert!(!a.overlaps(Span::new(5, 6).unwrap()));
        assert!(a.cover(b).contains(a));
    }
}
