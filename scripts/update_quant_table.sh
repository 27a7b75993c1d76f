#!/usr/bin/env bash
# Rewrites docs/quantization.md's accuracy table ("Accuracy on stories260K")
# from `tpe accuracy --markdown`: run after adding or changing a scheme.
# Usage: scripts/update_quant_table.sh [TPE]   (default build/tpe)
set -euo pipefail
cd "$(dirname "$0")/.."
tpe=${1:-build/tpe}
table=$("$tpe" accuracy --markdown)
python3 - "$table" <<'PY'
import sys
path = "docs/quantization.md"
s = open(path).read()
a = s.index("<!-- accuracy:begin -->") + len("<!-- accuracy:begin -->")
b = s.index("<!-- accuracy:end -->")
open(path + ".tmp", "w").write(s[:a] + "\n" + sys.argv[1] + "\n" + s[b:])
PY
mv docs/quantization.md.tmp docs/quantization.md
