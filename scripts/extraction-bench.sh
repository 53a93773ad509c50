#!/usr/bin/env bash
# Scores `dossier import` against trafilatura on the Article Extraction Benchmark's 181 news
# pages (../shared/article-extraction-benchmark, or BENCHMARK=DIR), in one run.
#
#   scripts/extraction-bench.sh
#
# Each page is imported into a new dossier as a user would (`dossier import PAGE.html --url
# URL`), the dossier is built, and each article's body (its text without the layout spans) is
# taken from dossier.json. trafilatura (the current release from PyPI, in a virtual
# environment under target/extraction/) extracts the same pages. Both are scored with the
# benchmark's metric (scripts/extraction/score.py): precision, recall and F1 over shingles
# of four words, averaged over pages.
set -euo pipefail
cd "$(dirname "$0")/.."

bench=${BENCHMARK:-../shared/article-extraction-benchmark}
work=target/extraction
mkdir -p "$work"
if [ ! -x "$work/venv/bin/python" ] || ! "$work/venv/bin/python" -c "import trafilatura" 2>/dev/null; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet trafilatura lxml_html_clean
fi
python="$work/venv/bin/python"
echo "trafilatura: $("$python" -c 'import trafilatura; print(trafilatura.__version__)')"

cargo build --release --quiet --bin dossier
dossier=target/release/dossier
echo "dossier: $("$dossier" --version)"

pages="$work/pages"
rm -rf "$pages" "$work/dossier"
mkdir -p "$pages"
"$dossier" init "$work/dossier" > /dev/null 2>&1
"$python" - "$bench" "$pages" <<'PY'
import gzip, json, os, sys
bench, pages = sys.argv[1], sys.argv[2]
truth = json.load(open(os.path.join(bench, "ground-truth.json"), encoding="utf-8"))
with open(os.path.join(pages, "urls.tsv"), "w") as urls:
    for page, expected in truth.items():
        with gzip.open(os.path.join(bench, "html", page + ".html.gz"), "rb") as f:
            open(os.path.join(pages, page + ".html"), "wb").write(f.read())
        urls.write(f"{page}\t{expected['url']}\n")
PY

failed=0
start=$(date +%s.%N)
while IFS=$'\t' read -r page url; do
  if ! "$dossier" import --root "$work/dossier" --url "$url" "$pages/$page.html" > /dev/null 2> "$work/last-error"; then
    failed=$((failed + 1))
    echo "not imported: $page: $(grep -m1 'error' "$work/last-error")"
  fi
done < "$pages/urls.tsv"
end=$(date +%s.%N)
echo "imported $(( $(wc -l < "$pages/urls.tsv") - failed )) of $(wc -l < "$pages/urls.tsv") pages in $(echo "$end - $start" | bc) s ($failed refused)"

"$dossier" build --root "$work/dossier" --quiet
"$python" scripts/extraction/bodies.py "$work/dossier/site/dossier.json" "$work/dossier.json"
"$python" scripts/extraction/trafilatura_run.py "$bench" "$work/trafilatura.json"
"$python" scripts/extraction/score.py "$bench/ground-truth.json" \
  "dossier import=$work/dossier.json" \
  "trafilatura $("$python" -c 'import trafilatura; print(trafilatura.__version__)')=$work/trafilatura.json"
