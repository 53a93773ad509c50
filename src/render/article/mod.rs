//! An article's text as HTML, with its annotations highlighted in place.
//!
//! Each highlight becomes `<mark>` elements carrying `data-person`, `data-claim` or
//! `data-correction`. Highlights may overlap each other and the article's own inline markup,
//! so the text is cut at every boundary and, for each piece, the open elements are brought to
//! exactly the ones that cover it: the article's markup outermost, then the marks by start.
//! Elements are closed and reopened where they cross, which always gives valid nesting. A
//! person's mention links to the person's page; a claim or correction is followed by a small
//! link to its page, placed where no other link is open (links may not nest). A passage the
//! article shares with another (`render::shared`) is a `<span class="shared">` inside the
//! markup and outside the marks, followed by a link to the same passage in the other.

mod elements;

use std::ops::Range;

use super::markdown::{escape, escape_into};
use super::overlap::{Cover, Overlaps};
use super::shared::SharedSpan;
use crate::model::text::{Container, InlineTag, Leaf, LeafKind, Node};
use crate::model::{Article, Dossier, HighlightTarget, LayoutRole};

/// An article rendered: the layout spans that belong in its header, and its body.
pub struct ArticleHtml {
    /// Headline, standfirst, byline and dateline spans, in text order.
    pub header: Vec<(LayoutRole, String)>,
    pub body: String,
}

/// Renders article `index`; `root` is the relative path from the article page to the site
/// root.
pub fn render(dossier: &Dossier, index: usize, root: &str) -> ArticleHtml {
    let article = &dossier.articles[index];
    let shared = super::shared::spans(dossier, index);
    let renderer = Renderer {
        dossier,
        article,
        root,
        overlaps: std::cell::RefCell::new(Overlaps::new(
            article.highlights.iter().map(|h| &h.range),
        )),
        shared: &shared,
        shared_overlaps: std::cell::RefCell::new(Overlaps::new(shared.iter().map(|s| &s.range))),
        late_notes: std::cell::RefCell::new(Vec::new()),
    };
    let mut header = Vec::new();
    let mut body = String::with_capacity(article.text.text.len() * 2);
    let mut open: Vec<&Container> = Vec::new();
    for node in &article.text.nodes {
        match node {
            Node::Open(container) => {
                body.push_str(&open_container(container));
                open.push(container);
            }
            Node::Close(_) => {
                if let Some(container) = open.pop() {
                    body.push_str(close_container(container));
                }
            }
            Node::Rule => body.push_str("<hr>\n"),
            Node::Leaf(leaf) => renderer.leaf(leaf, &mut header, &mut body),
        }
    }
    ArticleHtml { header, body }
}

fn open_container(container: &Container) -> String {
    match container {
        Container::BlockQuote => "<blockquote>\n".into(),
        Container::List {
            ordered: true,
            start: 1,
        } => "<ol>\n".into(),
        Container::List {
            ordered: true,
            start,
        } => format!("<ol start=\"{start}\">\n"),
        Container::List { ordered: false, .. } => "<ul>\n".into(),
        Container::Item => "<li>".into(),
        Container::Table => "<table>\n".into(),
        Container::TableHead => "<thead><tr>".into(),
        Container::TableRow => "<tr>".into(),
        Container::TableCell { head: true } => "<th>".into(),
        Container::TableCell { head: false } => "<td>".into(),
    }
}

fn close_container(container: &Container) -> &'static str {
    match container {
        Container::BlockQuote => "</blockquote>\n",
        Container::List { ordered: true, .. } => "</ol>\n",
        Container::List { ordered: false, .. } => "</ul>\n",
        Container::Item => "</li>\n",
        Container::Table => "</table>\n",
        Container::TableHead => "</tr></thead>\n",
        Container::TableRow => "</tr>\n",
        Container::TableCell { head: true } => "</th>",
        Container::TableCell { head: false } => "</td>",
    }
}

struct Renderer<'a> {
    dossier: &'a Dossier,
    article: &'a Article,
    root: &'a str,
    /// The highlights of each range rendered, found in one sweep down the text.
    overlaps: std::cell::RefCell<Overlaps<'a>>,
    /// The passages shared with other articles, and those of each range rendered.
    shared: &'a [SharedSpan],
    shared_overlaps: std::cell::RefCell<Overlaps<'a>>,
    /// The highlights that start inside a link, whose margin note waits for their end (a
    /// note holds a link, and links may not nest).
    late_notes: std::cell::RefCell<Vec<usize>>,
}

/// An element open while rendering a piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Element {
    /// The article's own inline markup, by index into the leaf's inlines.
    Inline(usize),
    /// A highlight, by index into the article's highlights.
    Mark(usize),
    /// The link inside a person's mention, by the highlight's index.
    PersonLink(usize),
    /// A passage shared with another article, by index into the renderer's `shared`.
    Shared(usize),
}

/// A small link waiting for the end of the link it would otherwise fall inside.
#[derive(Debug, Clone, Copy)]
enum Pending {
    /// A claim's or correction's note, by the highlight's index.
    Note(usize),
    /// The link to the same passage in the other article.
    Shared(usize),
}

impl Renderer<'_> {
    /// A leaf block: layout spans go to the header (or, for captions, stay in place); what
    /// remains is body text in the leaf's own element.
    fn leaf(&self, leaf: &Leaf, header: &mut Vec<(LayoutRole, String)>, body: &mut String) {
        let mut cursor = leaf.range.start;
        let spans = self.article.layout.iter().filter(|span| {
            leaf.range.start <= span.range.start && span.range.end <= leaf.range.end
        });
        for span in spans {
            self.body_piece(leaf, cursor..span.range.start, body);
            let html = self.range(leaf, span.range.clone());
            if span.role == LayoutRole::Caption {
                body.push_str("<p class=\"caption\">");
                body.push_str(&html);
                body.push_str("</p>\n");
            } else {
                header.push((span.role, html));
            }
            cursor = span.range.end;
        }
        self.body_piece(leaf, cursor..leaf.range.end, body);
    }

    fn body_piece(&self, leaf: &Leaf, range: Range<usize>, body: &mut String) {
        let text = &self.article.text.text[range.clone()];
        let start = range.start + (text.len() - text.trim_start().len());
        let end = range.end - (text.len() - text.trim_end().len());
        if start >= end {
            return;
        }
        let html = self.range(leaf, start..end);
        let (open, close) = match leaf.kind {
            LeafKind::Paragraph => ("<p>".to_string(), "</p>\n".to_string()),
            LeafKind::Heading(level) => {
                let level = (level + 1).min(6);
                (format!("<h{level}>"), format!("</h{level}>\n"))
            }
            LeafKind::CodeBlock => ("<pre><code>".to_string(), "</code></pre>\n".to_string()),
            LeafKind::Plain => (String::new(), String::new()),
        };
        body.push_str(&open);
        body.push_str(&html);
        body.push_str(&close);
    }

    /// The HTML of `range` of a leaf, with its markup and highlights.
    fn range(&self, leaf: &Leaf, range: Range<usize>) -> String {
        let text = &self.article.text.text;
        let highlights: Vec<usize> = self.overlaps.borrow_mut().of(&range);
        let shared: Vec<usize> = self.shared_overlaps.borrow_mut().of(&range);
        let inlines: Vec<usize> = (0..leaf.inlines.len())
            .filter(|&i| {
                let r = &leaf.inlines[i].range;
                r.start < range.end && range.start < r.end
            })
            .collect();
        let mut cuts: Vec<usize> = vec![range.start, range.end];
        for &i in &highlights {
            let r = &self.article.highlights[i].range;
            cuts.extend([r.start.max(range.start), r.end.min(range.end)]);
        }
        for &i in &inlines {
            let r = &leaf.inlines[i].range;
            cuts.extend([r.start.max(range.start), r.end.min(range.end)]);
        }
        for &i in &shared {
            let r = &self.shared[i].range;
            cuts.extend([r.start.max(range.start), r.end.min(range.end)]);
        }
        cuts.sort_unstable();
        cuts.dedup();

        // The markup covering each piece, in its order; the marks covering it, outer ones
        // first: by start, then the longer one.
        let mut inline_cover = Cover::new(
            &range,
            inlines.iter().map(|&i| (leaf.inlines[i].range.clone(), i)),
        );
        let mut mark_cover = Cover::new(
            &range,
            highlights.iter().map(|&i| {
                let r = &self.article.highlights[i].range;
                (r.clone(), (r.start, std::cmp::Reverse(r.end), i))
            }),
        );
        let mut shared_cover = Cover::new(
            &range,
            shared.iter().map(|&i| {
                let r = &self.shared[i].range;
                (r.clone(), (r.start, std::cmp::Reverse(r.end), i))
            }),
        );
        // Where notes crowd one passage, the margin shows each on one line.
        let crowded = highlights
            .iter()
            .filter(|&&i| {
                let h = &self.article.highlights[i];
                range.contains(&h.range.start) && !matches!(h.target, HighlightTarget::Person(_))
            })
            .count()
            > 1;
        let mut out = String::with_capacity((range.end - range.start) * 2);
        let mut stack: Vec<Element> = Vec::new();
        let mut pending_refs: Vec<Pending> = Vec::new();
        for piece in cuts.windows(2) {
            let (from, to) = (piece[0], piece[1]);
            let mut wanted: Vec<Element> = inline_cover.at(from).map(Element::Inline).collect();
            let in_link = wanted.iter().any(|e| matches!(e, Element::Inline(i) if matches!(leaf.inlines[*i].tag, InlineTag::Link { .. })));
            wanted.extend(shared_cover.at(from).map(|(_, _, i)| Element::Shared(i)));
            let marks: Vec<usize> = mark_cover.at(from).map(|(_, _, i)| i).collect();
            wanted.extend(marks.iter().map(|&i| Element::Mark(i)));
            let person = marks.iter().rev().find(|&&i| {
                matches!(
                    self.article.highlights[i].target,
                    HighlightTarget::Person(_)
                )
            });
            if let (Some(&person), false) = (person, in_link) {
                wanted.push(Element::PersonLink(person));
            }

            let common = stack
                .iter()
                .zip(&wanted)
                .take_while(|(a, b)| a == b)
                .count();
            while stack.len() > common {
                let element = stack.pop().expect("stack longer than common prefix");
                out.push_str(&self.close(leaf, element));
                if let Some(pending) = self.ends_here(element, from) {
                    pending_refs.push(pending);
                }
            }
            if !stack.iter().any(|e| self.is_link(leaf, *e)) {
                for pending in pending_refs.drain(..) {
                    out.push_str(&self.pending_ref(pending));
                }
            }
            for &element in &wanted[common..] {
                // A claim's or correction's margin note goes just before its first mark, so
                // that it starts level with the highlight.
                if let Element::Mark(i) = element {
                    let h = &self.article.highlights[i];
                    if h.range.start == from && !matches!(h.target, HighlightTarget::Person(_)) {
                        if stack.iter().any(|e| self.is_link(leaf, *e)) {
                            self.late_notes.borrow_mut().push(i);
                        } else {
                            out.push_str(&self.margin_note(i, crowded));
                        }
                    }
                }
                out.push_str(&self.open(leaf, element, from));
                stack.push(element);
            }
            let is_break = wanted.iter().any(
                |e| matches!(e, Element::Inline(i) if leaf.inlines[*i].tag == InlineTag::LineBreak),
            );
            if is_break {
                out.push_str("<br>\n");
            } else {
                escape_into(&mut out, &text[from..to]);
            }
        }
        while let Some(element) = stack.pop() {
            out.push_str(&self.close(leaf, element));
            if let Some(pending) = self.ends_here(element, range.end) {
                pending_refs.push(pending);
            }
        }
        for pending in pending_refs {
            out.push_str(&self.pending_ref(pending));
        }
        out
    }

    /// The link due after `element`, closed at `at`, when `at` is its very end: a claim's
    /// or correction's note, or the other side of a shared passage.
    fn ends_here(&self, element: Element, at: usize) -> Option<Pending> {
        match element {
            Element::Mark(i) => {
                let h = &self.article.highlights[i];
                (h.range.end == at && !matches!(h.target, HighlightTarget::Person(_)))
                    .then_some(Pending::Note(i))
            }
            Element::Shared(i) => (self.shared[i].range.end == at).then_some(Pending::Shared(i)),
            _ => None,
        }
    }

    fn pending_ref(&self, pending: Pending) -> String {
        match pending {
            Pending::Note(i) => self.note_ref(i),
            Pending::Shared(i) => self.shared_ref(i),
        }
    }
}

#[cfg(test)]
mod tests;
