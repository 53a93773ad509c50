//! Bounds on what a template may make, so that a mistaken (or hostile) override cannot run
//! a build forever or fill the disk: every page's output is bounded, and so is the number of
//! elements `range` makes in one page, the only way a template can loop without data, and so
//! is the size of all the pages together. A page past a bound is a template error naming the
//! template.

use std::cell::Cell;
use std::io::{self, Write};

use tera::{Kwargs, State, TeraResult};

/// Elements `range` may make while one page renders: far beyond any page's pagination, far
/// below nested loops that would never end.
pub const RANGE_BUDGET: usize = 1_000_000;

/// The least a page may hold, whatever the dossier: 64 MiB.
const PAGE_FLOOR: usize = 64 << 20;

thread_local! {
    /// What `range` may still make in the page being rendered on this thread.
    static RANGE_LEFT: Cell<usize> = const { Cell::new(RANGE_BUDGET) };
}

/// The largest page a dossier's templates may make: 64 MiB, or sixteen times the text of
/// every article when that is more (a person's page may quote every article).
pub fn page_limit(text_bytes: usize) -> usize {
    PAGE_FLOOR.max(text_bytes.saturating_mul(16))
}

/// The most all the pages of a site may hold together: 256 MiB, or sixty-four times the text of
/// every article when that is more.
pub fn site_limit(text_bytes: usize) -> usize {
    (256usize << 20).max(text_bytes.saturating_mul(64))
}

/// Registers Tera's `range` again, with the same arguments, counting what it makes.
pub fn register(tera: &mut tera::Tera) {
    tera.register_function("range", range);
}

/// `range(end=N, start=0, step_by=1)`, as Tera's own, within the page's budget.
fn range(kwargs: Kwargs, _: &State) -> TeraResult<Vec<i128>> {
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    if step == 0 {
        return Err(tera::Error::message("`range` was called with `step_by=0`"));
    }
    if start > end && step > 0 {
        return Err(tera::Error::message(
            "`range` was called with a `start` greater than its `end`",
        ));
    }
    let len = if step > 0 {
        (end - start).div_euclid(step) + i128::from((end - start).rem_euclid(step) != 0)
    } else if start <= end {
        0
    } else {
        let step = -step;
        (start - end).div_euclid(step) + i128::from((start - end).rem_euclid(step) != 0)
    };
    let left = RANGE_LEFT.get();
    if len > left as i128 {
        return Err(tera::Error::message(format!(
            "`range` would make more than {RANGE_BUDGET} elements in one page; a template \
             loops over the dossier's data, not over numbers this large"
        )));
    }
    RANGE_LEFT.set(left - len as usize);
    Ok((0..len).map(|i| start + i * step).collect())
}

/// The pages being rendered now, with when each began, for [`watch`]: Tera counts no steps,
/// so a template that loops over a stored list in nested loops, writing nothing, is caught
/// only by the time it takes.
static RENDERING: std::sync::Mutex<Vec<(std::thread::ThreadId, std::time::Instant, String)>> =
    std::sync::Mutex::new(Vec::new());

/// Notes that this thread starts rendering the page made by `template`; the page is done
/// when the guard is dropped.
pub fn rendering(template: &str) -> RenderingGuard {
    if let Ok(mut pages) = RENDERING.lock() {
        pages.push((
            std::thread::current().id(),
            std::time::Instant::now(),
            template.to_string(),
        ));
    }
    RenderingGuard
}

/// Removes its page from those being rendered.
pub struct RenderingGuard;

impl Drop for RenderingGuard {
    fn drop(&mut self) {
        let me = std::thread::current().id();
        if let Ok(mut pages) = RENDERING.lock()
            && let Some(at) = pages.iter().rposition(|(thread, _, _)| *thread == me)
        {
            pages.swap_remove(at);
        }
    }
}

/// Watches the pages being rendered, on a thread of its own, and calls `too_long` with the
/// template of the first that has taken longer than `limit`. A command that builds calls it,
/// and ends the process there: a page that has taken a minute will never end.
pub fn watch(limit: std::time::Duration, too_long: impl Fn(&str) + Send + 'static) {
    let _ = std::thread::Builder::new()
        .name("dossier-page-watch".into())
        .spawn(move || {
            loop {
                std::thread::sleep(std::time::Duration::from_millis(250));
                let late = RENDERING.lock().ok().and_then(|pages| {
                    pages
                        .iter()
                        .find(|(_, started, _)| started.elapsed() > limit)
                        .map(|(_, _, template)| template.clone())
                });
                if let Some(template) = late {
                    too_long(&template);
                    return;
                }
            }
        });
}

/// Why a page could not be made within the bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge {
    pub limit: usize,
}

/// Output that refuses to grow past a limit, and says so afterwards.
pub struct Bounded {
    pub buffer: Vec<u8>,
    limit: usize,
    pub exceeded: Option<TooLarge>,
}

impl Bounded {
    /// A new page, with the budget of `range` renewed for it.
    pub fn new(limit: usize) -> Bounded {
        RANGE_LEFT.set(RANGE_BUDGET);
        Bounded {
            buffer: Vec::new(),
            limit,
            exceeded: None,
        }
    }
}

impl Write for Bounded {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.buffer.len() + bytes.len() > self.limit {
            self.exceeded = Some(TooLarge { limit: self.limit });
            return Err(io::Error::other("the page is too large"));
        }
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str, limit: usize) -> Result<String, String> {
        let mut tera = tera::Tera::new();
        register(&mut tera);
        tera.add_raw_template("t", template).unwrap();
        let mut out = Bounded::new(limit);
        match tera.render_to("t", &tera::Context::new(), &mut out) {
            Ok(()) => Ok(String::from_utf8(out.buffer).unwrap()),
            Err(_) if out.exceeded.is_some() => Err("too large".into()),
            Err(error) => Err(format!("{error:?}")),
        }
    }

    #[test]
    fn range_works_as_teras_own() {
        let t = "{% for i in range(end=5) %}{{i}}{% endfor %}|{% for i in range(start=1, end=10, step_by=3) %}{{i}}{% endfor %}|{% for i in range(start=5, end=0, step_by=-2) %}{{i}}{% endfor %}";
        assert_eq!(render(t, 1000).unwrap(), "01234|147|531");
    }

    #[test]
    fn loops_that_would_never_end_stop_with_an_error() {
        let t = "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}";
        let error = render(t, 1000).unwrap_err();
        assert!(error.contains("more than 1000000 elements"), "{error}");
        // The budget is each page's: the next page starts afresh.
        assert!(render("{% for i in range(end=900000) %}{% endfor %}", 10).is_ok());
        assert!(render("{% for i in range(end=900000) %}{% endfor %}", 10).is_ok());
    }

    #[test]
    fn a_page_past_its_limit_stops() {
        let t = "{% for i in range(end=1000) %}0123456789{% endfor %}";
        assert_eq!(render(t, 100_000).unwrap().len(), 10_000);
        assert_eq!(render(t, 9_999).unwrap_err(), "too large");
    }
}
