"""Runs trafilatura on the benchmark's pages: run.py BENCHMARK_DIR OUT.json [precision]"""

import gzip
import json
import os
import sys

import trafilatura

bench = sys.argv[1]
truth = json.load(open(os.path.join(bench, "ground-truth.json"), encoding="utf-8"))
out = {}
for page, expected in truth.items():
    with gzip.open(os.path.join(bench, "html", page + ".html.gz"), "rt", encoding="utf-8") as f:
        html = f.read()
    out[page] = trafilatura.extract(html, url=expected["url"]) or ""
json.dump(out, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
