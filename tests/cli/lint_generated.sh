#!/usr/bin/env bash
# Every generated design passes Verilator's -Wall lint, Yosys's structural
# checks (hierarchy -check; proc; check -assert), and iverilog's parser.
# Usage: lint_generated.sh TPE CONFIG|@LIST...   (@LIST: a file of config paths)
set -euo pipefail
tpe=$1; shift
configs=()
for arg in "$@"; do
  if [ "${arg#@}" != "$arg" ]; then
    [ -f "${arg#@}" ] || { echo "${arg#@}: config list missing (build tpe first)"; exit 1; }
    read -r -a listed < "${arg#@}"; configs+=("${listed[@]}")
  else
    configs+=("$arg")
  fi
done
set -- "${configs[@]}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for cfg in "$@"; do
  out="$work/$(basename "$cfg" .json)"
  "$tpe" gen --config "$cfg" --out "$out" >/dev/null
  top=$(sed -n 's/^ *"top": "\(.*\)",*$/\1/p' "$out/manifest.json")
  [ -n "$top" ] || { echo "$cfg: no top in manifest"; exit 1; }
  # The top's name is the description's tag: the same design twice is linted once.
  case " ${seen:-} " in *" $top "*) echo "same design: $cfg ($top)"; continue;; esac
  seen="${seen:-} $top"
  files=$(ls "$out"/*.v | tr '\n' ' ')
  if ! log=$(verilator --lint-only -Wall --top-module "$top" $files 2>&1); then
    echo "$cfg: verilator --lint-only -Wall failed:"; echo "$log"; exit 1
  fi
  if ! log=$(yosys -q -p "read_verilog $files; hierarchy -check -top $top; proc; check -assert" 2>&1); then
    echo "$cfg: yosys check failed:"; echo "$log" | tail -20; exit 1
  fi
  if ! log=$(iverilog -g2005 -o "$work/a.out" $files 2>&1); then
    echo "$cfg: iverilog failed:"; echo "$log"; exit 1
  fi
  echo "ok: $cfg ($top)"
done
