#!/usr/bin/env bash
# `tpe cosim --wave`: both waveforms are written, valid VCD, with the RTL
# top's ports in both, and the RTL's VCD (Verilator tracing) agrees with the
# model's (sc_trace) on every port at every rising edge, except where the
# model's shows X: a data port whose gate is off, whose value nobody reads
# (the RTL's may be anything there).
# Usage: wave_check.sh TPE CONFIG GEMM OUTDIR
set -euo pipefail
tpe=$1; config=$2; gemm=$3; out=$4
rm -rf "$out"; mkdir -p "$out"
"$tpe" cosim --config "$config" --gemm "$gemm" --wave "$out/run.vcd" >"$out/cosim.txt"
grep -q "waveforms          : RTL $out/run.vcd, model $out/run.model.vcd" "$out/cosim.txt"
python3 - "$out/run.vcd" "$out/run.model.vcd" <<'PY'
import sys

def read_vcd(path):
    """Signals of the outermost scope: name -> {time: int value}, and the times seen."""
    ids, depth, values, t, times = {}, 0, {}, 0, set()
    with open(path) as f:
        tokens = f.read().split()
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok == "$scope":
            depth += 1; i += 3; continue
        if tok == "$upscope":
            depth -= 1; i += 2; continue
        if tok == "$var":
            end = tokens.index("$end", i)
            ident, name = tokens[i + 3], tokens[i + 4]
            if depth == 1:
                ids[ident] = name
                values[name] = {}
            i = end + 1; continue
        if tok.startswith("$"):
            if tok in ("$dumpvars", "$end"):
                i += 1; continue
            i = tokens.index("$end", i) + 1; continue
        if tok.startswith("#"):
            t = int(tok[1:]); times.add(t); i += 1; continue
        if tok[0] in "bB":
            val, ident = tok[1:], tokens[i + 1]; i += 2
        else:
            val, ident = tok[0], tok[1:]; i += 1
        if ident in ids:
            values[ids[ident]][t] = None if ("x" in val or "X" in val) else int(val.replace("z", "0"), 2)
    return values, sorted(times)

def at(series, t):
    best = None
    for k in sorted(series):
        if k <= t: best = series[k]
        else: break
    return best

rtl, rtl_times = read_vcd(sys.argv[1])
model, model_times = read_vcd(sys.argv[2])
missing = [n for n in model if n not in rtl]
assert not missing, f"ports in the model's waveform but not on the RTL top: {missing}"
edges = list(range(1000, max(model_times) + 1, 1000))  # every rising edge of the run
assert len(edges) > 10, f"only {len(edges)} edges in the model's waveform"
bad, compared = [], 0
for t in edges:
    for name, series in model.items():
        if name == "rst" or at(series, t) is None: continue
        compared += 1
        if at(series, t) != at(rtl[name], t):
            bad.append(f"{name} at {t} ps: model {at(series, t)}, RTL {at(rtl[name], t)}")
assert not bad, "waveforms differ:\n  " + "\n  ".join(bad[:10])
assert compared > len(edges), "almost nothing compared"
print(f"ok: {len(edges)} edges, {len(model)} ports, {compared} port values agree between {sys.argv[1]} and {sys.argv[2]}")
PY
