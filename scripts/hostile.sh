#!/usr/bin/env bash
# Times the inputs that once made a build run without bound, each now linear or stopped at a
# bound with an error:
#
#   scripts/hostile.sh                      this checkout's release build
#   BEFORE=/path/to/dossier scripts/hostile.sh   and another binary beside it, in the same run
#   RUNS=5 LIMIT=300 scripts/hostile.sh     (default: 3 runs each, 120 s before a run is cut)
#
# Each input is the test fixture (tests/fixtures/newsroom) with one thing added:
#   markdown-1mb      a 1 MB Markdown article on one line, full of emphasis, links and code
#   mentions-88k      a 2.4 MB article in one paragraph where an alias matches 88,000 times
#   aliases-10k       10,000 aliases that match nowhere, one per line (`check`, all reported)
#   aliases-20k-line  20,000 aliases that match nowhere, on one line (`check`)
#   common-aliases    the aliases `a` and `the` over a 2.4 MB article
#   endless-template  a template override with two nested range loops of 100,000
# and prints the median time (wall clock) and peak memory of each run, and its exit code.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-3}
limit=${LIMIT:-120}
work=target/hostile
rm -rf "$work"
mkdir -p "$work"
cargo build --release --quiet --bin dossier
binaries=("after=$PWD/target/release/dossier")
[ -n "${BEFORE:-}" ] && binaries=("before=$BEFORE" "${binaries[@]}")

python3 - "$work" <<'PY'
import os, shutil, sys
work = sys.argv[1]
def dossier(name, seeds={}, people="", files={}):
    root = f"{work}/{name}"
    shutil.copytree("tests/fixtures/newsroom", root)
    for path, text in {**seeds, **files}.items():
        open(f"{root}/{path}", "w").write(text)
    if people:
        with open(f"{root}/annotations/people.yaml", "a") as f:
            f.write(people)
long_text = "Smith said the council met again today and Smith left. " * 44000 + "\n"
dossier("markdown-1mb", {"seeds/long.md": ("Some *emphasis* and a [link](https://example.org/) and `code` here. " * 15000)[:1000000] + "\n"})
dossier("mentions-88k", {"seeds/long.txt": long_text},
        "  - id: smith\r\n    name: John Smith\r\n    aliases: [Smith]\r\n")
dossier("aliases-10k", {}, "  - id: many\r\n    name: Many Names\r\n    aliases:\r\n"
        + "".join(f"      - Zqx{i}\r\n" for i in range(10000)))
dossier("aliases-20k-line", {}, "  - id: many\r\n    name: Many Names\r\n    aliases: ["
        + ", ".join(f"Zqx{i}" for i in range(20000)) + "]\r\n")
dossier("common-aliases", {"seeds/long.txt": long_text.replace("Smith", "a man")},
        "  - id: anyone\r\n    name: Anyone\r\n    aliases: [a, the]\r\n")
dossier("endless-template")
os.makedirs(f"{work}/endless-template/templates", exist_ok=True)
open(f"{work}/endless-template/templates/index.html", "w").write(
    '{% extends "base.html" %}\n{% block content %}\n'
    '{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}\n'
    '{% endblock content %}\n')
PY

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-18s %-7s %-6s %10s %10s %5s\n' input binary cmd seconds "peak MB" exit
for input in markdown-1mb mentions-88k aliases-10k aliases-20k-line common-aliases endless-template; do
  cmd=build
  case $input in aliases-*) cmd=check ;; esac
  for entry in "${binaries[@]}"; do
    name=${entry%%=*}
    binary=${entry#*=}
    times=()
    peak=0
    code=0
    for _ in $(seq "$runs"); do
      rm -rf "$work/$input/site" "$work/$input"/.site.*
      set +e
      /usr/bin/time -f '%e %M' -o "$work/time" timeout "$limit" "$binary" "$cmd" \
        --root "$work/$input" >/dev/null 2>&1
      code=$?
      set -e
      read -r seconds kilobytes < <(tail -n1 "$work/time" | grep -Eo '^[0-9.]+ [0-9]+' || echo "$limit 0")
      [ "$code" = 124 ] && seconds=">$limit"
      times+=("$seconds")
      [ "$kilobytes" -gt "$peak" ] && peak=$kilobytes
    done
    printf '%-18s %-7s %-6s %10s %10s %5s\n' "$input" "$name" "$cmd" \
      "$(printf '%s\n' "${times[@]}" | median)" "$((peak / 1024))" "$code"
  done
done
