"""The body text of every imported page: bodies.py DOSSIER_JSON OUT.json

An article's body is its text (as dossier.json gives it, what a reader sees) without its
layout spans (headline, standfirst, byline, dateline, caption). Pages are named by the file
their capture was kept as (`captures/PAGE.html`).
"""

import json
import os
import sys

data = json.load(open(sys.argv[1], encoding="utf-8"))
out = {}
for article in data["articles"]:
    capture = article.get("capture")
    if not capture:
        continue
    page = os.path.basename(capture["file"]).split(".")[0]
    text = article["text"]  # offsets count code points, as Python's str does
    body, at = [], 0
    for span in sorted(article["layout"], key=lambda s: s["start"]):
        body.append(text[at : span["start"]])
        at = span["end"]
    body.append(text[at:])
    out[page] = " ".join(body)
json.dump(out, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
