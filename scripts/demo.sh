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
./build/tpe sim --config "$cfg" --gemm "$gemm"
echo
echo "== tpe cosim: reference vs model vs Verilated RTL, real stories260K weights"
./build/tpe cosim --config "$cfg" --gemm 64x64x172 --weights stories260K
echo
echo "== tpe synth: area, timing and power of $cfg"
./build/tpe synth --config "$cfg"
echo
echo "== tpe energy: an LLM layer tile (stories260K weights) replayed against gate-level per-action energies"
echo "   (the first run on a config characterizes it with Yosys + OpenSTA: a few minutes, then cached)"
./build/tpe sim --config "$cfg" --gemm 64x64x172 --weights stories260K --activity "$out/activity.json" >/dev/null
./build/tpe energy --activity "$out/activity.json" --config "$cfg" --sram-kib 256 --dram HBM2
