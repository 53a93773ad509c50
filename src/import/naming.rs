//! What an imported article is called: its id, made from its address or its title, and its
//! seed file.

use super::Form;
use crate::resolve::ids::id_from_name;

/// The last parts of addresses that say nothing of the article (`/news/123/index.html`).
const GENERIC: &[&str] = &[
    "amp", "article", "articles", "content", "default", "detail", "details", "home", "index",
    "item", "news", "page", "post", "print", "show", "stories", "story", "view",
];

/// An id for an article at `url` titled `title`: the address's last words, else the title's.
pub(super) fn id_for(url: Option<&str>, title: Option<&str>) -> String {
    let from_url = url
        .and_then(|u| url::Url::parse(u).ok())
        .and_then(|u| {
            u.path_segments()?
                .rev()
                .map(|s| {
                    percent_encoding::percent_decode_str(s)
                        .decode_utf8_lossy()
                        .into_owned()
                })
                .map(|s| s.split('.').next().unwrap_or(&s).to_string())
                .find(|s| {
                    s.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 3
                        && !GENERIC.contains(&s.to_ascii_lowercase().as_str())
                })
        })
        .map(|s| id_from_name(&s));
    let from_title =
        title.map(|t| id_from_name(&t.split_whitespace().take(8).collect::<Vec<_>>().join(" ")));
    let id = from_url
        .or(from_title)
        .filter(|id| id != "article" && id.chars().any(|c| c.is_ascii_lowercase()))
        .unwrap_or_else(|| "article".to_string());
    // Six words say which article it is; a whole headline is too long to type.
    id.split('-')
        .take(6)
        .collect::<Vec<_>>()
        .join("-")
        .chars()
        .take(60)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

/// The seed file of the article `id`, in `form`.
pub(super) fn seed_file(id: &str, form: Form) -> String {
    match form {
        Form::Markdown => format!("seeds/{id}.md"),
        Form::Plain => format!("seeds/{id}.txt"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_the_address_then_the_title() {
        assert_eq!(
            id_for(
                Some("https://x.example/news/2025/03/ferry-contract-delayed"),
                None
            ),
            "ferry-contract-delayed"
        );
        assert_eq!(
            id_for(
                Some("https://x.example/2025/04/07/school-roof-repairs/"),
                None
            ),
            "school-roof-repairs"
        );
        assert_eq!(
            id_for(Some("https://x.example/a/b-c-d-e-f-g-h-i.html"), None),
            "b-c-d-e-f-g"
        );
        assert_eq!(
            id_for(Some("https://x.example/12345"), Some("Mayor wins the vote")),
            "mayor-wins-the-vote"
        );
        assert_eq!(
            id_for(
                Some("https://x.example/news/2025/ferry-delay/index.html"),
                None
            ),
            "ferry-delay"
        );
        assert_eq!(
            id_for(
                Some("https://x.example/story/9981/amp"),
                Some("Ferry late again")
            ),
            "ferry-late-again"
        );
        assert_eq!(id_for(None, None), "article");
    }
}
