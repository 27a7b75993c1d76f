#include "sim/pim/hbmpim_gemv_sim.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "sim/dram/dram_controller.hpp"
#include "sim/pim/hbmpim_host.hpp"
#include "sim/pim/hbmpim_units.hpp"

namespace tpe::pim {

PimGemvRun run_hbmpim_gemv(const HbmPimConfig& cfg, const Fp16Matrix& w, const std::vector<uint16_t>& x,
                           bool keep_log) {
  if (w.cols < 1 || x.empty() || x.size() % size_t(w.cols) != 0)
    throw std::invalid_argument(fmt::format(
        "hbmpim GEMV: x has {} elements; allowed: a positive multiple of W's {} columns (a batch of input vectors)",
        x.size(), w.cols));
  const HbmPimSchedule s = hbmpim_schedule(cfg, w.rows, w.cols, int(x.size() / size_t(w.cols)), true, keep_log);
  HbmPimHost host(cfg, s, w, x);
  NearBankUnits units(cfg.pim_units());
  Burst from_host{};
  std::vector<Burst> bank(size_t(cfg.pim_units())), dq(size_t(cfg.pim_units()));
  for (const UnitEvent& e : s.events) {
    host.inputs(e, from_host, bank);
    if (units.execute(e.op, e.grf_a, e.grf_b, from_host, bank, dq)) host.outputs(e, dq);
  }
  PimGemvRun run;
  run.y = host.take_y();
  run.cycles = s.cycles;
  run.output_tiles = s.output_tiles;
  run.input_tiles = s.input_tiles;
  run.commands = s.commands;
  run.steps = s.steps;
  run.mac_commands = s.mac_commands;
  run.bank_utilization = s.bank_utilization;
  run.log = s.log;
  return run;
}

HostGemvRun run_host_gemv_read(const dram::DramSpec& spec, int n, int k) {
  HostGemvRun host;
  const uint64_t access = uint64_t(spec.org.access_bytes);
  const uint64_t requests = (uint64_t(n) * uint64_t(k) * 2 + access - 1) / access;
  dram::DramController ctl(spec, 32, false);
  uint64_t next = 0;
  while (next < requests || !ctl.idle()) {
    while (next < requests && ctl.enqueue(dram::DramRequest{next * access, false, next})) ++next;
    ctl.tick();
    ctl.take_completions();
  }
  host.cycles = ctl.now();
  host.bytes = ctl.stats().bytes;
  host.commands = ctl.stats().commands;
  return host;
}

}  // namespace tpe::pim
