# The co-simulation matrix of every registered engine family. Each family
# lists its cases (FamilySpec::test_matrix: odd shapes, K = 1, wrapping
# accumulators, the most negative operands, real stories260K weights, every PE
# variant); after every build of `tpe`, `tpe families --matrix-cmake` writes
# them as ctest cases, which ctest reads when it starts. Every case runs
# `tpe cosim`, which exits non-zero unless reference == SystemC model ==
# Verilated RTL bit for bit and the model's, the RTL's and the closed-form
# cycle counts are equal. Verilated models are cached in the build tree, so
# each configuration compiles once. Cases marked full-only (big arrays) carry
# the label "full": `make test` leaves them out, `make test-full` runs them.
# The command that writes it runs after each build of `tpe` (tools/CMakeLists.txt).
set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${TPE_MATRIX_FILE})
