#!/usr/bin/env bash
# layer and run-model take the engine description as --config like every
# other command (docs/cli.md, "One vocabulary"); their old spellings --engine
# and --engine-rtl still work for one release with a warning, and giving
# both spellings is refused.
set -uo pipefail
TPE=$1; CFG=$2
WORK_ERR=$(mktemp); trap 'rm -f "$WORK_ERR"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# The old spelling gives the same report as the new one, plus a warning.
new=$("$TPE" layer --model stories260K --seq 4 --config "$CFG" --fast 2>"$WORK_ERR") || fail "layer --config failed"
old=$("$TPE" layer --model stories260K --seq 4 --engine "$CFG" --fast 2>"$WORK_ERR") || fail "layer --engine failed"
grep -q "tpe layer: warning: --engine is deprecated; use --config (same meaning)" "$WORK_ERR" || fail "no warning for layer --engine: $(cat "$WORK_ERR")"
# Wall-clock lines differ between runs; everything else must not.
[ "$(grep -v wall <<<"$new")" = "$(grep -v wall <<<"$old")" ] || fail "layer --engine and --config differ"

expect() {  # PATTERN CMD...: non-zero exit (no crash) and stderr matching
  local pattern=$1; shift
  local err code
  err=$("$@" 2>&1 >/dev/null); code=$?
  [ $code -ne 0 ] && [ $code -lt 128 ] || fail "exit $code: $*"
  grep -qE -- "$pattern" <<<"$err" || fail "stderr of '$*' does not match '$pattern': $err"
}
expect "--engine and --config are the same option" "$TPE" layer --model stories260K --engine "$CFG" --config "$CFG" --fast
expect "the option '--config' is required but missing" "$TPE" layer --model stories260K --fast
expect "--engine and --config are the same option" "$TPE" run-model --scheme w8a8 --steps 2 --engine "$CFG" --config "$CFG"
expect "--engine-rtl and --rtl-steps are the same option" "$TPE" run-model --scheme w8a8 --steps 2 --config "$CFG" --engine-rtl 1 --rtl-steps 1
# The old spelling reaches the same check as the new one (no Verilator run:
# the count is out of range), after its warning.
expect "warning: --engine-rtl is deprecated; use --rtl-steps.*" "$TPE" run-model --scheme w8a8 --steps 2 --config "$CFG" --engine-rtl 9
expect "--rtl-steps 9 is out of range; allowed 0..2" "$TPE" run-model --scheme w8a8 --steps 2 --config "$CFG" --engine-rtl 9
echo "ok: --engine and --engine-rtl are deprecated aliases of --config and --rtl-steps"
