# Sourced by the hardening CLI tests (output_safety.sh, input_validation.sh).
# fail MESSAGE: ends the test. expect_refusal PATTERN CMD...: CMD must exit
# non-zero below 128 (no crash) with standard error matching PATTERN.
fail() { echo "FAIL ($case_name): $*"; exit 1; }
expect_refusal() {
  local pattern=$1; shift
  local err code
  err=$("$@" 2>&1 >/dev/null); code=$?
  [ $code -ne 0 ] || fail "exit 0: $*"
  [ $code -lt 128 ] || fail "crashed ($code): $*: $err"
  grep -qE -- "$pattern" <<<"$err" || fail "stderr does not match '$pattern': $err"
  echo "ok: $(head -1 <<<"$err")"
}
