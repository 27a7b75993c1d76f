// Kernel-wide SystemC settings, opt-in. The library never changes the
// kernel's global state by itself: a SystemC user's platform keeps its own
// banner and report actions. Programs that own the kernel and drive it from
// their own main() (the tpe tool, the unit tests, the benchmarks) call this
// once, first thing, for a quiet kernel.
#pragma once

namespace tpe {

// No copyright banner (SC_COPYRIGHT_MESSAGE=DISABLE, read when the kernel
// starts) and no SC_INFO reports from the kernel itself (e.g. the note that
// simulate_gemm's own sc_pause() paused the simulation). Warnings and errors
// keep their default actions.
void quiet_systemc_kernel();

}  // namespace tpe
