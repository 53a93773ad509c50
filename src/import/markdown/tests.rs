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
    let out =
        md("<table><tr><th>Name</th><th>Votes</th></tr><tr><td>A|B</td><td>3</td></tr></table>");
    assert_eq!(out, "| Name | Votes |\n| --- | --- |\n| A\\|B | 3 |\n");
}
