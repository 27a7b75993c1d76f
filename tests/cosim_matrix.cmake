# The co-simulation matrix: every case runs `tpe cosim`, which exits non-zero
# unless reference == SystemC model == Verilated RTL bit for bit and the
# model's, the RTL's and the closed-form cycle counts are equal. Verilated
# models are cached per config in the build tree, so each config compiles once.
set(TPE_TEST_CACHE ${PROJECT_BINARY_DIR}/cache)
set(CFG ${PROJECT_SOURCE_DIR}/configs)
set(TCFG ${CMAKE_CURRENT_SOURCE_DIR}/configs)

function(tpe_cosim_case name config gemm)
  add_test(NAME cosim_${name} COMMAND $<TARGET_FILE:tpe> cosim --config ${config} --gemm ${gemm} --json ${ARGN})
  set_tests_properties(cosim_${name} PROPERTIES ENVIRONMENT "TPE_CACHE_DIR=${TPE_TEST_CACHE}"
                       LABELS cosim TIMEOUT 600)
endfunction()

# OS and WS; 4x4, 8x8, 16x16, rectangular; int8 and int4; signed and unsigned.
tpe_cosim_case(os_4x4_int8_odd        ${CFG}/systolic_os_4x4_int8.json   7x5x9)
tpe_cosim_case(os_4x4_int8_k1         ${CFG}/systolic_os_4x4_int8.json   5x1x6 --seed 7)
tpe_cosim_case(ws_4x4_int8_odd        ${CFG}/systolic_ws_4x4_int8.json   9x11x7)
tpe_cosim_case(ws_4x4_int8_k1         ${CFG}/systolic_ws_4x4_int8.json   3x1x5 --seed 7)
tpe_cosim_case(os_8x8_int4_odd        ${CFG}/systolic_os_8x8_int4.json   19x23x10)
tpe_cosim_case(ws_8x8_int4_odd        ${CFG}/systolic_ws_8x8_int4.json   10x19x23)
tpe_cosim_case(os_16x16_int8_odd      ${CFG}/systolic_os_16x16_int8.json 33x20x17)
tpe_cosim_case(ws_16x16_int8_odd      ${CFG}/systolic_ws_16x16_int8.json 17x33x20)
tpe_cosim_case(os_4x8_u8i8_rect       ${CFG}/systolic_os_4x8_u8i8.json   9x13x17)
tpe_cosim_case(ws_8x4_i8u4_rect       ${CFG}/systolic_ws_8x4_i8u4.json   13x17x9)
tpe_cosim_case(os_1x1_k1              ${TCFG}/os_1x1_i8i8_acc32.json     3x1x2)
tpe_cosim_case(ws_3x5_i16i2_rect      ${TCFG}/ws_3x5_i16i2_acc40.json    7x8x11)
# Unsigned operands and accumulators narrow enough to wrap.
tpe_cosim_case(os_4x4_u4u4_wraps      ${TCFG}/os_4x4_u4u4_acc12.json     6x40x5)
tpe_cosim_case(ws_4x4_u8u8_wraps      ${TCFG}/ws_4x4_u8u8_acc16.json     5x9x6)
tpe_cosim_case(os_4x4_i8_acc16_wraps  ${TCFG}/os_4x4_i8i8_acc16.json     4x64x4 --seed 3)
# LLM-shaped tiles from the real stories260K weights.
tpe_cosim_case(ws_16x16_int8_stories  ${CFG}/systolic_ws_16x16_int8.json 64x64x172 --weights stories260K)
tpe_cosim_case(os_8x8_int4_stories    ${CFG}/systolic_os_8x8_int4.json   64x64x172 --weights stories260K)
# The seed paper's OPT1 PE (carry-save accumulation, CPA at the read-out).
tpe_cosim_case(os_4x4_int8_opt1       ${CFG}/systolic_os_4x4_int8_opt1.json 9x40x7 --seed 5)
tpe_cosim_case(os_3x5_u5i6_opt1_wraps ${TCFG}/os_3x5_u5i6_acc14_opt1.json   8x33x11)
tpe_cosim_case(os_4x4_i8u8_opt1_wraps ${TCFG}/os_4x4_i8u8_acc16_opt1.json   5x70x6 --seed 9)
