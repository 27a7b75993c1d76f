// The unit tests' entry point: registers the engine families, then runs Catch2.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "models/engine/family_registry.hpp"
#include "sim/core/systemc_kernel.hpp"

int main(int argc, char** argv) {
  tpe::register_builtin_families();
  tpe::quiet_systemc_kernel();
  return Catch::Session().run(argc, argv);
}
