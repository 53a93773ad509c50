//! A corpus of broken dossiers, each a small mutation of the newsroom fixture. Every one must
//! fail both `check` and `build` with exit code 1, name the file and line of the mistake with
//! the key words of its message, write no site, and never panic.

mod common;

use std::path::Path;

use common::*;

/// One change to the fixture.
enum Edit {
    /// In `file`, replace the first `from` with `to`.
    Replace(&'static str, &'static str, &'static str),
    /// Write `file` with these bytes.
    Write(&'static str, &'static [u8]),
}

/// Where the error must point: the line of the first occurrence of a text in the broken file,
/// or a line number.
enum At {
    Text(&'static str),
    Line(usize),
}

struct Case {
    name: &'static str,
    edits: &'static [Edit],
    file: &'static str,
    at: At,
    words: &'static [&'static str],
}

use At::{Line, Text};
use Edit::{Replace, Write};

const CLAIMS: &str = "annotations/claims/budget.yaml";
const PEOPLE: &str = "annotations/people.yaml";
const ARTICLES: &str = "annotations/articles.yaml";
const CONFIG: &str = "dossier.yaml";

const CASES: &[Case] = &[
    // YAML itself.
    Case { name: "yaml: bad indentation", edits: &[Replace(CLAIMS, "    rating: accurate", "   rating: accurate")], file: CLAIMS, at: Text("- id: library-falls"), words: &["missing field `rating`"] },
    Case { name: "yaml: unclosed flow sequence", edits: &[Replace(PEOPLE, "aliases: [Park, Councillor Sam Park]", "aliases: [Park, Councillor Sam Park")], file: PEOPLE, at: Text("role: Councillor"), words: &[] },
    Case { name: "yaml: unclosed quote", edits: &[Replace(CLAIMS, "quote: \"The figures do not add up.\" }", "quote: \"The figures do not add up. }")], file: CLAIMS, at: Text("{ title: \"<b>Bold"), words: &[] },
    Case { name: "yaml: a list where a mapping is needed", edits: &[Write("annotations/list.yaml", b"- people\n- claims\n")], file: "annotations/list.yaml", at: Line(1), words: &["mapping"] },
    Case { name: "yaml: annotation file not UTF-8", edits: &[Write("annotations/latin1.yaml", b"people:\n  - id: caf\xe9\n")], file: "annotations/latin1.yaml", at: Line(2), words: &["not UTF-8"] },
    // Fields.
    Case { name: "field: misspelt claimant", edits: &[Replace(CLAIMS, "claimant: lena-ortiz", "claimaint: lena-ortiz")], file: CLAIMS, at: Text("claimaint"), words: &["unknown field `claimaint`", "did you mean `claimant`?"] },
    Case { name: "field: misspelt person field", edits: &[Replace(PEOPLE, "role: Councillor", "rol: Councillor")], file: PEOPLE, at: Text("rol: Councillor"), words: &["unknown field `rol`", "`role`"] },
    Case { name: "field: misspelt section", edits: &[Replace(CLAIMS, "corrections:", "corections:")], file: CLAIMS, at: Text("corections:"), words: &["unknown field `corections`", "`corrections`"] },
    Case { name: "field: misspelt article field", edits: &[Replace(ARTICLES, "    publisher: Wire", "    publsher: Wire")], file: ARTICLES, at: Text("publsher"), words: &["unknown field `publsher`", "`publisher`"] },
    Case { name: "field: misspelt config field", edits: &[Replace(CONFIG, "publisher: Test Desk", "publisherr: Test Desk")], file: CONFIG, at: Text("publisherr"), words: &["unknown field `publisherr`"] },
    Case { name: "field: missing rating", edits: &[Replace(CLAIMS, "    rating: unclear\n", "")], file: CLAIMS, at: Text("- id: figures-add-up"), words: &["missing field `rating`"] },
    Case { name: "field: missing config title", edits: &[Replace(CONFIG, "title: Riverton budget dossier\n", "")], file: CONFIG, at: Line(1), words: &["missing field `title`"] },
    Case { name: "field: aliases as a mapping", edits: &[Replace(PEOPLE, "aliases: [Park, Councillor Sam Park]", "aliases: { Park: yes }")], file: PEOPLE, at: Text("aliases: { Park"), words: &[] },
    Case { name: "field: empty statement", edits: &[Replace(CLAIMS, "statement: The figures do not add up.", "statement: \"\"")], file: CLAIMS, at: Text("statement: \"\""), words: &["`statement` is empty"] },
    Case { name: "field: empty person name", edits: &[Replace(PEOPLE, "name: Sam Park", "name: \" \"")], file: PEOPLE, at: Text("name: \" \""), words: &["`name` is empty"] },
    Case { name: "field: empty config title", edits: &[Replace(CONFIG, "title: Riverton budget dossier", "title: \"\"")], file: CONFIG, at: Line(1), words: &["title is empty"] },
    Case { name: "field: unknown correction kind", edits: &[Replace(CLAIMS, "kind: update", "kind: fix")], file: CLAIMS, at: Text("kind: fix"), words: &["unknown variant `fix`"] },
    Case { name: "field: unknown layout role", edits: &[Replace(ARTICLES, "role: dateline", "role: kicker")], file: ARTICLES, at: Text("role: kicker"), words: &["unknown variant `kicker`"] },
    // Ids.
    Case { name: "id: path-like person id", edits: &[Replace(PEOPLE, "id: sam-park", "id: ../sam-park")], file: PEOPLE, at: Text("id: ../sam-park"), words: &["`../sam-park` is not a valid person id"] },
    Case { name: "id: capitals in a claim id", edits: &[Replace(CLAIMS, "id: no-cuts", "id: No-Cuts")], file: CLAIMS, at: Text("id: No-Cuts"), words: &["not a valid claim id", "no-cuts"] },
    Case { name: "id: duplicate person across files", edits: &[Write("annotations/more.yaml", b"people:\n  - id: sam-park\n    name: Samuel Park\n")], file: "annotations/more.yaml", at: Line(2), words: &["person id `sam-park` is defined twice", PEOPLE] },
    Case { name: "id: duplicate claim in one file", edits: &[Replace(CLAIMS, "id: figures-add-up", "id: no-cuts")], file: CLAIMS, at: Text("  - id: no-cuts\n    statement: The figures"), words: &["claim id `no-cuts` is defined twice"] },
    Case { name: "id: duplicate rating", edits: &[Replace(CONFIG, "{ id: unclear,", "{ id: accurate,")], file: CONFIG, at: Text("{ id: accurate, label: Unclear"), words: &["rating id `accurate` is defined twice"] },
    // References.
    Case { name: "ref: unknown claimant", edits: &[Replace(CLAIMS, "claimant: lena-ortiz", "claimant: lena-ortz")], file: CLAIMS, at: Text("lena-ortz"), words: &["unknown person id `lena-ortz`", "did you mean `lena-ortiz`"] },
    Case { name: "ref: unknown rating", edits: &[Replace(CLAIMS, "rating: unclear", "rating: unsure")], file: CLAIMS, at: Text("rating: unsure"), words: &["unknown rating id `unsure`"] },
    Case { name: "ref: unknown article in an appearance", edits: &[Replace(CLAIMS, "article: council-report, quote: \"The figures", "article: council-reprt, quote: \"The figures")], file: CLAIMS, at: Text("council-reprt"), words: &["unknown article id `council-reprt`", "did you mean `council-report`"] },
    Case { name: "ref: unknown article in a mention", edits: &[Replace(PEOPLE, "{ article: wire, quote: \"The mayor", "{ article: wires, quote: \"The mayor")], file: PEOPLE, at: Text("article: wires"), words: &["unknown article id `wires`"] },
    Case { name: "ref: unknown claim in a correction", edits: &[Replace(CLAIMS, "target: { claim: library-falls }", "target: { claim: library-fall }")], file: CLAIMS, at: Text("library-fall }"), words: &["unknown claim id `library-fall`"] },
    Case { name: "ref: unknown event ref", edits: &[Replace(CLAIMS, "refs: [lena-ortiz, sam-park, wire]", "refs: [lena-ortiz, sam-parks, wire]")], file: CLAIMS, at: Text("sam-parks"), words: &["`sam-parks` is not the id of any"] },
    Case { name: "ref: unknown kind of ref", edits: &[Replace(CLAIMS, "refs: [lena-ortiz, sam-park, wire]", "refs: [lena-ortiz, human:sam-park, wire]")], file: CLAIMS, at: Text("human:sam-park"), words: &["`human` is not a kind of entry"] },
    Case { name: "ref: claimant given twice", edits: &[Replace(CLAIMS, "claimant: lena-ortiz", "claimant: lena-ortiz\n    claimant_name: The mayor's office")], file: CLAIMS, at: Text("claimant: lena-ortiz"), words: &["either `claimant` or `claimant_name`"] },
    Case { name: "ref: correction with two targets", edits: &[Replace(CLAIMS, "target: { claim: library-falls }", "target: { claim: library-falls, person: sam-park }")], file: CLAIMS, at: Text("id: library-figure"), words: &["exactly one of `article`, `claim` or `person`"] },
    Case { name: "ref: quote without an article", edits: &[Replace(CLAIMS, "target: { claim: library-falls }", "target: { claim: library-falls, quote: \"figures\" }")], file: CLAIMS, at: Text("id: library-figure"), words: &["need an `article`"] },
    // Dates.
    Case { name: "date: 30 February", edits: &[Replace(CLAIMS, "date: 2024-05-03", "date: 2024-02-30")], file: CLAIMS, at: Text("2024-02-30"), words: &["February 2024 has 29 days"] },
    Case { name: "date: month 13", edits: &[Replace(CLAIMS, "date: 2024-05-01\n    rating", "date: 2024-13-01\n    rating")], file: CLAIMS, at: Text("2024-13-01"), words: &["no month 13"] },
    Case { name: "date: words", edits: &[Replace(ARTICLES, "published: 2024-05-01", "published: May 2024")], file: ARTICLES, at: Text("May 2024"), words: &["YYYY-MM-DD"] },
    Case { name: "date: in front matter", edits: &[Replace("seeds/report.md", "published: 2024-05-02", "published: 2024-05-32")], file: "seeds/report.md", at: Text("2024-05-32"), words: &["May 2024 has 31 days"] },
    // Articles.
    Case { name: "article: missing file", edits: &[Replace(ARTICLES, "file: seeds/wire.txt", "file: seeds/wires.txt")], file: ARTICLES, at: Text("seeds/wires.txt"), words: &["article file `seeds/wires.txt` not found", "seeds/wire.txt"] },
    Case { name: "article: path outside the dossier", edits: &[Replace(ARTICLES, "file: seeds/wire.txt", "file: ../outside.txt")], file: ARTICLES, at: Text("../outside.txt"), words: &["not a path inside the dossier"] },
    Case { name: "article: not UTF-8", edits: &[Write("seeds/latin1.txt", b"Line one\nCaf\xe9 society\n")], file: "seeds/latin1.txt", at: Line(2), words: &["not UTF-8", "0xE9", "offset 12"] },
    Case { name: "article: unknown front matter field", edits: &[Replace("seeds/report.md", "author: Ana Reyes", "writer: Ana Reyes")], file: "seeds/report.md", at: Text("writer:"), words: &["unknown field `writer`"] },
    Case { name: "article: two entries for one file", edits: &[Write("annotations/again.yaml", b"articles:\n  - id: wire-again\n    file: seeds/wire.txt\n")], file: ARTICLES, at: Text("file: seeds/wire.txt"), words: &["already has an entry at annotations/again.yaml:3"] },
    // Aliases.
    Case { name: "alias: claimed by two people", edits: &[Replace(PEOPLE, "aliases: [Park, Councillor Sam Park]", "aliases: [Ortiz, Councillor Sam Park]")], file: PEOPLE, at: Text("[Ortiz, Councillor"), words: &["alias \"Ortiz\" is claimed by `sam-park` and by `lena-ortiz`"] },
    // Anchors.
    Case { name: "anchor: empty quote", edits: &[Replace(CLAIMS, "quote: \"The figures do not add up.\"", "quote: \"\"")], file: CLAIMS, at: Text("quote: \"\""), words: &["the quote is empty"] },
    Case { name: "anchor: quote that matches nowhere", edits: &[Replace(CLAIMS, "quote: \"The figures do not add up.\"", "quote: \"The figures do not ad up.\"")], file: CLAIMS, at: Text("do not ad up"), words: &["not found in article `council-report`", "did you mean \"The figures do not add up"] },
    Case { name: "anchor: quote in the wrong case", edits: &[Replace(PEOPLE, "quote: \"The mayor’s office\"", "quote: \"the mayor’s office\"")], file: PEOPLE, at: Text("the mayor’s office"), words: &["not found", "capitals differ"] },
    Case { name: "anchor: quote that matches twice", edits: &[Replace(CLAIMS, "quote: \"the budget cuts no services\", prefix: \"repeated that\"", "quote: \"cuts no services\"")], file: CLAIMS, at: Text("quote: \"cuts no services\""), words: &["matches 2 places", "prefix: \"budget \""] },
    Case { name: "anchor: prefix that fits nowhere", edits: &[Replace(CLAIMS, "prefix: \"repeated that\"", "prefix: \"said that\"")], file: CLAIMS, at: Text("said that"), words: &["never with this prefix/suffix"] },
    Case { name: "anchor: layout spans overlap", edits: &[Replace(ARTICLES, "      - { quote: \"RIVERTON (Wire) -\", role: dateline }", "      - { quote: \"RIVERTON (Wire) -\", role: dateline }\n      - { quote: \"(Wire) - The\", role: byline }")], file: ARTICLES, at: Text("role: byline"), words: &["overlaps the dateline quote"] },
    Case { name: "anchor: layout across paragraphs", edits: &[Replace(ARTICLES, "{ quote: \"RIVERTON (Wire) -\", role: dateline }", "{ quote: \"on Wednesday. The mayor\", role: standfirst }")], file: ARTICLES, at: Text("role: standfirst"), words: &["runs across a paragraph break"] },
    Case { name: "anchor: claim without appearances", edits: &[Replace(CLAIMS, "      - { article: council-report, quote: \"The figures do not add up.\" }\n", "")], file: CLAIMS, at: Text("id: figures-add-up"), words: &["has no appearances"] },
    // Settings and templates.
    Case { name: "config: base_url not http", edits: &[Replace(CONFIG, "publisher: Test Desk", "publisher: Test Desk\nbase_url: example.org/x")], file: CONFIG, at: Text("example.org/x"), words: &["is not an http(s) URL"] },
    Case { name: "config: empty rating scale", edits: &[Replace(CONFIG, "ratings:\n  - { id: accurate, label: Accurate, description: The statement is correct. }\n  - { id: inaccurate, label: Inaccurate, description: The statement is wrong. }\n  - { id: unclear, label: Unclear, description: The record does not settle it. }\n", "ratings: []\n")], file: CONFIG, at: Text("ratings: []"), words: &["the rating scale is empty"] },
    Case { name: "config: same_as not a URL", edits: &[Replace(PEOPLE, "role: Mayor of Riverton", "role: Mayor of Riverton\r\n    same_as: [wikidata Q1]")], file: PEOPLE, at: Text("wikidata Q1"), words: &["is not an http(s) URL"] },
    Case { name: "config: a theme that does not exist", edits: &[Replace(CONFIG, "publisher: Test Desk", "publisher: Test Desk\ntheme: broadsheet")], file: CONFIG, at: Text("broadsheet"), words: &["theme `broadsheet` not found"] },
    Case { name: "config: a theme name that is a path", edits: &[Replace(CONFIG, "publisher: Test Desk", "publisher: Test Desk\ntheme: ../../etc")], file: CONFIG, at: Text("../../etc"), words: &["is not a theme name"] },
    Case { name: "template: unknown filter in an override", edits: &[Write("templates/claim.html", b"{% extends \"base.html\" %}\n{% block content %}\n{{ claim.statement | shout }}\n{% endblock content %}\n")], file: "templates/claim.html", at: Line(3), words: &["Unknown filter `shout`"] },
    Case { name: "template: unknown field in an override", edits: &[Write("templates/person.html", b"{% extends \"base.html\" %}\n{% block content %}\n{{ person.nickname }}\n{% endblock content %}\n")], file: "templates/person.html", at: Line(3), words: &["`nickname` is not defined"] },
    // Bad bytes, long and missing ids, and aliases that name no one.
    Case { name: "article: a NUL byte", edits: &[Write("seeds/nul.txt", b"Line one\nLi\0ne two\n")], file: "seeds/nul.txt", at: Line(2), words: &["NUL character"] },
    Case { name: "article: UTF-16", edits: &[Write("seeds/utf16.txt", b"\xFF\xFEH\0i\0 \0t\0h\0e\0r\0e\0\n\0")], file: "seeds/utf16.txt", at: Line(1), words: &["is UTF-16LE, not UTF-8", "iconv -f UTF-16LE"] },
    Case { name: "article: UTF-16 without a byte-order mark", edits: &[Write("seeds/utf16.txt", b"H\0i\0 \0t\0h\0e\0r\0e\0\n\0")], file: "seeds/utf16.txt", at: Line(1), words: &["is UTF-16LE"] },
    Case { name: "id: 300 characters", edits: &[Replace(PEOPLE, "id: sam-park", "id: sam-park-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")], file: PEOPLE, at: Text("id: sam-park-aaaa"), words: &["characters long; ids have at most 100"] },
    Case { name: "id: no value", edits: &[Replace(CLAIMS, "id: figures-add-up", "id: ~")], file: CLAIMS, at: Text("id: ~"), words: &["`id` has no value", "an id is required"] },
    Case { name: "id: the same id from two file names", edits: &[Write("seeds/a-b.txt", b"One.\n"), Write("seeds/a_b.txt", b"Two.\n")], file: "seeds/a_b.txt", at: Line(1), words: &["article id `a-b` is defined twice", "seeds/a-b.txt:1:1", "made from its file name"] },
    Case { name: "alias: empty", edits: &[Replace(PEOPLE, "aliases: [Park, Councillor Sam Park]", "aliases: [Park, \"  \", Councillor Sam Park]")], file: PEOPLE, at: Text("aliases: [Park, \"  \""), words: &["an alias is empty"] },
    Case { name: "alias: a common word", edits: &[Replace(PEOPLE, "aliases: [Park, Councillor Sam Park]", "aliases: [Park, The, Councillor Sam Park]")], file: PEOPLE, at: Text("aliases: [Park, The"), words: &["alias \"The\" is a common word"] },
    Case { name: "alias: a single letter", edits: &[Replace(PEOPLE, "aliases: [Ortiz, Mayor Lena Ortiz]", "aliases: [Ortiz, O, Mayor Lena Ortiz]")], file: PEOPLE, at: Text("aliases: [Ortiz, O,"), words: &["alias \"O\" is a single character"] },
    Case { name: "config: an empty rating label", edits: &[Replace(CONFIG, "{ id: unclear, label: Unclear,", "{ id: unclear, label: \"\",")], file: CONFIG, at: Text("label: \"\""), words: &["the rating's `label` is empty"] },
    // Addresses.
    Case { name: "url: a script address for an article", edits: &[Replace(ARTICLES, "    publisher: Wire", "    publisher: Wire\n    url: \"javascript:alert(document.domain)\"")], file: ARTICLES, at: Text("javascript:"), words: &["is not an http(s) URL"] },
    Case { name: "url: base_url with a line break", edits: &[Replace(CONFIG, "publisher: Test Desk", "publisher: Test Desk\nbase_url: \"https://example.org/\\nDisallow: /\"")], file: CONFIG, at: Text("base_url:"), words: &["contains a line break"] },
    Case { name: "url: base_url with a space", edits: &[Replace(CONFIG, "publisher: Test Desk", "publisher: Test Desk\nbase_url: \"https://example.org/my dossier/\"")], file: CONFIG, at: Text("base_url:"), words: &["contains a space"] },
    Case { name: "url: a source with a tab", edits: &[Replace(CLAIMS, "url: \"https://example.org/budget\", accessed", "url: \"https://example.org/bud\\tget\", accessed")], file: CLAIMS, at: Text("bud\\tget"), words: &["contains a tab"] },
    // Static files and templates.
    Case { name: "static: a file in place of a page", edits: &[Write("static/index.html", b"<p>mine</p>\n")], file: "static/index.html", at: Line(1), words: &["would replace `index.html`, which the build makes"] },
    Case { name: "static: a file in place of the data", edits: &[Write("static/dossier.json", b"{}\n")], file: "static/dossier.json", at: Line(1), words: &["would replace `dossier.json`"] },
    Case { name: "template: loops that never end", edits: &[Write("templates/index.html", b"{% extends \"base.html\" %}\n{% block content %}\n{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}\n{% endblock content %}\n")], file: "templates/index.html", at: Line(3), words: &["more than 1000000 elements"] },
    Case { name: "static: a file where the pages need a folder", edits: &[Write("static/articles/wire", b"x\n")], file: "static/articles/wire", at: Line(1), words: &["would replace the folder `articles/wire/` of the pages"] },
    Case { name: "static: a file below a generated file", edits: &[Write("static/index.html/a.css", b"x\n")], file: "static/index.html/a.css", at: Line(1), words: &["would replace `index.html`"] },
    Case { name: "url: an invisible character", edits: &[Replace(CLAIMS, "url: \"https://example.org/budget\", accessed", "url: \"https://example.org/\u{202e}budget\", accessed")], file: CLAIMS, at: Text("budget\", accessed"), words: &["the character U+202E"] },
    Case { name: "config: a language that is no language tag", edits: &[Replace(CONFIG, "language: en-GB", "language: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")], file: CONFIG, at: Text("language: xxx"), words: &["is not a language tag"] },
    Case { name: "alias: thousands of characters", edits: &[Replace(PEOPLE, "aliases: [Ortiz, Mayor Lena Ortiz]", "aliases: [Ortiz, Mayor Lena Ortiz, NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN]")], file: PEOPLE, at: Text("aliases: [Ortiz, Mayor Lena Ortiz, NNN"), words: &["an alias is 201 characters long"] },
    // YAML's common slips, in plain words.
    Case { name: "yaml: a colon in a value", edits: &[Replace(CLAIMS, "explanation: The library line falls, see **the tables**.", "explanation: EDITED: the library line falls")], file: CLAIMS, at: Text("explanation: EDITED"), words: &["put the whole value in quotes", ">-"] },
    Case { name: "yaml: a tab", edits: &[Replace(CLAIMS, "  - id: library-falls", "\t- id: library-falls")], file: CLAIMS, at: Text("\t- id: library-falls"), words: &["spaces only"] },
    Case { name: "yaml: a list item out of line", edits: &[Replace(CLAIMS, "  - id: library-falls", "   - id: library-falls")], file: CLAIMS, at: Text("   - id: library-falls"), words: &["list item is out of line"] },
    Case { name: "yaml: an apostrophe in a single-quoted value", edits: &[Replace(PEOPLE, "role: Councillor", "role: 'Council's member'")], file: PEOPLE, at: Text("role: 'Council"), words: &["write it twice"] },
];

fn apply(root: &Path, edit: &Edit) {
    match edit {
        Replace(file, from, to) => {
            let path = root.join(file);
            let text = String::from_utf8(std::fs::read(&path).unwrap()).unwrap();
            // Fixture files may have CRLF endings; the edits are written with LF.
            let crlf = text.contains("\r\n");
            let (from, to) = if crlf {
                (
                    from.replace('\n', "\r\n"),
                    to.replace('\n', "\r\n").replace("\r\r\n", "\r\n"),
                )
            } else {
                (from.to_string(), to.to_string())
            };
            assert!(text.contains(&from), "{file} does not contain {from:?}");
            std::fs::write(&path, text.replacen(&from, &to, 1)).unwrap();
        }
        Write(file, bytes) => {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
    }
}

fn expected_line(root: &Path, case: &Case) -> usize {
    match case.at {
        Line(line) => line,
        Text(text) => {
            let content = String::from_utf8_lossy(&std::fs::read(root.join(case.file)).unwrap())
                .replace("\r\n", "\n");
            let at = content
                .find(text)
                .unwrap_or_else(|| panic!("{}: {text:?} not in {}", case.name, case.file));
            content[..at].matches('\n').count() + 1
        }
    }
}

/// Runs one case; returns what went wrong, if anything.
fn run(case: &Case) -> Vec<String> {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    for edit in case.edits {
        apply(&root, edit);
    }
    let line = expected_line(&root, case);
    let place = format!("{}:{line}:", case.file);
    let mut problems = Vec::new();
    let site = root.join("site");
    for command in ["check", "build"] {
        let output = dossier(&[command, "--root", root.to_str().unwrap()]);
        let messages = stderr(&output);
        if output.status.code() != Some(1) {
            problems.push(format!("{command}: exit {:?}", output.status.code()));
        }
        if messages.contains("panicked") {
            problems.push(format!("{command}: panicked"));
        }
        if !messages.contains(&place) {
            problems.push(format!("{command}: no {place}"));
        }
        for word in case.words {
            if !messages.contains(word) {
                problems.push(format!("{command}: no {word:?}"));
            }
        }
        if site.exists() {
            problems.push(format!("{command}: wrote a site"));
        }
        if !problems.is_empty() {
            problems.push(format!("--- {command} said:\n{messages}"));
            break;
        }
    }
    problems
}

#[test]
fn every_broken_dossier_fails_with_its_place_and_no_panic() {
    assert!(CASES.len() >= 40, "the corpus has {} cases", CASES.len());
    let mut failures = Vec::new();
    for case in CASES {
        let problems = run(case);
        if !problems.is_empty() {
            failures.push(format!("== {}\n{}", case.name, problems.join("\n")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n\n")
    );
}
