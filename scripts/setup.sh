#!/usr/bin/env bash
# Installs every missing system dependency from Debian packages; does nothing
# when all are present. The OSU 0.18um liberty comes from qflow-tech-osu018,
# unpacked (not installed: installing it pulls in all of qflow).
set -euo pipefail
PKGS=(cmake g++ make pkg-config verilator libsystemc-dev yosys opensta libfmt-dev
      libboost-program-options-dev catch2 nlohmann-json3-dev iverilog gnuplot
      libyaml-cpp-dev parallel slurm-wlm munge
      python3-jsonschema        # tests/cli/json_vocabulary.py: the --json schema test
      clang-14 libclang-rt-14-dev)  # make fuzz: libFuzzer (libclang_rt.fuzzer) and the sanitizer runtimes
LIB_DIR=/opt/osu018
LIB_FILE=$LIB_DIR/usr/share/qflow/tech/osu018/osu018_stdcells.lib

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
if [ ${#missing[@]} -gt 0 ] || [ ! -f "$LIB_FILE" ]; then
  echo "setup: installing ${missing[*]:-} ${LIB_FILE##*/}"
  $SUDO apt-get update -qq
fi
if [ ${#missing[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if [ ! -f "$LIB_FILE" ]; then
  tmp=$(mktemp -d); chmod 755 "$tmp"
  (cd "$tmp" && apt-get download -q qflow-tech-osu018 >/dev/null 2>&1) || { echo "setup: apt-get download qflow-tech-osu018 failed" >&2; exit 1; }
  $SUDO mkdir -p "$LIB_DIR"
  $SUDO dpkg-deb -x "$tmp"/qflow-tech-osu018_*.deb "$LIB_DIR"
  rm -rf "$tmp"
  [ -f "$LIB_FILE" ] || { echo "setup: $LIB_FILE missing after unpacking qflow-tech-osu018" >&2; exit 1; }
fi
