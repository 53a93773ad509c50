//! The extracted article, as HTML, into the text of a seed: Markdown (paragraphs, headings,
//! block quotes, lists, tables, emphasis and links as the page had them) or plain text.
//!
//! Every block is written twice, as Markdown and as the plain text a reader sees, and the
//! Markdown is kept only when the dossier's own Markdown reader reads it back as exactly that
//! text: a page's odd mix of emphasis and punctuation can then cost a block its emphasis,
//! never a word. The text is kept verbatim: white space collapsed as a browser does, nothing
//! reworded, nothing added.

use dom_query::{Document, NodeRef};

mod escape;
mod inline;
mod table;

use escape::{destination, escape, longest_run};
use inline::{Inline, is_html_space};

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

#[cfg(test)]
mod tests;
