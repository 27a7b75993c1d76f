# Hardening (issue 15): output files that are complete or absent, refused
# targets left untouched (tests/cli/output_safety.sh, one ctest per case).
set(TPE_HARDEN_CONFIG ${PROJECT_SOURCE_DIR}/configs/systolic_os_4x4_int8.json)
foreach(case device symlink directory full_stdout fsize unwritable_dir killed)
  add_test(NAME cli_output_${case}
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/output_safety.sh ${case} $<TARGET_FILE:tpe> ${TPE_HARDEN_CONFIG}
                   ${CMAKE_CURRENT_BINARY_DIR}/output_safety/${case})
  set_tests_properties(cli_output_${case} PROPERTIES LABELS cli TIMEOUT 60)
endforeach()

# make install into a temporary prefix; the installed tpe runs the demo GEMM,
# stories260K operands and run-model from another directory.
add_test(NAME cli_install_prefix
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/install_check.sh ${PROJECT_BINARY_DIR}
                 ${CMAKE_CURRENT_BINARY_DIR}/install_check)
set_tests_properties(cli_install_prefix PROPERTIES LABELS cli TIMEOUT 120)

# Bad input (issue 15 item 2): one case per ctest, each asserting the field or
# option and the value in the message, a non-zero exit, no output file.
foreach(case energy_negative energy_overflow energy_1e30 energy_shape energy_macs energy_config_block
             energy_no_buffers energy_sram energy_clock energy_duplicate_key events_junk events_header events_cycles
             gemm_memory checkpoint_huge config_1e400 config_duplicate_key option_abbreviation option_stray_word option_negative_seed
             ref_gemm_memory sweep_duplicate_key compare_paper_duplicate_key plot_duplicate_key option_placeholder)
  add_test(NAME cli_input_${case}
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/input_validation.sh ${case} $<TARGET_FILE:tpe> ${TPE_HARDEN_CONFIG}
                   ${CMAKE_CURRENT_BINARY_DIR}/input_validation/${case})
  set_tests_properties(cli_input_${case} PROPERTIES LABELS cli TIMEOUT 60)
endforeach()

# Run bounds and progress (issue 15 item 3): --max-cycles, --timeout (also
# killing the external tools of the run), the progress line on a terminal only.
foreach(case max_cycles_sim timeout_sim timeout_child progress_terminal)
  add_test(NAME cli_limits_${case}
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/run_limits.sh ${case} $<TARGET_FILE:tpe> ${TPE_HARDEN_CONFIG}
                   ${CMAKE_CURRENT_BINARY_DIR}/run_limits/${case})
  set_tests_properties(cli_limits_${case} PROPERTIES LABELS cli TIMEOUT 90)
endforeach()

# One vocabulary (issue 15 item 7): every subcommand's --json against the
# schema in docs/schema/cli_json.schema.json; the cases that run Verilator,
# Yosys or OpenSTA are in make test-full.
foreach(case sim sim_tlm ref_gemm ref_layer run_model run_model_engine layer workload workload_list families dram pim
             accuracy cosim synth energy)
  add_test(NAME cli_json_${case}
           COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/cli/json_vocabulary.py ${case} $<TARGET_FILE:tpe>
                   ${TPE_HARDEN_CONFIG} ${CMAKE_CURRENT_BINARY_DIR}/json_vocabulary/${case}
                   ${PROJECT_SOURCE_DIR}/docs/schema/cli_json.schema.json)
  set_tests_properties(cli_json_${case} PROPERTIES LABELS cli TIMEOUT 120)
endforeach()
set_tests_properties(cli_json_cosim cli_json_synth cli_json_energy PROPERTIES LABELS "cli;full" TIMEOUT 1800)
