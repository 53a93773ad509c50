"""Scores extracted article bodies with the Article Extraction Benchmark's metric.

    score.py GROUND_TRUTH.json NAME=PREDICTIONS.json...

Each PREDICTIONS file maps a page's id to the text extracted from it. Per page, both texts
are split into word tokens (\\w+), every run of four tokens is a shingle, and shingles are
counted as multisets: true positives are the shared count, false positives what the
prediction has beyond the truth, false negatives the reverse; the three are normalised to sum
to 1 for the page. Precision and recall are averaged over pages, and F1 is taken of the
averages, as the benchmark's own evaluation does.
"""

import json
import re
import sys
from collections import Counter

TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text):
    tokens = TOKEN.findall(text or "")
    if len(tokens) < 4:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))


def page_counts(truth, predicted):
    t, p = shingles(truth), shingles(predicted)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def precision_recall(tp, fp, fn):
    if fp == fn == 0:
        return 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / (tp + fn) if tp + fn > 0 else 0.0
    return precision, recall


def score(truth, predictions):
    precisions, recalls = [], []
    for page, expected in truth.items():
        tp, fp, fn = page_counts(expected["articleBody"], predictions.get(page, ""))
        precision, recall = precision_recall(tp, fp, fn)
        if tp + fp > 0 or fp == fn == 0:
            precisions.append(precision)
        if tp + fn > 0 or fp == fn == 0:
            recalls.append(recall)
    p = sum(precisions) / len(precisions)
    r = sum(recalls) / len(recalls)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def main():
    truth = json.load(open(sys.argv[1], encoding="utf-8"))
    print(f"{'extractor':<28} {'precision':>9} {'recall':>7} {'F1':>6}   pages")
    for arg in sys.argv[2:]:
        name, path = arg.split("=", 1)
        predictions = json.load(open(path, encoding="utf-8"))
        p, r, f1 = score(truth, predictions)
        found = sum(1 for page in truth if predictions.get(page))
        print(f"{name:<28} {p:>9.3f} {r:>7.3f} {f1:>6.3f}   {found}/{len(truth)}")


if __name__ == "__main__":
    main()
