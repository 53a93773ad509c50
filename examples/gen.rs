//! Generates a synthetic dossier for benchmarks: `cargo run --release --example gen -- N DIR`.
//!
//! Writes `DIR/dossier/` in dossier's format — N articles of 6 to 10 paragraphs, about N/7
//! people mentioned by name and alias across them, two claims per article, each appearing in
//! its own article and in one or two others (the claims of each hundred articles in a file of
//! `annotations/claims/`), a correction every 20 articles and an event every 50 — and
//! `DIR/hugo/`, the same articles as a bare Hugo site (one template that prints the title and
//! the content), so both generators can be timed on the same text.
//! The output depends only on N: the same N gives the same files.

use std::fmt::Write as _;
use std::path::Path;

/// A small deterministic generator (xorshift64*), so no dependency is needed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "council",
    "budget",
    "report",
    "officials",
    "committee",
    "river",
    "bridge",
    "school",
    "hospital",
    "road",
    "plan",
    "vote",
    "meeting",
    "residents",
    "figures",
    "contract",
    "agency",
    "review",
    "inquiry",
    "funding",
    "project",
    "station",
    "harbour",
    "market",
    "statement",
    "letter",
    "records",
    "hearing",
    "members",
    "district",
    "programme",
    "audit",
];
const VERBS: &[&str] = &[
    "said",
    "argued",
    "confirmed",
    "denied",
    "announced",
    "questioned",
    "reported",
    "noted",
    "suggested",
    "insisted",
    "estimated",
    "described",
];
const FIRST: &[&str] = &[
    "Ada", "Ben", "Cora", "Dev", "Elin", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kira", "Luca",
    "Maya", "Nils", "Olga", "Pavel", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wim",
];
const SYLLABLES: &[&str] = &[
    "bar", "ken", "lor", "mid", "nes", "pol", "quin", "ros", "sal", "tor", "ven", "wick", "dal",
    "fen", "gar", "hol",
];

/// A family name unique to `index`: syllables spell out the number.
fn family_name(index: usize) -> String {
    let mut n = index;
    let mut name = String::new();
    loop {
        name.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
        if n == 0 {
            break;
        }
    }
    name.push_str("son");
    let mut chars = name.chars();
    let first = chars.next().unwrap().to_ascii_uppercase();
    format!("{first}{}", chars.as_str())
}

struct Person {
    name: String,
    alias: String,
}

fn sentence(random: &mut Random, people: &[Person]) -> String {
    let person = &people[random.below(people.len())];
    let who = if random.below(2) == 0 {
        &person.name
    } else {
        &person.alias
    };
    let mut text = format!("{who} {} that the", random.pick(VERBS));
    for _ in 0..(6 + random.below(8)) {
        text.push(' ');
        text.push_str(random.pick(WORDS));
    }
    text.push('.');
    text
}

/// The sentence that states claim `claim` (unique text, so a quote finds it exactly). The
/// claim's own number comes early, so that no run of eight words of it but those around the
/// number recurs in articles that do not cite the claim: unrelated reports do not share
/// eight words of a template, and shared wording (`resolve::shared`) finds only the
/// articles that cite one claim.
fn claim_sentence(claim: usize) -> String {
    format!(
        "In district {claim} the {} rose {} per cent.",
        WORDS[claim % WORDS.len()],
        claim % 97 + 3,
    )
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(count), Some(dir)) = (
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: gen N DIR");
        std::process::exit(2);
    };
    generate(count, Path::new(dir));
}

/// How many claims each file of `annotations/claims/` holds: those of 100 articles.
pub const CLAIMS_PER_FILE: usize = 200;

/// Writes the dossier of `count` articles to `dir/dossier/` and the bare Hugo site to
/// `dir/hugo/`. (The criterion benchmarks use it too.)
pub fn generate(count: usize, dir: &Path) {
    let dossier = dir.join("dossier");
    let hugo = dir.join("hugo");
    let mut random = Random(0x9E37_79B9_7F4A_7C15 ^ count as u64);

    let people: Vec<Person> = (0..(count / 7).max(2))
        .map(|i| {
            let family = family_name(i);
            Person {
                name: format!("{} {family}", FIRST[i % FIRST.len()]),
                alias: format!("Dr {family}"),
            }
        })
        .collect();

    // Each article carries its own two claims and cites one or two claims of others.
    let claims = count * 2;
    let mut cited: Vec<Vec<usize>> = (0..count).map(|a| vec![2 * a, 2 * a + 1]).collect();
    let mut appearances: Vec<Vec<usize>> = (0..claims).map(|c| vec![c / 2]).collect();
    for (claim, places) in appearances.iter_mut().enumerate() {
        for _ in 0..(1 + random.below(2)) {
            let article = random.below(count);
            if !places.contains(&article) {
                places.push(article);
                cited[article].push(claim);
            }
        }
    }

    let mut articles_yaml = String::from("articles:\n");
    let mut corrections_yaml = String::from("corrections:\n");
    for article in 0..count {
        let paragraphs = 6 + random.below(5);
        let mut text = String::new();
        let mut claims_here = cited[article].clone();
        for p in 0..paragraphs {
            if p > 0 {
                text.push_str("\n\n");
            }
            let mut parts: Vec<String> = (0..3).map(|_| sentence(&mut random, &people)).collect();
            if let Some(claim) = claims_here.pop() {
                parts.insert(1, claim_sentence(claim));
            }
            if p == 1 && article % 20 == 0 {
                parts.push(format!(
                    "The vote was held on day {article} of the session."
                ));
            }
            text.push_str(&parts.join(" "));
        }
        for claim in claims_here {
            text.push_str("\n\n");
            text.push_str(&claim_sentence(claim));
        }
        let title = format!(
            "Report {article}: the {} and the {}",
            WORDS[article % WORDS.len()],
            WORDS[(article / 7) % WORDS.len()]
        );
        let date = format!("2024-{:02}-{:02}", article % 12 + 1, article % 28 + 1);
        write(&dossier.join(format!("seeds/{article:05}.txt")), &text);
        let _ = writeln!(
            articles_yaml,
            "  - {{ id: a{article}, file: seeds/{article:05}.txt, title: \"{title}\", publisher: Synthetic Wire, published: {date} }}"
        );
        if article % 20 == 0 {
            let _ = writeln!(
                corrections_yaml,
                "  - {{ id: k{article}, date: {date}, kind: correction, target: {{ article: a{article}, quote: \"held on day {article} of the session\" }}, text: The vote was on the next day. }}"
            );
        }
        write(
            &hugo.join(format!("content/posts/a{article}.md")),
            &format!("---\ntitle: \"{title}\"\ndate: {date}\n---\n{text}\n"),
        );
    }

    let mut people_yaml = String::from("people:\n");
    for (i, person) in people.iter().enumerate() {
        let _ = writeln!(
            people_yaml,
            "  - {{ id: p{i}, name: {}, aliases: [\"{}\"], role: Councillor }}",
            person.name, person.alias
        );
    }
    let ratings = [
        "true",
        "mostly-true",
        "half-true",
        "misleading",
        "false",
        "unproven",
    ];
    // The claims of each hundred articles in a file of their own, as a long investigation
    // would keep them: one file per batch of sources, not one file of every claim.
    let mut claim_files: Vec<String> = Vec::new();
    for claim in 0..claims {
        let file = claim / CLAIMS_PER_FILE;
        if file == claim_files.len() {
            claim_files.push(String::from("claims:\n"));
        }
        let claims_yaml = &mut claim_files[file];
        let _ = writeln!(claims_yaml, "  - id: c{claim}");
        let _ = writeln!(claims_yaml, "    statement: \"{}\"", claim_sentence(claim));
        let _ = writeln!(claims_yaml, "    claimant: p{}", claim % people.len());
        let _ = writeln!(
            claims_yaml,
            "    rating: {}",
            ratings[claim % ratings.len()]
        );
        let _ = writeln!(claims_yaml, "    sources: [{{ title: Budget records }}]");
        let _ = writeln!(claims_yaml, "    appearances:");
        for article in &appearances[claim] {
            let _ = writeln!(
                claims_yaml,
                "      - {{ article: a{article}, quote: \"{}\" }}",
                claim_sentence(claim)
            );
        }
    }
    let mut events_yaml = String::from("events:\n");
    for event in (0..count).step_by(50) {
        let _ = writeln!(
            events_yaml,
            "  - {{ id: e{event}, date: 2024-{:02}-01, title: Session {event} opens, refs: [a{event}, p{}] }}",
            event % 12 + 1,
            event % people.len()
        );
    }
    write(
        &dossier.join("dossier.yaml"),
        &format!("title: Synthetic dossier of {count} articles\n"),
    );
    write(&dossier.join("annotations/articles.yaml"), &articles_yaml);
    write(&dossier.join("annotations/people.yaml"), &people_yaml);
    for (number, claims_yaml) in claim_files.iter().enumerate() {
        write(
            &dossier.join(format!("annotations/claims/{number:04}.yaml")),
            claims_yaml,
        );
    }
    write(
        &dossier.join("annotations/corrections.yaml"),
        &corrections_yaml,
    );
    write(&dossier.join("annotations/events.yaml"), &events_yaml);

    write(
        &hugo.join("hugo.toml"),
        "baseURL = 'https://example.org/'\ntitle = 'Synthetic'\ndisableKinds = ['taxonomy', 'term', 'RSS', 'sitemap', 'robotsTXT', '404']\n",
    );
    write(
        &hugo.join("layouts/_default/single.html"),
        "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n",
    );
    write(
        &hugo.join("layouts/_default/list.html"),
        "<!DOCTYPE html><html><body>{{ .Title }}</body></html>\n",
    );
    eprintln!(
        "wrote {count} articles, {} people, {claims} claims to {}",
        people.len(),
        dossier.display()
    );
}
