#!/usr/bin/env bash
# Bad input through the real `tpe` (docs/cli.md, "Input checks"): each case
# must exit non-zero (no crash), name the field or option and the value in
# its message, and leave no output file. The activity trace and event stream
# are made by `tpe sim` and then damaged one way per case.
# Usage: input_validation.sh CASE TPE CONFIG SCRATCH_DIR
set -uo pipefail
case_name=$1; tpe=$2; config=$3; dir=$4
source "$(dirname "$0")/refusal_lib.sh"
rm -rf "$dir"; mkdir -p "$dir"; cd "$dir" || exit 1
expect() {  # expect PATTERN CMD...: refused, and no output file appeared
  expect_refusal "$@"
  [ ! -e out.json ] || fail "an output file appeared"
}
# A good trace and event stream of GEMM 8x8x8 (87 cycles, 512 MACs on OS 4x4).
"$tpe" sim --config "$config" --gemm 8x8x8 --activity good.json --events good.bin >/dev/null || fail "tpe sim"
damage() {  # damage OUT PYTHON: applies PYTHON to the trace's JSON `j`
  python3 - "$1" "$2" <<'PY'
import json, sys
j = json.load(open("good.json"))
exec(sys.argv[2])
open(sys.argv[1], "w").write(json.dumps(j) if isinstance(j, dict) else j)
PY
}
energy=("$tpe" energy --config "$config" --json)
case $case_name in
  energy_negative)
    damage bad.json 'j["counters"]["array"]["mac"] = -5'
    expect "bad.json: field 'counters.array.mac' has value -5; allowed: an integer in 0..18446744073709551615" "${energy[@]}" --activity bad.json ;;
  energy_overflow)  # 2^64 does not fit a counter
    damage bad.json 'j = json.dumps(j).replace("\"cycles\": 87", "\"cycles\": 18446744073709551616")'
    expect "field 'counters.cycles' has value 1.8446744073709552e\+19; allowed: an integer" "${energy[@]}" --activity bad.json ;;
  energy_1e30)
    damage bad.json 'j["counters"]["array"]["mac"] = 1e30'
    expect "field 'counters.array.mac' has value 1e\+30; allowed: an integer" "${energy[@]}" --activity bad.json ;;
  energy_shape)  # the counters of 8x8x8 under the header of 8x8x80
    damage bad.json 'j["gemm"]["n"] = 80'
    expect "field 'counters.cycles' has value 87; allowed: [0-9]+ \(the closed-form count of GEMM 8x8x80" "${energy[@]}" --activity bad.json ;;
  energy_macs)  # ten times the MACs the shape and the cycles allow
    damage bad.json 'j["counters"]["array"]["mac"] *= 10'
    expect "field 'counters.array.mac' has value 5120; allowed: an integer in 512\.\.1392" "${energy[@]}" --activity bad.json ;;
  energy_config_block)  # the trace's config block disagrees with its own tag
    damage bad.json 'j["config"]["rows"] = 8'
    expect "field 'config_tag' has value \"systolic_os_4x4_i8i8_acc32\"; allowed: \"systolic_os_8x4" "${energy[@]}" --activity bad.json ;;
  energy_no_buffers)
    damage bad.json 'del j["counters"]["buffers"]'
    expect "bad.json: activity trace has no field 'counters.buffers'" "${energy[@]}" --activity bad.json
    damage bad2.json 'del j["counters"]["buffers"]["c"]'
    expect "bad2.json: activity trace has no field 'counters.buffers.c'" "${energy[@]}" --activity bad2.json ;;
  energy_sram)
    expect "--sram-kib has value -1; allowed: 0 \(no SRAM\) or 1..65536 KiB" "${energy[@]}" --activity good.json --sram-kib -1 ;;
  energy_clock)
    expect "--clock-ns has value 0.001; allowed: 0 \(the engine's Fmax\) or 0.1..1000000 ns" "${energy[@]}" --activity good.json --clock-ns 0.001 ;;
  energy_duplicate_key)
    damage bad.json 'j = json.dumps(j).replace("\"cycles\": 87", "\"cycles\": 87, \"cycles\": 8")'
    expect "bad.json: field 'counters.cycles' has value \(given twice\)" "${energy[@]}" --activity bad.json ;;
  events_junk)
    cp good.bin bad.bin; printf 'junk' >> bad.bin
    expect "bad.bin: not a tpe-events-v2 stream \(.*trailing bytes\)" "${energy[@]}" --events bad.bin ;;
  events_header)  # 2^62 records announced: refused before any allocation
    python3 - <<'PY'
import struct
b = bytearray(open("good.bin", "rb").read())
names_len = struct.unpack_from("<I", b, 12)[0]
tag_len = struct.unpack_from("<I", b, 16 + names_len)[0]
at = 16 + names_len + 4 + tag_len + 12 + 8
struct.pack_into("<Q", b, at, 1 << 62)
open("bad.bin", "wb").write(b)
PY
    expect "bad.bin: not a tpe-events-v2 stream \(the header says 4611686018427387904 records.*truncated records\)" "${energy[@]}" --events bad.bin ;;
  events_cycles)
    python3 - <<'PY'
import struct
b = bytearray(open("good.bin", "rb").read())
names_len = struct.unpack_from("<I", b, 12)[0]
tag_len = struct.unpack_from("<I", b, 16 + names_len)[0]
at = 16 + names_len + 4 + tag_len + 12
struct.pack_into("<Q", b, at, 1000)
open("bad.bin", "wb").write(b)
PY
    expect "bad.bin: not a tpe-events-v2 stream \(the records cover 87 cycles, the header says 1000\)" "${energy[@]}" --events bad.bin ;;
  gemm_memory)  # each dimension within 1..2^24, the whole far beyond memory
    expect "GEMM 100000x100000x100000 needs [0-9.]+ GiB of memory .*allowed: at most [0-9.]+ GiB" \
      "$tpe" sim --config "$config" --gemm 100000x100000x100000 --activity out.json ;;
  checkpoint_huge)  # a header of huge (each allowed) dimensions over a 28-byte file
    python3 -c 'import struct; open("huge.bin","wb").write(struct.pack("<7i", 1<<20, 1<<20, 1<<20, 8, 4, 512, 512))'
    expect "huge.bin: header \(dim 1048576, hidden_dim 1048576, 1048576 layers.*describes a [0-9]+-byte checkpoint; the file has 28 bytes \(truncated\)" \
      "$tpe" run-model --checkpoint huge.bin --steps 1 ;;
  config_1e400)
    damage big.json 'j = json.dumps(j["config"]).replace("\"acc_bits\": 32", "\"acc_bits\": 1e400")'
    expect "big.json: field 'acc_bits' has value 1e400; allowed: a number within the range of a double" \
      "$tpe" sim --config big.json --gemm 4x4x4 --activity out.json ;;
  config_duplicate_key)
    damage dup.json 'j = json.dumps(j["config"]).replace("\"rows\": 4", "\"rows\": 0, \"rows\": 4")'
    expect "dup.json: field 'rows' has value \(given twice\)" "$tpe" sim --config dup.json --gemm 4x4x4 --activity out.json ;;
  option_abbreviation)
    expect "unrecognised option '--conf'" "$tpe" sim --conf "$config" --gemm 4x4x4 --activity out.json ;;
  option_stray_word)
    expect "unexpected word 'fast'" "$tpe" sim --config "$config" --gemm 4x4x4 fast --activity out.json ;;
  option_negative_seed)
    expect "--seed has value -1; allowed: a non-negative integer" "$tpe" sim --config "$config" --gemm 4x4x4 --seed -1 --activity out.json ;;
  ref_gemm_memory)  # tpe ref --gemm allocates A, B and C: checked first
    expect "GEMM 100000x100000x100000 needs [0-9.]+ GiB of memory .*allowed: at most [0-9.]+ GiB" \
      "$tpe" ref --gemm 100000x100000x100000 ;;
  sweep_duplicate_key)  # JSON and YAML specs: a key given twice is refused, not the last one taken
    printf '{"name": "a", "base": "%s", "name": "b", "workload": {"gemm": "8x8x8"}}' "$config" >dup.json
    expect "dup.json: field 'name' has value \(given twice\)" "$tpe" sweep --spec dup.json --out out.json
    printf 'name: a\nbase: %s\nworkload:\n  gemm: 8x8x8\n  gemm: 16x16x16\n' "$config" >dup.yaml
    expect "dup.yaml: field 'gemm' has value \(given twice\)" "$tpe" sweep --spec dup.yaml --out out.json ;;
  compare_paper_duplicate_key)
    printf '{"workload": {"gemm": "8x8x8", "source": "random"}, "rows": [], "rows": []}' >dup.json
    expect "dup.json: field 'rows' has value \(given twice\)" "$tpe" compare-paper --spec dup.json ;;
  plot_duplicate_key)  # every JSON input of tpe plot
    printf '{"rows": [], "config_tag": "a", "config_tag": "b"}' >dup.json
    expect "dup.json: field 'config_tag' has value \(given twice\)" "$tpe" plot energy --run dup.json --out out
    [ ! -e out.png ] || fail "a figure appeared" ;;
  option_placeholder)  # Boost's message builder looped forever on this (found by fuzz_cli)
    expect "argument '%value%' contains '%value%'; allowed: no %NAME% sequence" \
      timeout 10 "$tpe" sim --config "$config" --gemm 4x4x4 --seed %value% --activity out.json
    # A placeholder behind a first '%' pair that is not a word (fuzz_cli timeout-f718b846).
    expect "contains '%canonical_option%'; allowed: no %NAME% sequence" \
      timeout 10 "$tpe" sim --config "$config" --gemm 4x4x4 --seed "-%4 x%canonical_option%" ;;
  *) fail "unknown case" ;;
esac
