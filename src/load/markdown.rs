//! Markdown articles (`.md`) into an [`ArticleText`], with pulldown-cmark.
//!
//! The text a reader sees is collected from the parser's text events, so anchors match across
//! emphasis, links and code spans. Raw HTML in an article is kept as visible text and escaped
//! when rendered: an article is quoted verbatim, never trusted as markup.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::model::text::{ArticleText, Container, Inline, InlineTag, Leaf, LeafKind, Node};

/// Parses a Markdown article body (front matter already removed).
pub fn parse(source: &str) -> ArticleText {
    let mut builder = Builder::default();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut in_table_head = false;
    for event in Parser::new_ext(source, options) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph | Tag::HtmlBlock => builder.open_leaf(LeafKind::Paragraph),
                Tag::Heading { level, .. } => builder.open_leaf(LeafKind::Heading(level as u8)),
                Tag::CodeBlock(_) => builder.open_leaf(LeafKind::CodeBlock),
                Tag::BlockQuote(_) => builder.open(Container::BlockQuote),
                Tag::List(start) => builder.open(Container::List {
                    ordered: start.is_some(),
                    start: start.unwrap_or(1),
                }),
                Tag::Item => builder.open(Container::Item),
                Tag::Table(_) => builder.open(Container::Table),
                Tag::TableHead => {
                    in_table_head = true;
                    builder.open(Container::TableHead);
                }
                Tag::TableRow => builder.open(Container::TableRow),
                Tag::TableCell => builder.open(Container::TableCell {
                    head: in_table_head,
                }),
                Tag::Emphasis => builder.open_inline(Some(InlineTag::Emphasis)),
                Tag::Strong => builder.open_inline(Some(InlineTag::Strong)),
                Tag::Strikethrough => builder.open_inline(Some(InlineTag::Strikethrough)),
                Tag::Link {
                    dest_url, title, ..
                } => builder.open_inline(safe_href(&dest_url).map(|href| InlineTag::Link {
                    href,
                    title: title.to_string(),
                })),
                // An image's alternative text stays as text; the image itself is not shown.
                _ => builder.open_inline(None),
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph | TagEnd::HtmlBlock | TagEnd::Heading(_) | TagEnd::CodeBlock => {
                    builder.close_leaf()
                }
                TagEnd::BlockQuote(_) => builder.close(Container::BlockQuote),
                TagEnd::List(ordered) => builder.close(Container::List { ordered, start: 1 }),
                TagEnd::Item => builder.close(Container::Item),
                TagEnd::Table => builder.close(Container::Table),
                TagEnd::TableHead => {
                    in_table_head = false;
                    builder.close(Container::TableHead);
                }
                TagEnd::TableRow => builder.close(Container::TableRow),
                TagEnd::TableCell => builder.close(Container::TableCell { head: false }),
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionList
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition
                | TagEnd::MetadataBlock(_)
                | TagEnd::Superscript
                | TagEnd::Subscript => builder.close_inline(),
            },
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => {
                builder.push_text(&text)
            }
            Event::Code(text) => {
                builder.open_inline(Some(InlineTag::Code));
                builder.push_text(&text);
                builder.close_inline();
            }
            Event::SoftBreak => builder.push_text("\n"),
            Event::HardBreak => {
                builder.open_inline(Some(InlineTag::LineBreak));
                builder.push_text("\n");
                builder.close_inline();
            }
            Event::Rule => {
                builder.close_leaf();
                builder.nodes.push(Node::Rule);
            }
            Event::TaskListMarker(done) => builder.push_text(if done { "[x] " } else { "[ ] " }),
            Event::FootnoteReference(name) => builder.push_text(&format!("[{name}]")),
            Event::InlineMath(text) | Event::DisplayMath(text) => builder.push_text(&text),
        }
    }
    builder.close_leaf();
    ArticleText {
        text: builder.text,
        nodes: builder.nodes,
    }
}

/// Keeps a link target only when it cannot run code: http(s), mailto, or a relative target.
pub fn safe_href(href: &str) -> Option<String> {
    let trimmed = href.trim();
    let scheme_end = trimmed.find(':');
    let path_start = trimmed.find(['/', '?', '#']).unwrap_or(trimmed.len());
    match scheme_end {
        Some(end) if end < path_start => {
            let scheme = trimmed[..end].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto").then(|| trimmed.to_string())
        }
        _ => Some(trimmed.to_string()),
    }
}

#[derive(Default)]
struct Builder {
    text: String,
    nodes: Vec<Node>,
    /// The open leaf: its kind, where its text starts, and where the text stood before its
    /// separator (to take the separator back if the leaf stays empty).
    leaf: Option<(LeafKind, usize, usize)>,
    inlines: Vec<Inline>,
    /// Open inline tags with their start; `None` for tags that are not rendered.
    open_inlines: Vec<(usize, Option<InlineTag>)>,
}

impl Builder {
    fn open(&mut self, container: Container) {
        self.close_leaf();
        self.nodes.push(Node::Open(container));
    }

    fn close(&mut self, container: Container) {
        self.close_leaf();
        self.nodes.push(Node::Close(container));
    }

    fn open_leaf(&mut self, kind: LeafKind) {
        self.close_leaf();
        let before = self.text.len();
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        self.leaf = Some((kind, self.text.len(), before));
    }

    fn close_leaf(&mut self) {
        let Some((kind, start, before)) = self.leaf.take() else {
            return;
        };
        // Inline tags still open at the end of a block end with it.
        while !self.open_inlines.is_empty() {
            self.close_inline();
        }
        let inlines = std::mem::take(&mut self.inlines);
        if self.text.len() == start {
            self.text.truncate(before);
            return;
        }
        let mut inlines: Vec<Inline> = inlines
            .into_iter()
            .filter(|inline| !inline.range.is_empty())
            .collect();
        inlines.sort_by_key(|inline| (inline.range.start, std::cmp::Reverse(inline.range.end)));
        self.nodes.push(Node::Leaf(Leaf {
            kind,
            range: start..self.text.len(),
            inlines,
        }));
    }

    fn open_inline(&mut self, tag: Option<InlineTag>) {
        if self.leaf.is_none() {
            self.open_leaf(LeafKind::Plain);
        }
        self.open_inlines.push((self.text.len(), tag));
    }

    fn close_inline(&mut self) {
        if let Some((start, Some(tag))) = self.open_inlines.pop() {
            self.inlines.push(Inline {
                range: start..self.text.len(),
                tag,
            });
        }
    }

    fn push_text(&mut self, text: &str) {
        if self.leaf.is_none() {
            self.open_leaf(LeafKind::Plain);
        }
        self.text.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_text_skips_markup_and_keeps_its_ranges() {
        let article = parse("# Title\n\nJeff *Sessions* met [the envoy](https://example.org/x).\n");
        assert_eq!(article.text, "Title\n\nJeff Sessions met the envoy.");
        let leaves: Vec<_> = article.leaves().collect();
        assert_eq!(leaves.len(), 2);
        assert_eq!(leaves[0].kind, LeafKind::Heading(1));
        let emphasis = &leaves[1].inlines[0];
        assert_eq!(&article.text[emphasis.range.clone()], "Sessions");
        assert_eq!(emphasis.tag, InlineTag::Emphasis);
        let link = &leaves[1].inlines[1];
        assert_eq!(&article.text[link.range.clone()], "the envoy");
    }

    #[test]
    fn dangerous_links_lose_their_target() {
        let article = parse("[click](javascript:alert(1)) and [ok](/x) and [mail](mailto:a@b.c)");
        let links: Vec<_> = article.leaves().flat_map(|l| l.inlines.iter()).collect();
        assert_eq!(links.len(), 2);
        assert_eq!(safe_href("JavaScript:alert(1)"), None);
        assert_eq!(safe_href("data:text/html,x"), None);
        assert_eq!(safe_href("../a/b?x=y:z").as_deref(), Some("../a/b?x=y:z"));
    }

    #[test]
    fn raw_html_is_kept_as_text() {
        let article = parse("Before <script>alert(1)</script> after\n");
        assert!(article.text.contains("<script>alert(1)</script>"));
    }

    #[test]
    fn containers_wrap_their_blocks() {
        let article = parse("> quoted\n\n- one\n- two\n");
        assert_eq!(article.text, "quoted\n\none\n\ntwo");
        assert!(matches!(
            article.nodes[0],
            Node::Open(Container::BlockQuote)
        ));
        assert_eq!(article.leaves().count(), 3);
    }
}
