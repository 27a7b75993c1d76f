// Debian's libsystemc.so carries its own main() that calls sc_main(). The tpe
// programs have their own main() and drive the SystemC kernel directly
// (sim/core/engine_sim.cpp), so sc_main is never called; it only has to exist for
// the shared library to link.
extern "C" int sc_main(int, char**) { return 1; }
