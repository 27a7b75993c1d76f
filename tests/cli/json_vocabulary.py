#!/usr/bin/env python3
"""Every subcommand's --json against docs/schema/cli_json.schema.json (docs/cli.md,
"One vocabulary"): the command's required keys, and at every depth the shared
vocabulary (no renamed spellings, units in key names, flags as booleans).
Besides the schema, counts must be written as JSON integers: the raw text is
read with a float hook, so 87.0 where 87 is meant is caught even though JSON
Schema's "integer" would accept it.

Usage: json_vocabulary.py CASE TPE CONFIG SCRATCH_DIR SCHEMA"""
import json
import os
import subprocess
import sys

import jsonschema

case, tpe, config, scratch, schema_path = sys.argv[1:6]
os.makedirs(scratch, exist_ok=True)
os.chdir(scratch)
root = os.path.dirname(os.path.dirname(os.path.abspath(schema_path)))
repo = os.path.dirname(root)

# Keys that hold counts wherever they appear (integers, not 87.0).
COUNT_KEYS = {"cycles", "macs", "gemms", "pe_count", "array_mac_operations", "cycles_model", "cycles_rtl",
              "m", "k", "n", "seed", "host_read_cycles", "host_read_bytes", "layer_macs", "model_macs"}
# Where a count key legitimately holds a mean (per token, per layer of an average).
MEAN_PARENTS = {"per_token"}


class FloatMarker(float):
    pass


def check_counts(node, path, parent=""):
    bad = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k in COUNT_KEYS and isinstance(v, FloatMarker) and parent not in MEAN_PARENTS:
                bad.append(f"{path}.{k} = {v!r} (a count written as a float)")
            bad += check_counts(v, f"{path}.{k}", k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            bad += check_counts(v, f"{path}[{i}]", parent)
    return bad


def run(args):
    out = subprocess.run([tpe] + args, capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        sys.exit(f"FAIL ({case}): tpe {' '.join(args)} exited {out.returncode}: {out.stderr[-2000:]}")
    return out.stdout


cfg8 = os.path.join(repo, "configs/systolic_os_8x8_int8.json")
cases = {
    "sim": ("sim", ["sim", "--config", config, "--gemm", "9x13x7", "--json"]),
    "sim_tlm": ("sim", ["sim", "--config", config, "--gemm", "9x13x7", "--tlm", "--json"]),
    "ref_gemm": ("ref_gemm", ["ref", "--gemm", "8x8x8", "--json"]),
    "ref_layer": ("ref_layer", ["ref", "--json"]),
    "run_model": ("run_model", ["run-model", "--steps", "2", "--scheme", "w8a8", "--json"]),
    "run_model_engine": ("run_model_engine", ["run-model", "--steps", "2", "--scheme", "w8a8", "--config", config, "--json"]),
    "layer": ("layer", ["layer", "--model", "stories260K", "--config", config, "--seq", "8", "--json"]),
    "workload": ("workload", ["workload", "show", "--model", "stories260K", "--json"]),
    "workload_list": (None, ["workload", "list", "--json"]),
    "families": ("families", ["families", "--json"]),
    "dram": ("dram", ["dram", "--requests", "2000", "--json"]),
    "pim": ("pim", ["pim", "--shape", "64x64", "--json"]),
    "accuracy": ("accuracy", ["accuracy", "--steps", "2", "--schemes", "w8a8", "--json"]),
    # Slow (Verilator, Yosys, OpenSTA): ctest label full.
    "cosim": ("cosim", ["cosim", "--config", config, "--gemm", "9x13x7", "--json"]),
    "synth": ("synth", ["synth", "--config", config, "--json"]),
    "energy": ("energy", None),
}
if case not in cases:
    sys.exit(f"FAIL: unknown case {case}")
definition, args = cases[case]
if case == "energy":
    run(["sim", "--config", config, "--gemm", "9x13x7", "--activity", "act.json", "--quiet"])
    args = ["energy", "--config", config, "--activity", "act.json", "--json"]
text = run(args)
doc = json.loads(text, parse_float=FloatMarker)
schema = json.load(open(schema_path))
validator_cls = jsonschema.validators.validator_for(schema)
plain = json.loads(text)
problems = []
for what, ref in [("vocabulary", "#/$defs/vocabulary")] + ([(definition, f"#/$defs/{definition}")] if definition else []):
    v = validator_cls({"$ref": ref, "$defs": schema["$defs"]})
    problems += [f"{what}: {'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in v.iter_errors(plain)]
problems += check_counts(doc, "")
if problems:
    print(f"FAIL ({case}): tpe {' '.join(args)}")
    for p in problems[:30]:
        print("  " + p)
    sys.exit(1)
print(f"ok ({case}): tpe {' '.join(args)} follows the schema ({len(text)} bytes)")
