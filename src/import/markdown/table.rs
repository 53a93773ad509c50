//! Tables: a Markdown table of the rows of the page's table, each cell on one line; as plain
//! text, each row a line of its cells.

use dom_query::NodeRef;

use super::{Block, Inline, Writer};

impl Writer<'_> {
    pub(super) fn table(&mut self, node: &NodeRef) {
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
}
