#!/usr/bin/env bash
# make bench: every benchmark, figures and ratios measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
B=build/bench
echo "### reference GEMM"
$B/bench_reference_gemm
echo
echo "### SystemC model vs Verilated RTL"
$B/bench_model_vs_rtl configs/systolic_os_16x16_int8.json 256x256x256
$B/bench_model_vs_rtl configs/systolic_ws_16x16_int8.json 256x256x256
$B/bench_model_vs_rtl configs/systolic_os_32x32_int8.json 256x256x256
for extra in $B/bench_*; do
  case "$(basename "$extra")" in bench_reference_gemm|bench_model_vs_rtl) continue;; esac
  echo
  echo "### $(basename "$extra")"
  "$extra"
done
