//! The extracted article, as HTML, into the text of a seed: Markdown (paragraphs, headings,
//! block quotes, lists, tables, emphasis and links as the page had them) or plain text.
//!
//! Every block is written twice, as Markdown and as the plain text a reader sees, and the
//! Markdown is kept only when the dossier's own Markdown reader reads it back as exactly that
//! text: a page's odd mix of emphasis and punctuation can then cost a block its emphasis,
//! never a word. The text is kept verbatim: white space collapsed as a browser does, nothing
//! reworded, nothing added.

use dom_query::{Document, NodeRef};

/// The form a seed is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Markdown,
    Plain,
}

/// One block of the article (a paragraph, a heading, a table...), in both forms.
pub struct Block {
    /// Markdown lines, without the prefixes of the containers around the block.
    markdown: String,
    /// The text a reader sees.
    pub plain: String,
    /// Whether it is a heading.
    pub heading: bool,
    /// The containers around it, outermost first.
    containers: Vec<Container>,
}

#[derive(Clone, PartialEq)]
enum Container {
    Quote,
    /// A list item, with its marker (`- `, `3. `), its own number and its list's.
    Item {
        marker: String,
        id: usize,
        list: usize,
    },
}

/// Elements whose content is never article text.
const SKIPPED: [&str; 16] = [
    "script", "style", "noscript", "template", "iframe", "svg", "img", "picture", "video", "audio",
    "button", "form", "input", "select", "textarea", "object",
];

/// Elements that end the block before them and start a new one.
const BLOCKS: [&str; 22] = [
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "address",
    "center",
    "hgroup",
    "nav",
    "details",
    "summary",
    "body",
    "html",
    "caption",
];

/// The article in `html` (a fragment) as a seed's text in `form`. `base` is the page's
/// address, against which relative links are made absolute.
pub fn write(html: &str, form: Form, base: Option<&url::Url>) -> String {
    serialise(&blocks(html, base), form)
}

/// The blocks of the article in `html` (a fragment), in the page's order.
pub fn blocks(html: &str, base: Option<&url::Url>) -> Vec<Block> {
    let document = Document::fragment(html);
    let mut writer = Writer {
        base,
        blocks: Vec::new(),
        inline: Inline::default(),
        containers: Vec::new(),
        items: 0,
        breaks: 0,
    };
    for child in document.root().children_it(false) {
        writer.node(&child);
    }
    writer.flush();
    writer.blocks
}

/// The blocks of plain text, one paragraph a line: what is written when the extractor gives
/// no HTML.
pub fn text_blocks(text: &str) -> Vec<Block> {
    text.lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .map(|line| Block {
            markdown: escape(&line, true),
            plain: line,
            heading: false,
            containers: Vec::new(),
        })
        .collect()
}

/// The blocks as a seed's text in `form`.
pub fn serialise(blocks: &[Block], form: Form) -> String {
    let mut out = String::new();
    let mut written_items: Vec<usize> = Vec::new();
    let mut last_item: Option<usize> = None;
    for block in blocks {
        // The items of one list follow each other on the next line (a tight list).
        let item = match block.containers.last() {
            Some(Container::Item { id, list, .. }) if !written_items.contains(id) => Some(*list),
            _ => None,
        };
        if !out.is_empty() {
            let tight = form == Form::Markdown && item.is_some() && item == last_item;
            out.push_str(if tight { "\n" } else { "\n\n" });
        }
        last_item = match block.containers.last() {
            Some(Container::Item { list, .. }) => Some(*list),
            _ => None,
        };
        if form == Form::Plain {
            out.push_str(&block.plain);
            continue;
        }
        // The first line carries a list item's marker the first time the item is written;
        // every other line is indented to the item's content.
        let mut first = String::new();
        let mut rest = String::new();
        for container in &block.containers {
            match container {
                Container::Quote => {
                    first.push_str("> ");
                    rest.push_str("> ");
                }
                Container::Item { marker, id, .. } => {
                    let indent = " ".repeat(marker.len());
                    if written_items.contains(id) {
                        first.push_str(&indent);
                    } else {
                        first.push_str(marker);
                        written_items.push(*id);
                    }
                    rest.push_str(&indent);
                }
            }
        }
        for (n, line) in block.markdown.split('\n').enumerate() {
            if n > 0 {
                out.push('\n');
            }
            out.push_str(if n == 0 { &first } else { &rest });
            out.push_str(line);
        }
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// The text of the block being read, in both forms. White space is held back until the next
/// visible character, and so are the openings of emphasis and links, so that no marker ends
/// up beside a space (where Markdown would not read it).
#[derive(Default)]
struct Inline {
    markdown: String,
    plain: String,
    space: bool,
    opening: Vec<&'static str>,
    /// For each open marker: whether it was written (it had visible content).
    open: Vec<bool>,
}

impl Inline {
    fn visible(&mut self, text: &str, escaped: &str) {
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

    fn text(&mut self, text: &str) {
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

    fn open(&mut self, marker: &'static str) {
        self.opening.push(marker);
        self.open.push(false);
    }

    /// Closes the innermost marker with `close`, when it was written.
    fn close(&mut self, close: &str) {
        if self.open.pop() == Some(true) {
            self.markdown.push_str(close);
        } else {
            self.opening.pop();
        }
    }

    fn line_break(&mut self) {
        if !self.plain.is_empty() && !self.plain.ends_with('\n') {
            self.markdown.push_str("\\\n");
            self.plain.push('\n');
        }
        self.space = false;
    }

    fn is_empty(&self) -> bool {
        self.plain.trim().is_empty()
    }
}

/// HTML's white space, which a browser collapses (not the no-break space).
fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

struct Writer<'a> {
    base: Option<&'a url::Url>,
    blocks: Vec<Block>,
    inline: Inline,
    containers: Vec<Container>,
    items: usize,
    /// Line breaks in a row: two end the paragraph, as pages use them.
    breaks: usize,
}

impl Writer<'_> {
    fn node(&mut self, node: &NodeRef) {
        if node.is_text() {
            let text = node.text();
            if !text.trim_matches(is_html_space).is_empty() {
                self.breaks = 0;
            }
            self.inline.text(&text);
            return;
        }
        if !node.is_element() {
            return;
        }
        let name = node
            .node_name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        let name = name.as_str();
        if SKIPPED.contains(&name) || node.has_attr("hidden") {
            return;
        }
        match name {
            "br" => {
                self.breaks += 1;
                if self.breaks >= 2 {
                    self.flush();
                } else {
                    self.inline.line_break();
                }
            }
            "hr" => self.flush(),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                self.children(node);
                let level = name[1..].parse::<usize>().unwrap_or(1);
                self.flush_as(Some(level));
            }
            "blockquote" => self.container(node, Container::Quote),
            "ul" | "ol" | "menu" => {
                self.flush();
                let ordered = name == "ol";
                self.items += 1;
                let list = self.items;
                let mut number = node
                    .attr("start")
                    .and_then(|s| s.trim().parse::<u64>().ok())
                    .unwrap_or(1)
                    .min(999_999_999);
                for child in node.children_it(false) {
                    let is_item = child.is_element()
                        && child
                            .node_name()
                            .is_some_and(|n| n.eq_ignore_ascii_case("li"));
                    if !is_item {
                        self.node(&child);
                        continue;
                    }
                    self.items += 1;
                    let marker = if ordered {
                        format!("{number}. ")
                    } else {
                        "- ".to_string()
                    };
                    number += 1;
                    let id = self.items;
                    self.container(&child, Container::Item { marker, id, list });
                }
            }
            "li" => {
                self.items += 1;
                let id = self.items;
                let item = Container::Item {
                    marker: "- ".into(),
                    id,
                    list: id,
                };
                self.container(node, item);
            }
            "pre" => {
                self.flush();
                self.pre(node);
            }
            "table" => {
                self.flush();
                self.table(node);
            }
            "em" | "i" | "cite" | "dfn" | "var" => self.marked(node, "*", "*"),
            "strong" | "b" => self.marked(node, "**", "**"),
            "del" | "s" | "strike" => self.marked(node, "~~", "~~"),
            "code" | "kbd" | "samp" | "tt" => self.code(node),
            "a" => self.link(node),
            _ if BLOCKS.contains(&name) => {
                self.flush();
                self.children(node);
                self.flush();
            }
            _ => self.children(node),
        }
    }

    fn children(&mut self, node: &NodeRef) {
        for child in node.children_it(false) {
            self.node(&child);
        }
    }

    fn container(&mut self, node: &NodeRef, container: Container) {
        self.flush();
        self.containers.push(container);
        self.children(node);
        self.flush();
        self.containers.pop();
    }

    fn marked(&mut self, node: &NodeRef, open: &'static str, close: &'static str) {
        self.inline.open(open);
        self.children(node);
        self.inline.close(close);
    }

    fn link(&mut self, node: &NodeRef) {
        let href = node.attr("href").and_then(|href| self.absolute(&href));
        // A link inside a link is only text.
        let Some(href) = href.filter(|_| !self.inline.opening.contains(&"[")) else {
            return self.children(node);
        };
        self.inline.open("[");
        self.children(node);
        self.inline.close(&format!("]({})", destination(&href)));
    }

    /// `href` as an absolute http(s) or mailto address, or nothing.
    fn absolute(&self, href: &str) -> Option<String> {
        let href = href.trim();
        let joined = match self.base {
            Some(base) => base.join(href).ok()?,
            None => url::Url::parse(href).ok()?,
        };
        matches!(joined.scheme(), "http" | "https" | "mailto").then(|| joined.to_string())
    }

    fn code(&mut self, node: &NodeRef) {
        let text = node.text().to_string();
        let text: String = text
            .split(is_html_space)
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if text.is_empty() {
            return;
        }
        let ticks = "`".repeat(longest_run(&text, '`') + 1);
        let pad = if text.starts_with('`') || text.ends_with('`') {
            " "
        } else {
            ""
        };
        let markdown = format!("{ticks}{pad}{text}{pad}{ticks}");
        self.inline.visible(&text, &markdown);
    }

    fn pre(&mut self, node: &NodeRef) {
        let text = node.text().to_string();
        let text = text.trim_matches('\n').replace("\r\n", "\n");
        if text.trim().is_empty() {
            return;
        }
        let fence = "`".repeat(longest_run(&text, '`').max(2) + 1);
        self.blocks.push(Block {
            markdown: format!("{fence}\n{text}\n{fence}"),
            plain: text,
            heading: false,
            containers: self.containers.clone(),
        });
    }

    fn table(&mut self, node: &NodeRef) {
        let mut rows: Vec<Vec<(String, String)>> = Vec::new();
        for row in node.descendants_it() {
            if !row
                .node_name()
                .is_some_and(|n| n.eq_ignore_ascii_case("tr"))
            {
                continue;
            }
            let mut cells = Vec::new();
            for cell in row.children_it(false) {
                let is_cell = cell
                    .node_name()
                    .is_some_and(|n| n.eq_ignore_ascii_case("td") || n.eq_ignore_ascii_case("th"));
                if is_cell {
                    cells.push(self.cell(&cell));
                }
            }
            if cells.iter().any(|(_, plain)| !plain.is_empty()) {
                rows.push(cells);
            }
        }
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        let line = |cells: &[(String, String)], markdown: bool| -> String {
            let mut parts: Vec<&str> = cells
                .iter()
                .map(|(m, p)| if markdown { m.as_str() } else { p.as_str() })
                .collect();
            parts.resize(columns, "");
            if markdown {
                format!("| {} |", parts.join(" | "))
            } else {
                parts
                    .into_iter()
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            }
        };
        let mut markdown = vec![
            line(&rows[0], true),
            format!("|{}", " --- |".repeat(columns)),
        ];
        markdown.extend(rows[1..].iter().map(|row| line(row, true)));
        let plain: Vec<String> = rows.iter().map(|row| line(row, false)).collect();
        self.blocks.push(Block {
            markdown: markdown.join("\n"),
            plain: plain.join("\n"),
            heading: false,
            containers: self.containers.clone(),
        });
    }

    /// A table cell's text in both forms, on one line.
    fn cell(&self, cell: &NodeRef) -> (String, String) {
        let mut inner = Writer {
            base: self.base,
            blocks: Vec::new(),
            inline: Inline::default(),
            containers: Vec::new(),
            items: 0,
            breaks: 0,
        };
        inner.children(cell);
        inner.flush();
        let plain = inner
            .blocks
            .iter()
            .map(|b| b.plain.replace('\n', " "))
            .collect::<Vec<_>>()
            .join(" ");
        let markdown = inner
            .blocks
            .iter()
            .map(|b| {
                b.markdown
                    .replace("\\\n", " ")
                    .replace('\n', " ")
                    .replace('|', "\\|")
            })
            .collect::<Vec<_>>()
            .join(" ");
        (markdown, plain)
    }

    fn flush(&mut self) {
        self.flush_as(None);
    }

    /// Ends the block being read, as a heading of `level` or as a paragraph.
    fn flush_as(&mut self, heading: Option<usize>) {
        let inline = std::mem::take(&mut self.inline);
        self.breaks = 0;
        if inline.is_empty() {
            return;
        }
        let plain = inline.plain.trim_end().to_string();
        let mut markdown = inline
            .markdown
            .trim_end()
            .trim_end_matches("\\\n")
            .to_string();
        if let Some(level) = heading {
            // A heading is one line.
            markdown = format!(
                "{} {}",
                "#".repeat(level.min(6)),
                markdown.replace("\\\n", " ")
            );
        }
        let plain = if heading.is_some() {
            plain.replace('\n', " ")
        } else {
            plain
        };
        // The Markdown must read back as exactly the plain text; if it does not, the block is
        // written as escaped text (its emphasis and links lost, its words kept).
        let markdown = if reads_as(&markdown, &plain) {
            markdown
        } else {
            let escaped: Vec<String> = plain.split('\n').map(|l| escape(l, true)).collect();
            let escaped = escaped.join("\\\n");
            match heading {
                Some(level) => format!("{} {}", "#".repeat(level.min(6)), escaped),
                None => escaped,
            }
        };
        self.blocks.push(Block {
            markdown,
            plain,
            heading: heading.is_some(),
            containers: self.containers.clone(),
        });
    }
}

/// Whether the dossier reads `markdown` as the text `plain`.
fn reads_as(markdown: &str, plain: &str) -> bool {
    let read = crate::load::markdown::parse(markdown);
    let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    words(&read.text) == words(plain)
}

/// The longest run of `c` in `text`.
fn longest_run(text: &str, c: char) -> usize {
    let (mut longest, mut run) = (0, 0);
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// A link destination Markdown reads whole.
fn destination(href: &str) -> String {
    if href.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", href.replace('<', "%3C").replace('>', "%3E"))
    } else {
        href.to_string()
    }
}

/// `word` with what Markdown would read as markup escaped; `line_start` when it opens a line,
/// where `#`, `>`, `-`, `+`, `=` and `1.` mean something too.
fn escape(word: &str, line_start: bool) -> String {
    let mut out = String::with_capacity(word.len() + 4);
    let chars: Vec<char> = word.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let escape = match c {
            '\\' | '*' | '_' | '`' | '[' | ']' | '~' => true,
            // Only where it could start a tag or an autolink.
            '<' => chars
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
            // Only where it could start an entity.
            '&' => entity_follows(&chars[i + 1..]),
            '#' | '>' | '+' | '=' | '-' | '|' => line_start && i == 0,
            '.' | ')' => {
                line_start && i > 0 && i <= 9 && chars[..i].iter().all(char::is_ascii_digit)
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn entity_follows(rest: &[char]) -> bool {
    let name: Vec<&char> = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .collect();
    !name.is_empty() && rest.get(name.len()) == Some(&';')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(html: &str) -> String {
        write(
            html,
            Form::Markdown,
            url::Url::parse("https://example.org/news/a").ok().as_ref(),
        )
    }

    #[test]
    fn blocks_and_inline_markup() {
        let html = "<h1>The  headline</h1><p>A <em>bold</em> claim, <strong> said</strong> \
                    <a href=\"/b\">the mayor</a>.</p><blockquote><p>Quoted.</p><p>Twice.</p></blockquote>\
                    <ul><li>one</li><li>two</li></ul><ol start=\"3\"><li>three</li></ol>";
        assert_eq!(
            md(html),
            "# The headline\n\nA *bold* claim, **said** [the mayor](https://example.org/b).\n\n\
             > Quoted.\n\n> Twice.\n\n- one\n- two\n\n3. three\n"
        );
        assert_eq!(
            write(html, Form::Plain, None),
            "The headline\n\nA bold claim, said the mayor.\n\nQuoted.\n\nTwice.\n\none\n\ntwo\n\nthree\n"
        );
    }

    #[test]
    fn markup_in_the_text_is_escaped_and_reads_back_verbatim() {
        let html = "<p>1. Not a list * nor _this_ [nor](this) &amp;amp; <b>x</b></p><p># not a heading</p><p>- nor this</p>";
        let out = md(html);
        let read = crate::load::markdown::parse(&out);
        assert_eq!(
            read.text,
            "1. Not a list * nor _this_ [nor](this) &amp; x\n\n# not a heading\n\n- nor this"
        );
    }

    #[test]
    fn scripts_images_and_unsafe_links_are_left_out() {
        let html = "<p>Text<script>alert(1)</script><img alt=\"x\" src=\"y\"> \
                    <a href=\"javascript:alert(1)\">here</a></p><style>p{}</style>";
        assert_eq!(md(html), "Text here\n");
    }

    #[test]
    fn two_line_breaks_end_a_paragraph_and_one_is_kept() {
        let out = md("<div>First line<br>second line<br><br>Next paragraph</div>");
        assert_eq!(out, "First line\\\nsecond line\n\nNext paragraph\n");
        let read = crate::load::markdown::parse(&out);
        assert_eq!(read.text, "First line\nsecond line\n\nNext paragraph");
    }

    #[test]
    fn emphasis_markdown_cannot_read_falls_back_to_plain_text() {
        // `**` between a letter and a quotation mark does not open emphasis in Markdown.
        let out = md("<p>word<b>\"quoted\"</b>word</p>");
        let read = crate::load::markdown::parse(&out);
        assert_eq!(read.text, "word\"quoted\"word");
    }

    #[test]
    fn tables_become_tables() {
        let out = md(
            "<table><tr><th>Name</th><th>Votes</th></tr><tr><td>A|B</td><td>3</td></tr></table>",
        );
        assert_eq!(out, "| Name | Votes |\n| --- | --- |\n| A\\|B | 3 |\n");
    }
}
