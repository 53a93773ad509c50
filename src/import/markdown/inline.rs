//! The text of one block as it is read, in both forms: white space collapsed as a browser
//! does, and the markers of emphasis and links written only around visible text.

use super::escape;

/// The text of the block being read, in both forms. White space is held back until the next
/// visible character, and so are the openings of emphasis and links, so that no marker ends
/// up beside a space (where Markdown would not read it).
#[derive(Default)]
pub(super) struct Inline {
    pub(super) markdown: String,
    pub(super) plain: String,
    pub(super) space: bool,
    pub(super) opening: Vec<&'static str>,
    /// For each open marker: whether it was written (it had visible content).
    pub(super) open: Vec<bool>,
}

impl Inline {
    pub(super) fn visible(&mut self, text: &str, escaped: &str) {
        if self.space && !self.plain.is_empty() && !self.plain.ends_with('\n') {
            self.markdown.push(' ');
            self.plain.push(' ');
        }
        self.space = false;
        for marker in self.opening.drain(..) {
            self.markdown.push_str(marker);
        }
        for written in self.open.iter_mut() {
            *written = true;
        }
        self.markdown.push_str(escaped);
        self.plain.push_str(text);
    }

    pub(super) fn text(&mut self, text: &str) {
        for (n, word) in text.split(is_html_space).enumerate() {
            if n > 0 {
                self.space = true;
            }
            if !word.is_empty() {
                let at_start = self.plain.is_empty() || self.plain.ends_with('\n');
                let escaped = escape(word, at_start && !self.space);
                self.visible(word, &escaped);
            }
        }
    }

    pub(super) fn open(&mut self, marker: &'static str) {
        self.opening.push(marker);
        self.open.push(false);
    }

    /// Closes the innermost marker with `close`, when it was written.
    pub(super) fn close(&mut self, close: &str) {
        if self.open.pop() == Some(true) {
            self.markdown.push_str(close);
        } else {
            self.opening.pop();
        }
    }

    pub(super) fn line_break(&mut self) {
        if !self.plain.is_empty() && !self.plain.ends_with('\n') {
            self.markdown.push_str("\\\n");
            self.plain.push('\n');
        }
        self.space = false;
    }

    pub(super) fn is_empty(&self) -> bool {
        self.plain.trim().is_empty()
    }
}

/// HTML's white space, which a browser collapses (not the no-break space).
pub(super) fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}
