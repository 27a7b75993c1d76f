# Bad input through the real `tpe`: a clear message naming file, field,
# value and range, a non-zero exit, no crash, no partial output.
set(EXPECT ${CMAKE_CURRENT_SOURCE_DIR}/cli/expect_error.sh)
set(BAD ${CMAKE_CURRENT_BINARY_DIR}/bad_configs)
file(MAKE_DIRECTORY ${BAD})
file(WRITE ${BAD}/malformed.json "{\"family\": \"systolic\", ")
file(WRITE ${BAD}/family.json "{\"family\":\"tpu\",\"dataflow\":\"os\",\"rows\":4,\"cols\":4,\"a\":{\"bits\":8},\"b\":{\"bits\":8},\"acc_bits\":32}")
file(WRITE ${BAD}/width.json "{\"family\":\"systolic\",\"dataflow\":\"os\",\"rows\":4,\"cols\":4,\"a\":{\"bits\":17},\"b\":{\"bits\":8},\"acc_bits\":32}")
file(WRITE ${BAD}/rows.json "{\"family\":\"systolic\",\"dataflow\":\"ws\",\"rows\":300,\"cols\":4,\"a\":{\"bits\":8},\"b\":{\"bits\":8},\"acc_bits\":32}")
set(GOOD ${PROJECT_SOURCE_DIR}/configs/systolic_os_4x4_int8.json)

function(tpe_cli_error name pattern)
  add_test(NAME cli_${name} COMMAND ${EXPECT} "${pattern}" $<TARGET_FILE:tpe> ${ARGN})
  set_tests_properties(cli_${name} PROPERTIES LABELS cli)
endfunction()

tpe_cli_error(malformed_json "malformed.json: malformed JSON" sim --config ${BAD}/malformed.json --gemm 4x4x4)
tpe_cli_error(unknown_family "family.json: field 'family' has value \"tpu\"; allowed: .*\"systolic\"" sim --config ${BAD}/family.json --gemm 4x4x4)
tpe_cli_error(width_range "width.json: field 'a.bits' has value 17; allowed: an integer in 2..16" gen --config ${BAD}/width.json --out ${CMAKE_CURRENT_BINARY_DIR}/never)
tpe_cli_error(rows_range "rows.json: field 'rows' has value 300; allowed: an integer in 1..256" cosim --config ${BAD}/rows.json --gemm 4x4x4)
tpe_cli_error(missing_config "nope.json: cannot open config file" sim --config ${BAD}/nope.json --gemm 4x4x4)
tpe_cli_error(zero_dim "M = 0 is out of range; allowed 1..16777216" sim --config ${GOOD} --gemm 0x4x4)
tpe_cli_error(negative_dim "K = -3 is out of range" cosim --config ${GOOD} --gemm 4x-3x4)
tpe_cli_error(bad_shape "not of the form MxKxN" sim --config ${GOOD} --gemm 4x4)
tpe_cli_error(unknown_weights "unknown operand source 'llama'" sim --config ${GOOD} --gemm 4x4x4 --weights llama)
tpe_cli_error(unknown_option "unrecognised option '--frobnicate'" sim --config ${GOOD} --gemm 4x4x4 --frobnicate)
tpe_cli_error(unknown_command "unknown command 'frobnicate'" frobnicate)
tpe_cli_error(unwritable_out "cannot create output directory" gen --config ${GOOD} --out /proc/tpe_cannot_write_here)
add_test(NAME cli_verilator_missing
         COMMAND ${EXPECT} "verilator is not on PATH: install it with .make setup."
                 env PATH=/nonexistent $<TARGET_FILE:tpe> cosim --config ${GOOD} --gemm 4x4x4)
set_tests_properties(cli_verilator_missing PROPERTIES ENVIRONMENT "TPE_CACHE_DIR=${CMAKE_CURRENT_BINARY_DIR}/empty_cache")
# A failed generation leaves nothing behind: the directory stays absent.
add_test(NAME cli_no_partial_output
         COMMAND sh -c "! test -e ${CMAKE_CURRENT_BINARY_DIR}/never"
         )
set_tests_properties(cli_no_partial_output PROPERTIES DEPENDS cli_width_range)

# tpe synth end to end on a small engine (Yosys + OpenSTA for real).
add_test(NAME cli_synth_4x4 COMMAND $<TARGET_FILE:tpe> synth --config ${GOOD} --scale-to 45)
set_tests_properties(cli_synth_4x4 PROPERTIES ENVIRONMENT "TPE_CACHE_DIR=${CMAKE_CURRENT_BINARY_DIR}/synth_cache"
                     PASS_REGULAR_EXPRESSION "total area : [1-9][0-9]* um2 = 0\\.[0-9]+ mm2.*Fmax [1-9][0-9.]* MHz.*at 45 nm : area"
                     TIMEOUT 300)
add_test(NAME cli_synth_yosys_missing
         COMMAND ${EXPECT} "yosys.*make setup" env PATH=/nonexistent $<TARGET_FILE:tpe> synth --config ${GOOD})
set_tests_properties(cli_synth_yosys_missing PROPERTIES ENVIRONMENT "TPE_CACHE_DIR=${CMAKE_CURRENT_BINARY_DIR}/empty_synth_cache")
tpe_cli_error(synth_bad_node "--scale-to 33 nm is not a supported node" synth --config ${GOOD} --scale-to 33)

# Every shipped configuration and every configuration of the co-simulation
# matrix (all families, all PE variants) generates Verilog that lints clean.
# The shipped arrays above 16x16 and the HBM-PIM devices of 16 and 128
# near-bank units (the matrix lints the 8-unit one) take minutes: `make test-full` only.
file(GLOB LINT_CONFIGS ${PROJECT_SOURCE_DIR}/configs/*.json)
set(LINT_BIG ${LINT_CONFIGS})
list(FILTER LINT_CONFIGS EXCLUDE REGEX "32x32|hbmpim_")
list(FILTER LINT_BIG INCLUDE REGEX "32x32|hbmpim_")
add_test(NAME lint_generated_designs
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/lint_generated.sh $<TARGET_FILE:tpe> ${LINT_CONFIGS}
                 @${PROJECT_BINARY_DIR}/tests/cosim_matrix_tests.lint)
add_test(NAME lint_generated_designs_big
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/lint_generated.sh $<TARGET_FILE:tpe> ${LINT_BIG})
set_tests_properties(lint_generated_designs_big PROPERTIES LABELS "lint;full" TIMEOUT 1800)
set_tests_properties(lint_generated_designs PROPERTIES LABELS lint TIMEOUT 900)

# tpe energy refuses a trace made for another config, before any synthesis;
# a missing sta gives the `make setup` hint.
set(ENERGY_TRACE ${PROJECT_SOURCE_DIR}/tests/data/energy/trace_os_4x4_8x8x8.json)
tpe_cli_error(energy_trace_mismatch "trace refused: it was made for config 'systolic_os_4x4_i8i8_acc32', not 'systolic_os_8x8_i8i8_acc32'"
              energy --activity ${ENERGY_TRACE} --config ${PROJECT_SOURCE_DIR}/configs/systolic_os_8x8_int8.json)
tpe_cli_error(energy_one_input "give exactly one of --activity, --events" energy --config ${GOOD})
add_test(NAME cli_energy_sta_missing
         COMMAND ${EXPECT} "make setup"
                 env PATH=/nonexistent $<TARGET_FILE:tpe> energy --activity ${ENERGY_TRACE} --config ${GOOD}
                 --cache-dir ${CMAKE_CURRENT_BINARY_DIR}/empty_energy_cache)

# The README's family table is the registry's (tpe families --markdown).
add_test(NAME cli_readme_families
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/readme_families.sh $<TARGET_FILE:tpe> ${PROJECT_SOURCE_DIR}/README.md)
set_tests_properties(cli_readme_families PROPERTIES LABELS cli)

# Workloads on engines (docs/workloads.md): refusals with the reason.
set(W4 ${PROJECT_SOURCE_DIR}/configs/systolic_os_4x4_int4.json)
tpe_cli_error(run_model_engine_formats "cannot run scheme 'w8a8': 'layer 0 wq' asks for A i8 x B i8 with a 32-bit accumulator: activations .A. in i8 do not fit the engine's A format i4"
              run-model --config ${W4} --scheme w8a8 --steps 2)
tpe_cli_error(run_model_engine_fp32 "scheme 'fp32' has no integer GEMM" run-model --config ${GOOD} --scheme fp32 --steps 2)
tpe_cli_error(layer_dram_preset "--dram: field 'memory.preset' has value \"HBM2\"; allowed: .*\"hbm2\"" layer --model stories260K --config ${GOOD} --dram HBM2)
tpe_cli_error(layer_dram_and_bandwidth "--dram and --bandwidth: give one" layer --model stories260K --config ${GOOD} --dram hbm2 --bandwidth 10)
# An engine description naming a memory: its fields are validated like every other.
file(WRITE ${BAD}/memory_channels.json "{\"family\":\"systolic\",\"dataflow\":\"os\",\"rows\":4,\"cols\":4,\"a\":{\"bits\":8},\"b\":{\"bits\":8},\"acc_bits\":32,\"memory\":{\"preset\":\"hbm2\",\"channels\":2000}}")
tpe_cli_error(memory_channels "memory_channels.json: field 'memory.channels' has value 2000; allowed: an integer in 0..1024" sim --config ${BAD}/memory_channels.json --gemm 4x4x4)
tpe_cli_error(layer_bad_phase "phase .middle. is not one of: prefill, decode" layer --model stories260K --config ${GOOD} --phase middle)
# layer and run-model: --config like every command; --engine, --engine-rtl deprecated.
add_test(NAME cli_renamed_engine_option
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/renamed_engine_option.sh $<TARGET_FILE:tpe> ${GOOD})
set_tests_properties(cli_renamed_engine_option PROPERTIES LABELS cli)

# Sweeps (docs/sweeps.md): rows == points, invalid points recorded, resume
# after kill -9 on the local and GNU parallel backends, a real one-node Slurm.
set(SWEEP_WORK ${CMAKE_CURRENT_BINARY_DIR}/sweep_work)
add_test(NAME cli_sweep_local COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/sweep_local.sh $<TARGET_FILE:tpe> ${PROJECT_SOURCE_DIR} ${SWEEP_WORK}/local)
add_test(NAME cli_sweep_resume_local
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/sweep_resume.sh $<TARGET_FILE:tpe> ${PROJECT_SOURCE_DIR} ${SWEEP_WORK}/resume_local local)
add_test(NAME cli_sweep_resume_parallel
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/sweep_resume.sh $<TARGET_FILE:tpe> ${PROJECT_SOURCE_DIR} ${SWEEP_WORK}/resume_parallel parallel)
add_test(NAME cli_sweep_slurm COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/sweep_slurm.sh $<TARGET_FILE:tpe> ${PROJECT_SOURCE_DIR} ${SWEEP_WORK}/slurm)
set_tests_properties(cli_sweep_resume_parallel cli_sweep_slurm PROPERTIES SKIP_RETURN_CODE 77)
# One Slurm cluster at a time on the machine (its daemons use fixed ports).
set_tests_properties(cli_sweep_slurm PROPERTIES RESOURCE_LOCK slurm TIMEOUT 180)
tpe_cli_error(sweep_bad_backend "--backend 'ray' is unknown; allowed: local, parallel, slurm"
              sweep --spec ${PROJECT_SOURCE_DIR}/configs/sweeps/small_gemm_cycle_model.json --out ${SWEEP_WORK}/never --backend ray)
tpe_cli_error(sweep_bad_metric "field 'metrics' has value \"speed\"; allowed: cycles, macs"
              sweep --spec ${BAD}/sweep_metric.json --out ${SWEEP_WORK}/never2)
file(WRITE ${BAD}/sweep_metric.json "{\"base\": {\"family\": \"systolic\"}, \"workload\": {\"gemm\": \"4x4x4\"}, \"metrics\": [\"speed\"]}")

# A sweep at synthesis fidelity in an empty cache (area, Fmax, energy, TOPS/W,
# TOPS/mm2 of a 2x2 int4 array, OS and WS, against tpe synth / tpe energy):
# two characterizations with gate-level runs in an empty cache: minutes, so
# make test-full only.
add_test(NAME cli_sweep_synthesis
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/sweep_synthesis.sh $<TARGET_FILE:tpe> ${PROJECT_SOURCE_DIR} ${SWEEP_WORK}/synthesis)
set_tests_properties(cli_sweep_synthesis PROPERTIES LABELS full TIMEOUT 1800)

# gnuplot figures: valid, non-empty PNG and SVG.
add_test(NAME cli_plots COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/plots.sh $<TARGET_FILE:tpe> ${PROJECT_SOURCE_DIR} ${SWEEP_WORK}/plots)

# run-model --rtl-steps: the first steps on the Verilated RTL in lockstep with
# the model (the RTL shares the co-simulation matrix's cache).
add_test(NAME cli_run_model_engine_rtl
         COMMAND $<TARGET_FILE:tpe> run-model --scheme w8a8 --config ${GOOD} --steps 3 --rtl-steps 2)
set_tests_properties(cli_run_model_engine_rtl PROPERTIES ENVIRONMENT "TPE_CACHE_DIR=${PROJECT_BINARY_DIR}/cache"
                     PASS_REGULAR_EXPRESSION "bit-identical to the reference run of w8a8.*the first 2 steps \\(72 GEMMs\\) also on the Verilated RTL in lockstep: values and cycles equal"
                     TIMEOUT 300)

# The TLM-2.0 engine in the built-in platform gives what `tpe sim` gives
# (cycles, counters, bit-exact C) on matrix cases of every registered family.
add_test(NAME cli_tlm_vs_sim
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/tlm_vs_sim.sh $<TARGET_FILE:tpe> ${PROJECT_BINARY_DIR}/tests/cosim_matrix_tests.cmake)
set_tests_properties(cli_tlm_vs_sim PROPERTIES LABELS "cli;tlm" TIMEOUT 120)
tpe_cli_error(tlm_side_tensors "--tlm is not available for the shiftadd family: its operands carry side tensors" sim --config ${PROJECT_SOURCE_DIR}/configs/shiftadd_bcq_2x2_i8_q3t3.json --gemm 2x8x2 --tlm)
tpe_cli_error(tlm_with_trace "--trace is not available with --tlm" sim --config ${GOOD} --gemm 4x4x4 --tlm --trace ${CMAKE_CURRENT_BINARY_DIR}/never_trace)

# tpe cosim --wave: the RTL's VCD (Verilator tracing) and the model's
# (sc_trace) agree on every port at every edge (a traced build of the 4x4,
# ~25 s the first time, cached with the matrix's models).
add_test(NAME cli_cosim_wave
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/wave_check.sh $<TARGET_FILE:tpe> ${GOOD} 7x9x6
                 ${CMAKE_CURRENT_BINARY_DIR}/wave)
set_tests_properties(cli_cosim_wave PROPERTIES LABELS "cli;wave" TIMEOUT 300
                     ENVIRONMENT "TPE_CACHE_DIR=${PROJECT_BINARY_DIR}/cache")
tpe_cli_error(cosim_wave_unwritable "--wave: cannot write /proc/tpe_no/run.vcd" cosim --config ${GOOD} --gemm 4x4x4 --wave /proc/tpe_no/run.vcd)

# tpe dram (docs/dram.md): bad presets and options are refused with file, field, value and range.
file(WRITE ${BAD}/dram_trc.json "{\"name\":\"x\",\"source\":\"test\",\"tck_ns\":1.0,\"organisation\":{\"channels\":1,\"pseudo_channels\":1,\"bank_groups\":4,\"banks_per_group\":4,\"rows\":64,\"columns\":32,\"access_bytes\":32,\"row_buffers\":1},\"timing\":{\"RL\":20,\"WL\":8,\"burst_cycles\":2,\"tRCDRD\":14,\"tRCDWR\":10,\"tRP\":14,\"tRAS\":33,\"tRC\":40,\"tCCD_S\":2,\"tCCD_L\":4,\"tRRD_S\":4,\"tRRD_L\":6,\"tFAW\":16,\"tWTR_S\":4,\"tWTR_L\":9,\"tRTP\":5,\"tWR\":16,\"tREFI\":3900,\"tRFC\":350}}")
file(WRITE ${BAD}/dram_rows.json "{\"name\":\"x\",\"source\":\"test\",\"tck_ns\":1.0,\"organisation\":{\"channels\":1,\"pseudo_channels\":3,\"bank_groups\":4,\"banks_per_group\":4,\"rows\":64,\"columns\":32,\"access_bytes\":32,\"row_buffers\":1},\"timing\":{}}")
file(WRITE ${BAD}/dram_trace.txt "0 R 0x40\n5 X 0x80\n")
tpe_cli_error(dram_unknown_preset "memory: field 'preset' has value \"hbm9\"; allowed: .*\"hbm2\"" dram --preset hbm9)
tpe_cli_error(dram_trc "dram_trc.json: field 'timing.tRC' has value 40; allowed: an integer >= tRAS \\+ tRP = 47" dram --preset ${BAD}/dram_trc.json)
tpe_cli_error(dram_pseudo_channels "dram_rows.json: field 'organisation.pseudo_channels' has value 3; allowed: an integer in 1..2" dram --preset ${BAD}/dram_rows.json)
tpe_cli_error(dram_bad_trace "dram_trace.txt:2: '5 X 0x80' is not '<cycle> <R\\|W> <address>'" dram --request-trace ${BAD}/dram_trace.txt)
tpe_cli_error(dram_bad_pattern "--pattern 'zigzag' is not allowed; allowed: seq, random" dram --pattern zigzag)
add_test(NAME cli_dram_seq_json COMMAND $<TARGET_FILE:tpe> dram --preset hbm2 --pattern seq --requests 20000 --json)
set_tests_properties(cli_dram_seq_json PROPERTIES LABELS cli
                     PASS_REGULAR_EXPRESSION "\"bandwidth_gbps\": [0-9.]+.*\"dram_commands\": \\{.*\"ACT\": [1-9][0-9]*.*\"peak_gbps\": 256\\.0.*\"row_hit_rate\": 0\\.9")

# HBM-PIM (docs/pim.md): bad PIM descriptions are refused with file, field, value and allowed values;
# tpe sim on a PIM description reports cycles, commands by type, bank utilization and the speedup.
set(PIM_FP16 "\"family\":\"hbmpim\",\"a\":{\"bits\":16,\"signed\":false},\"b\":{\"bits\":16,\"signed\":false},\"acc_bits\":16")
file(WRITE ${BAD}/pim_channels.json "{${PIM_FP16},\"dram_preset\":\"hbm2\",\"channels\":0}")
file(WRITE ${BAD}/pim_preset.json "{${PIM_FP16},\"dram_preset\":\"hbm2_dual\",\"channels\":1}")
file(WRITE ${BAD}/pim_field.json "{${PIM_FP16},\"dram_preset\":\"hbm2\",\"channels\":1,\"banks\":4}")
file(WRITE ${BAD}/pim_pchs.json "{${PIM_FP16},\"dram_preset\":\"hbm2\",\"channels\":1,\"pseudo_channels\":3}")
tpe_cli_error(pim_bad_channels "pim_channels.json: field 'channels' has value 0; allowed: .*1..64" sim --config ${BAD}/pim_channels.json --gemm 1x8x8)
tpe_cli_error(pim_bad_preset "pim_preset.json: field 'dram_preset' has value \"hbm2_dual\"; allowed: a preset with 32 B accesses" sim --config ${BAD}/pim_preset.json --gemm 1x8x8)
tpe_cli_error(pim_unknown_field "pim_field.json: field 'banks' has value" sim --config ${BAD}/pim_field.json --gemm 1x8x8)
tpe_cli_error(pim_bad_pseudo_channels "pim_pchs.json: field 'pseudo_channels' has value 3; allowed: an integer in 1..2" sim --config ${BAD}/pim_pchs.json --gemm 1x8x8)
tpe_cli_error(pim_bad_shape "--shape '8' is not NxK" pim --shape 8)
tpe_cli_error(pim_bad_operands "unknown operand source 'normal:1' for the hbmpim family; allowed: random, extremes, stories260K" pim --shape 8x8 --weights normal:1)
tpe_cli_error(sim_pim_batch "M is the batch of input vectors; allowed 1..64" sim --config ${PROJECT_SOURCE_DIR}/configs/hbmpim_1ch.json --gemm 65x64x64)
tpe_cli_error(sim_pim_capacity "W and the results need 5274 rows of a bank; allowed up to 4096" sim --config ${PROJECT_SOURCE_DIR}/configs/hbmpim_1ch.json --gemm 1x64x300000)
tpe_cli_error(pim_bad_batch "M = 0 is out of range" pim --shape 8x8 --batch 0)
add_test(NAME cli_sim_pim_json COMMAND $<TARGET_FILE:tpe> sim --config ${PROJECT_SOURCE_DIR}/configs/hbmpim_1ch.json --gemm 2x300x100 --json)
set_tests_properties(cli_sim_pim_json PROPERTIES LABELS cli
                     PASS_REGULAR_EXPRESSION "\"bank_utilization\": ?0\\.[0-9]+.*\"bit_exact\": ?true.*\"cycles\": ?[1-9][0-9]*.*\"dram_commands\": ?\\{.*\"ACT\": ?[1-9].*\"speedup_vs_no_pim\": ?[0-9.]+")

# The calibrated quantization methods through the real `tpe` (docs/quantization.md):
# the accuracy table on a short run, run-model calibrating by itself, bad input.
add_test(NAME cli_accuracy_table
         COMMAND $<TARGET_FILE:tpe> accuracy --schemes rtn-w4-g32-asym,gptq-w4-g32 --steps 12 --markdown)
set_tests_properties(cli_accuracy_table PROPERTIES LABELS cli TIMEOUT 120
                     PASS_REGULAR_EXPRESSION "\\| scheme \\| top-1 \\| NLL \\(nats/token\\) \\| layer 0 out SQNR \\(dB\\) \\|.*\\| `gptq-w4-g32` \\| [0-9]+/12 \\|")
add_test(NAME cli_run_model_calibrated COMMAND $<TARGET_FILE:tpe> run-model --scheme awq-w4-g32 --steps 6)
set_tests_properties(cli_run_model_calibrated PROPERTIES LABELS cli TIMEOUT 120
                     PASS_REGULAR_EXPRESSION "top-1 agreement +[0-9]+/6 steps.*mean NLL")
tpe_cli_error(accuracy_unknown_scheme "unknown scheme 'awq-w9'; known schemes: .*gptq-w4-g32" accuracy --schemes awq-w9)
tpe_cli_error(accuracy_steps "--steps 0 is out of range; allowed 1..512" accuracy --steps 0 --schemes fp32)
