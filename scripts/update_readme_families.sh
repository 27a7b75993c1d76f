#!/usr/bin/env bash
# Rewrites the README's family table from the registry: run after registering a family.
# Usage: scripts/update_readme_families.sh [TPE]   (default build/tpe)
set -euo pipefail
cd "$(dirname "$0")/.."
tpe=${1:-build/tpe}
table=$("$tpe" families --markdown)
python3 - "$table" <<'PY'
import sys
s = open("README.md").read()
a = s.index("<!-- families:begin -->") + len("<!-- families:begin -->")
b = s.index("<!-- families:end -->")
open("README.md", "w").write(s[:a] + "\n" + sys.argv[1] + "\n" + s[b:])
PY
