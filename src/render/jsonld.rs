//! schema.org JSON-LD embedded in pages: `ClaimReview` on claim pages (for fact-check
//! aggregators and search engines), `NewsArticle` with its `CorrectionComment`s on article
//! pages, `Person` on person pages.

use serde_json::{Value, json};

use super::urls::{absolute, article_page, claim_page, person_page};
use crate::model::{Claimant, CorrectionTarget, Dossier};

/// JSON for a `<script>` element: `<`, `>` and `&` are escaped so no text can close it.
pub fn script_json(value: &Value) -> String {
    serde_json::to_string(value)
        .expect("JSON-LD serialises")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The dossier's publisher (or, without one, the dossier itself) as the author of reviews.
fn organisation(dossier: &Dossier) -> Value {
    let name = dossier
        .config
        .publisher
        .as_deref()
        .unwrap_or(&dossier.config.title);
    let mut organisation = json!({ "@type": "Organization", "name": name });
    if dossier.config.base_url.is_some() {
        organisation["url"] = json!(absolute(dossier, "index.html"));
    }
    organisation
}

fn article_reference(dossier: &Dossier, index: usize) -> Value {
    let article = &dossier.articles[index];
    let mut value = json!({
        "@type": "NewsArticle",
        "headline": article.title,
        "url": article.url.clone().unwrap_or_else(|| absolute(dossier, &article_page(&article.id))),
    });
    if let Some(date) = article.published {
        value["datePublished"] = json!(date.to_string());
    }
    if let Some(publisher) = &article.publisher {
        value["publisher"] = json!({ "@type": "Organization", "name": publisher });
    }
    if let Some(author) = &article.author {
        value["author"] = json!({ "@type": "Person", "name": author });
    }
    value
}

/// `ClaimReview` for claim `index`.
pub fn claim_review(dossier: &Dossier, index: usize) -> Value {
    let claim = &dossier.claims[index];
    let scale = dossier.config.ratings.len();
    let rating = &dossier.config.ratings[claim.rating];
    let mut item = json!({ "@type": "Claim" });
    match &claim.claimant {
        Claimant::Person(p) => {
            let person = &dossier.people[*p];
            item["author"] =
                json!({ "@type": "Person", "name": person.name, "sameAs": person.same_as });
        }
        Claimant::Named(name) => item["author"] = json!({ "@type": "Organization", "name": name }),
        Claimant::Unknown => {}
    }
    if let Some(date) = claim.date {
        item["datePublished"] = json!(date.to_string());
    }
    let mut seen = Vec::new();
    let appearances: Vec<Value> = claim
        .appearances
        .iter()
        .filter(|place| {
            let new = !seen.contains(&place.article);
            seen.push(place.article);
            new
        })
        .map(|place| article_reference(dossier, place.article))
        .collect();
    item["appearance"] = json!(appearances);
    // The earliest-published of the articles it appears in; one without a date only when no
    // article has one. At equal dates, the first listed.
    let first = claim.appearances.iter().min_by_key(|place| {
        let published = dossier.articles[place.article].published;
        (published.is_none(), published)
    });
    if let Some(place) = first {
        item["firstAppearance"] = article_reference(dossier, place.article);
    }
    let mut review = json!({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": absolute(dossier, &claim_page(&claim.id)),
        "claimReviewed": claim.statement,
        "author": organisation(dossier),
        // The scale is listed best first; schema.org ratings count up to the best.
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": scale - claim.rating,
            "bestRating": scale,
            "worstRating": 1,
            "alternateName": rating.label,
            "description": rating.description,
        },
        "itemReviewed": item,
    });
    if rating.description.is_empty() {
        review["reviewRating"]
            .as_object_mut()
            .expect("a rating is an object")
            .remove("description");
    }
    let corrected = dossier
        .corrections
        .iter()
        .filter(|c| c.target == CorrectionTarget::Claim(index))
        .map(|c| c.date)
        .max();
    if let Some(date) = claim.reviewed.or(corrected) {
        review["datePublished"] = json!(date.to_string());
    }
    review
}

/// `NewsArticle` for article `index`, with the corrections made to it.
pub fn news_article(dossier: &Dossier, index: usize) -> Value {
    let mut value = article_reference(dossier, index);
    value["@context"] = json!("https://schema.org");
    value["url"] = json!(absolute(
        dossier,
        &article_page(&dossier.articles[index].id)
    ));
    if let Some(source) = &dossier.articles[index].url {
        value["isBasedOn"] = json!(source);
    }
    let corrections: Vec<Value> = dossier
        .corrections
        .iter()
        .filter(|c| match c.target {
            CorrectionTarget::Passage(place) => place.article == index,
            CorrectionTarget::Article(a) => a == index,
            _ => false,
        })
        .map(|c| {
            json!({
                "@type": "CorrectionComment",
                "text": c.text,
                "datePublished": c.date.to_string(),
                "url": absolute(dossier, &format!("corrections/index.html#{}", c.id)),
            })
        })
        .collect();
    if !corrections.is_empty() {
        value["correction"] = json!(corrections);
    }
    value
}

/// `Person` for person `index`.
pub fn person(dossier: &Dossier, index: usize) -> Value {
    let person = &dossier.people[index];
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.name,
        "url": absolute(dossier, &person_page(&person.id)),
        "sameAs": person.same_as,
    });
    if let Some(role) = &person.role {
        value["jobTitle"] = json!(role);
    }
    if !person.aliases.is_empty() {
        value["alternateName"] = json!(person.aliases);
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_its_element() {
        let text = script_json(&json!({ "text": "</script><script>alert(1)</script> & more" }));
        assert!(!text.contains("</script"), "{text}");
        assert!(!text.contains('<') && !text.contains('&'), "{text}");
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["text"], "</script><script>alert(1)</script> & more");
    }
}
