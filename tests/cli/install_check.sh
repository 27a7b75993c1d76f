#!/usr/bin/env bash
# `make install` works and an installed tpe is self-contained: installs the
# build into a temporary prefix, then from another directory (and with the
# environment's data overrides removed) runs the demo GEMM, a GEMM on the
# bundled stories260K weights and a run-model; the data directory tpe reports
# must be the prefix's. Usage: install_check.sh BUILD_DIR SCRATCH_DIR
set -euo pipefail
build=$1; scratch=$2
rm -rf "$scratch"; mkdir -p "$scratch/elsewhere"
prefix=$scratch/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/tpe share/tpe/data/stories260K/stories260K.bin share/tpe/data/stories260K/LICENSE \
         share/tpe/configs/systolic_os_16x16_int8.json share/tpe/configs/dram/hbm2.json share/doc/tpe/README.md \
         share/doc/tpe/cli.md; do
  [ -f "$prefix/$f" ] || { echo "not installed: $f"; exit 1; }
done
cd "$scratch/elsewhere"
tpe() { env -u TPE_DATA_DIR -u TPE_STORIES260K "$prefix/bin/tpe" "$@"; }
tpe --version | tee version.txt
grep -qE '^tpe [0-9]+\.[0-9]+\.[0-9]+$' version.txt
grep -qx "data: $prefix/share/tpe" version.txt
cfg=$prefix/share/tpe/configs/systolic_os_16x16_int8.json
tpe sim --config "$cfg" --gemm 64x64x64 | tee sim.txt  # the demo GEMM (make demo)
grep -q "vs reference  : bit-exact" sim.txt
tpe sim --config "$prefix/share/tpe/configs/systolic_os_4x4_int8.json" --gemm 8x16x8 --weights stories260K | tee real.txt
grep -q "stories260K token embeddings" real.txt && grep -q "bit-exact" real.txt
tpe run-model --scheme w8a8 --steps 4 --json > run.json
python3 - "$prefix" <<'PY'
import json, sys
j = json.load(open("run.json"))
assert j["model"] == sys.argv[1] + "/share/tpe/data/stories260K/stories260K.bin", j["model"]
assert len(j["quantized"]["tokens"]) == 4, j["quantized"]
print("run-model:", j["model"], "tokens", j["quantized"]["tokens"])
PY
tpe dram --preset hbm2 --requests 100 >/dev/null  # the DRAM presets come from the prefix too
[ -z "$(ls -A "$scratch/elsewhere" | grep -v '\.txt$\|\.json$')" ]
echo "ok: installed tpe works from $scratch/elsewhere"
