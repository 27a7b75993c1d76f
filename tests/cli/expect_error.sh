#!/usr/bin/env bash
# Runs a command that must fail: non-zero exit, no crash (exit < 128), and
# standard error matching a pattern. Usage: expect_error.sh PATTERN CMD...
set -u
pattern=$1; shift
err=$("$@" 2>&1 >/dev/null); code=$?
if [ $code -eq 0 ]; then echo "expected failure, got exit 0: $*"; exit 1; fi
if [ $code -ge 128 ]; then echo "crashed with exit $code: $*"; echo "$err"; exit 1; fi
if ! grep -qE -- "$pattern" <<<"$err"; then echo "stderr does not match '$pattern':"; echo "$err"; exit 1; fi
echo "ok: exit $code, message: $(head -1 <<<"$err")"
