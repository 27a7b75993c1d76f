#!/usr/bin/env bash
# The README's family table is `tpe families --markdown`, verbatim: a family
# registered without its row (or a row left behind) fails here.
# Usage: readme_families.sh TPE README.md
set -euo pipefail
tpe=$1; readme=$2
want=$("$tpe" families --markdown)
got=$(sed -n '/<!-- families:begin -->/,/<!-- families:end -->/p' "$readme" | sed '1d;$d')
if [ "$want" != "$got" ]; then
  echo "$readme: the family table between <!-- families:begin --> and <!-- families:end --> is not"
  echo "what 'tpe families --markdown' prints; replace it with:"; echo "$want"
  exit 1
fi
echo "ok: $readme lists every registered family"
