//! The text of an article as a reader sees it, with the structure needed to render it again.
//!
//! Loading turns a `.txt` or `.md` file into an [`ArticleText`]: one string holding every word a
//! reader sees (blocks separated by a blank line), plus the blocks and the inline markup as
//! byte ranges into that string. Anchoring matches quotes against `text`; rendering walks
//! `nodes`, so the source file is never parsed twice.

use std::ops::Range;

/// An article's visible text and its structure.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleText {
    /// Every character a reader sees, blocks separated by `"\n\n"`.
    pub text: String,
    /// Block structure in document order: containers open and close around leaf blocks.
    pub nodes: Vec<Node>,
}

/// One step of the block structure.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Open(Container),
    Close(Container),
    /// A block with inline content: a paragraph, a heading, a code block.
    Leaf(Leaf),
    /// A thematic break (`---` in Markdown).
    Rule,
}

/// Blocks that hold other blocks.
#[derive(Debug, Clone, PartialEq)]
pub enum Container {
    BlockQuote,
    List { ordered: bool, start: u64 },
    Item,
    Table,
    TableHead,
    TableRow,
    TableCell { head: bool },
}

/// A block of inline content, covering `range` of the article text.
#[derive(Debug, Clone, PartialEq)]
pub struct Leaf {
    pub kind: LeafKind,
    pub range: Range<usize>,
    /// Inline markup, properly nested, sorted by start (outer before inner at equal starts).
    pub inlines: Vec<Inline>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeafKind {
    Paragraph,
    Heading(u8),
    CodeBlock,
    /// Inline content directly inside a container (a tight list item, a table cell).
    Plain,
}

/// Inline markup over `range` of the article text.
#[derive(Debug, Clone, PartialEq)]
pub struct Inline {
    pub range: Range<usize>,
    pub tag: InlineTag,
}

#[derive(Debug, Clone, PartialEq)]
pub enum InlineTag {
    Emphasis,
    Strong,
    Strikethrough,
    Code,
    /// A link whose target passed the scheme check (no `javascript:` and the like).
    Link {
        href: String,
        title: String,
    },
    /// A hard line break: its range covers the `"\n"` it stands for in the text.
    LineBreak,
}

impl ArticleText {
    /// The leaf blocks in document order.
    pub fn leaves(&self) -> impl Iterator<Item = &Leaf> {
        self.nodes.iter().filter_map(|node| match node {
            Node::Leaf(leaf) => Some(leaf),
            _ => None,
        })
    }
}
