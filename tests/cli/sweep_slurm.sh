#!/usr/bin/env bash
# tpe sweep --backend slurm on a real single-node Slurm (scripts/slurm_local.sh):
# the same results as the local backend. Skipped (77) without slurm-wlm or root.
set -euo pipefail
TPE=$1; SRC=$2; WORK=$3
command -v sbatch >/dev/null && command -v slurmd >/dev/null || { echo "slurm-wlm not installed: skipped"; exit 77; }
[ "$(id -u)" -eq 0 ] || { echo "not root: skipped"; exit 77; }
SPEC=$SRC/configs/sweeps/small_gemm_cycle_model.json
rm -rf "$WORK"; mkdir -p "$WORK"
export SLURM_LOCAL_DIR=$WORK/cluster
eval "$("$SRC/scripts/slurm_local.sh" start)"
trap '"$SRC/scripts/slurm_local.sh" stop' EXIT
"$TPE" sweep --spec "$SPEC" --out "$WORK/slurm" --jobs 3 --backend slurm 2> "$WORK/progress.txt"
ls "$WORK/slurm/slurm/task-0.out" "$WORK/slurm/slurm/task-2.out" >/dev/null
"$TPE" sweep --spec "$SPEC" --out "$WORK/local" --jobs 2 2> /dev/null
cmp "$WORK/local/results.csv" "$WORK/slurm/results.csv"
cmp "$WORK/local/pareto.csv" "$WORK/slurm/pareto.csv"
echo "sweep_slurm: ok"
