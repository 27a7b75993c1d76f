#include "sim/core/systemc_kernel.hpp"

#include <cstdlib>

#include <systemc>

namespace tpe {

void quiet_systemc_kernel() {
  setenv("SC_COPYRIGHT_MESSAGE", "DISABLE", 1);
  sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
}

}  // namespace tpe
