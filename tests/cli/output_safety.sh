#!/usr/bin/env bash
# Output files through the real `tpe` (docs/cli.md, "Output files"): a target
# that is not a regular file is refused and left as it was, write failures
# (a full device, RLIMIT_FSIZE, an unwritable directory) give a message and a
# non-zero exit with no file and no temporary left, and a killed run leaves
# nothing. Usage: output_safety.sh CASE TPE CONFIG SCRATCH_DIR
set -uo pipefail
case_name=$1; tpe=$2; config=$3; dir=$4
source "$(dirname "$0")/refusal_lib.sh"
rm -rf "$dir"; mkdir -p "$dir"; cd "$dir" || exit 1
# only FILES...: the directory holds exactly these names (no temporaries).
only() {
  local want got
  want=$(printf '%s\n' "$@" | sort); got=$(ls -A | sort)
  [ "$want" = "$got" ] || fail "directory holds [$got], expected [$want]"
}
sim=("$tpe" sim --config "$config" --gemm 8x8x8)

case $case_name in
  device)  # root could lose /dev/null to a rename
    before=$(stat -c '%F %t:%T' /dev/null)
    expect_refusal "--trace: /dev/null exists and is a character device; refusing" "${sim[@]}" --trace /dev/null
    expect_refusal "--activity: /dev/null exists and is a character device" "${sim[@]}" --activity /dev/null
    expect_refusal "--events: /dev/null exists and is a character device" "${sim[@]}" --events /dev/null
    expect_refusal "--log: /dev/null exists and is a character device" "$tpe" dram --requests 10 --log /dev/null
    [ "$(stat -c '%F %t:%T' /dev/null)" = "$before" ] || fail "/dev/null changed"
    only ;;
  symlink)
    echo kept > real.txt; ln -s real.txt link.txt
    expect_refusal "--trace: link.txt exists and is a symbolic link" "${sim[@]}" --trace link.txt
    [ -L link.txt ] && [ "$(cat real.txt)" = kept ] || fail "link or its target changed"
    only real.txt link.txt ;;
  directory)
    mkdir d
    expect_refusal "--activity: d exists and is a directory" "${sim[@]}" --activity d
    mkdir -p g/manifest.json
    expect_refusal "manifest.json exists and is a directory" "$tpe" gen --config "$config" --out g
    [ "$(ls -A g)" = manifest.json ] || fail "gen wrote into g: $(ls -A g)"
    only d g ;;
  full_stdout)  # /dev/full: every write fails with ENOSPC
    expect_refusal "--trace: cannot write standard output \(No space left on device\)" \
      bash -c '"$@" --trace - >/dev/full' _ "${sim[@]}"
    expect_refusal "cannot write standard output" bash -c '"$@" --json >/dev/full' _ "${sim[@]}"
    only ;;
  fsize)  # a file system that fills up mid-file, emulated with ulimit -f
    echo old > t.txt
    expect_refusal "--trace: cannot write t.txt \(File too large\)" \
      bash -c 'ulimit -f 64; exec "$@" --trace t.txt' _ "$tpe" sim --config "$config" --gemm 64x64x64
    [ "$(cat t.txt)" = old ] || fail "t.txt was changed"
    expect_refusal "--events: cannot write e.bin \(File too large\)" \
      bash -c 'ulimit -f 1; exec "$@" --events e.bin' _ "$tpe" sim --config "$config" --gemm 64x64x64
    only t.txt ;;
  unwritable_dir)  # a read-only directory; root writes through modes, so it runs as nobody
    mkdir ro && chmod 555 ro
    as=()
    if [ "$(id -u)" = 0 ]; then
      command -v setpriv >/dev/null || { echo "skipped: root without setpriv"; exit 0; }
      as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    fi
    expect_refusal "--trace: cannot write ro/t.txt \(Permission denied\)" "${as[@]}" "${sim[@]}" --trace ro/t.txt
    [ -z "$(ls -A ro)" ] || fail "ro/ holds $(ls -A ro)"
    expect_refusal "--trace: cannot write /proc/tpe_no_such_dir/t.txt: the directory /proc/tpe_no_such_dir does not exist" \
      "${sim[@]}" --trace /proc/tpe_no_such_dir/t.txt ;;
  killed)  # SIGKILL and SIGTERM in the middle of a long trace: nothing left
    for sig in KILL TERM; do
      "$tpe" sim --config "$config" --gemm 256x256x256 --trace t.txt >/dev/null 2>&1 & pid=$!
      for _ in $(seq 100); do  # until the run is under way (SystemC elaborated)
        sleep 0.05; [ "$(readlink /proc/$pid/fd/* 2>/dev/null | grep -c "$dir")" -gt 0 ] && break
      done
      sleep 0.3; kill -$sig $pid; wait $pid; code=$?
      [ $code -ge 128 ] || fail "the run ended by itself before SIG$sig (exit $code): make the GEMM longer"
      only
    done
    echo "ok: nothing left after SIGKILL and SIGTERM" ;;
  *) fail "unknown case" ;;
esac
