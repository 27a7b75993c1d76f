// Linked only into programs that have their own main() (the tpe tool, the
// unit tests, the benchmarks; see sim/CMakeLists.txt), never into a library.
// Debian's libsystemc.so carries a main() that calls sc_main(); those
// programs drive the SystemC kernel from their own main, so this sc_main is
// never called: it only has to exist for the shared library to link. A
// SystemC user's program defines its own sc_main instead and does not link
// this stub (examples/systemc_platform).
extern "C" int sc_main(int, char**) { return 1; }
