#!/usr/bin/env bash
# The main job on a built-in default: generate the engine's Verilog, run a
# GEMM on the SystemC model, and co-simulate model, RTL and reference.
set -euo pipefail
cfg=${1:-configs/systolic_os_16x16_int8.json}
gemm=${2:-64x64x64}
out=out/demo
mkdir -p "$out"
echo "== tpe gen: Verilog for $cfg"
./build/tpe gen --config "$cfg" --out "$out/rtl"
echo
echo "== tpe sim: GEMM $gemm on the SystemC cycle model"
./build/tpe sim --config "$cfg" --gemm "$gemm" --activity "$out/activity.json"
echo
echo "== tpe cosim: reference vs model vs Verilated RTL, real stories260K weights"
./build/tpe cosim --config "$cfg" --gemm 64x64x172 --weights stories260K
if ./build/tpe synth --help >/dev/null 2>&1; then
  echo
  echo "== tpe synth: area, timing and power of $cfg"
  ./build/tpe synth --config "$cfg"
fi
