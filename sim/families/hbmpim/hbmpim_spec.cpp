#include "sim/families/hbmpim/hbmpim_spec.hpp"

#include <random>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/engine/config_fields.hpp"
#include "models/pim/hbmpim_operands.hpp"
#include "sim/pim/hbmpim_gemv_sim.hpp"
#include "sim/dram/dram_energy.hpp"
#include "sim/pim/hbmpim_schedule.hpp"

namespace tpe::hbmpim {
namespace {

using config::fail;

std::string desc(int channels, int pseudo_channels) {
  return fmt::format(R"({{"family":"hbmpim","pe":"baseline","dram_preset":"hbm2","channels":{},"pseudo_channels":{},)"
                     R"("a":{{"bits":16,"signed":false}},"b":{{"bits":16,"signed":false}},"acc_bits":16}})",
                     channels, pseudo_channels);
}

// Why a shape does not run, or "" (batch and bank capacity).
std::string shape_problem(const pim::HbmPimConfig& dev, const GemmShape& s) {
  if (s.m < 1 || s.m > kMaxBatch)
    return fmt::format("GEMM {}: M is the batch of input vectors; allowed 1..{}", s.str(), kMaxBatch);
  const int rows = pim::hbmpim_rows_needed(dev, s.n, s.k, s.m);
  if (rows > pim::kHbmPimParkRow)
    return fmt::format("GEMM {}: W and the results need {} rows of a bank; allowed up to {} (rows {:#x} and up are "
                       "the kernel's)", s.str(), rows, pim::kHbmPimParkRow, pim::kHbmPimParkRow);
  return "";
}

class HbmPimSpec final : public FamilySpec {
 public:
  std::string name() const override { return "hbmpim"; }
  std::string summary() const override {
    return "HBM-PIM (Samsung Aquabolt-XL): a 16-lane fp16 MAC unit (GRF_A/GRF_B) beside every bank pair of HBM2, "
           "PIMSimulator's GEMV kernel timed on the DRAM model; two fp16 roundings per MAC";
  }
  std::vector<std::string> pe_variants() const override { return {"baseline"}; }
  std::vector<std::string> fields() const override { return {"dram_preset", "channels", "pseudo_channels"}; }

  void parse(const nlohmann::json& j, EngineConfig& cfg, const std::string& source) const override {
    cfg.params["dram_preset"] = config::get_choice(j, "dram_preset", source, dram::dram_preset_names(), true);
    cfg.params["channels"] = config::get_int(j, "channels", source, 1, 64, true);
    cfg.params["pseudo_channels"] = config::get_int(j, "pseudo_channels", source, 0, 64, false, 0);
    if (cfg.params["pseudo_channels"] == ParamValue(int64_t(0)))  // the preset's
      cfg.params["pseudo_channels"] =
          int64_t(pim::make_hbmpim_config(cfg.text("dram_preset"), int(cfg.integer("channels")), 0, source)
                      .dram.org.pseudo_channels);
    validate(cfg, source);
  }

  void validate(const EngineConfig& c, const std::string& source) const override {
    pim::make_hbmpim_config(c.text("dram_preset"), int(c.integer("channels")), int(c.integer("pseudo_channels")),
                            source);
    if (c.integer("pseudo_channels") < 1)
      fail(source, "pseudo_channels", std::to_string(c.integer("pseudo_channels")), "an integer >= 1");
    const std::string want = "{\"bits\":16,\"signed\":false} (fp16 bit patterns)";
    if (c.a.bits != 16 || c.a.is_signed) fail(source, "a", c.a.tag(), want);
    if (c.b.bits != 16 || c.b.is_signed) fail(source, "b", c.b.tag(), want);
    if (c.acc_bits != 16) fail(source, "acc_bits", std::to_string(c.acc_bits), "16 (fp16 accumulation in GRF_B)");
  }

  void params_to_json(const EngineConfig& c, nlohmann::json& out) const override {
    out["dram_preset"] = c.text("dram_preset");
    out["channels"] = c.integer("channels");
    out["pseudo_channels"] = c.integer("pseudo_channels");
  }

  std::string tag(const EngineConfig& c) const override {
    return fmt::format("hbmpim_{}_{}ch{}pc_fp16", c.text("dram_preset"), c.integer("channels"),
                       c.integer("pseudo_channels"));
  }

  // Two clocks of events (sim/pim/hbmpim_schedule), both in DRAM cycles:
  // cmd_valid marks every DRAM command the pseudo-channels issue (the
  // units see the command bus; it starts the cycle count), data_valid a
  // burst's last beat at the units' bank IO, with the op and its operands.
  // out_valid is set after an edge that sampled a WriteBack (dq = GRF_B[grf_b]
  // of every unit) or a Read (dq = every unit's bank burst, passed through).
  std::vector<PortSpec> ports(const EngineConfig& c) const override {
    const int units = device_of(c).pim_units();
    return {
        {"cmd_valid", PortDir::In, 1, 1, false, PortRole::Strobe, ""},
        {"data_valid", PortDir::In, 1, 1, false, PortRole::Strobe, ""},
        {"op", PortDir::In, 1, 3, false, PortRole::Data, "data_valid"},
        {"grf_a", PortDir::In, 1, 3, false, PortRole::Data, "data_valid"},
        {"grf_b", PortDir::In, 1, 3, false, PortRole::Data, "data_valid"},
        {"host_burst", PortDir::In, pim::kLanes, 16, false, PortRole::Data, "data_valid"},
        {"bank_burst", PortDir::In, units * pim::kLanes, 16, false, PortRole::Data, "data_valid"},
        {"out_valid", PortDir::Out, 1, 1, false, PortRole::OutValid, ""},
        {"dq", PortDir::Out, units * pim::kLanes, 16, false, PortRole::Data, "out_valid"},
    };
  }

  std::vector<CounterSpec> counters(const EngineConfig&) const override {
    return {{"mac", "MACs", "fp16 lane multiply-accumulates: units x 16 per MAC burst (zero padding included)"},
            {"grf_a_writes", "bursts", "host bursts written to GRF_A (broadcast to every unit)"},
            {"writebacks", "bursts", "GRF_B bursts written to a bank: one per unit per write-back"},
            {"reads", "bursts", "bank bursts passed through to the host: one per unit per read"},
            {"dram_commands", "commands", "DRAM commands of one pseudo-channel (ACT, RD, WR, PRE, PREA, REFab)"}};
  }

  int pe_count(const EngineConfig& c) const override { return device_of(c).pim_units(); }
  int peak_macs_per_cycle(const EngineConfig& c) const override { return device_of(c).pim_units() * pim::kLanes; }

  // The command schedule's cycles: from the first command to the last data
  // beat of the read-out (timing does not depend on the values).
  std::optional<uint64_t> closed_form_cycles(const EngineConfig& c, const GemmShape& s) const override {
    const pim::HbmPimConfig dev = device_of(c);
    if (!shape_problem(dev, s).empty()) return std::nullopt;
    return pim::hbmpim_schedule(dev, s.n, s.k, s.m, false).cycles;
  }

  // The DRAM side of the run for `tpe sim --json`: commands by type, kernel
  // steps, bank utilization, and the same GEMV's weights read by a host over
  // the same channels without PIM.
  void operand_stats(const EngineConfig& c, const OperandMatrix& a, const OperandMatrix& b,
                     nlohmann::json& out) const override {
    const pim::HbmPimConfig dev = device_of(c);
    const int n = b.cols, k = a.cols, batch = a.rows;
    const pim::HbmPimSchedule s = pim::hbmpim_schedule(dev, n, k, batch, false);
    const pim::HostGemvRun host = pim::run_host_gemv_read(dev.dram, n, k);
    const uint64_t pchs = uint64_t(dev.pseudo_channels());
    out["memory"] = dev.describe();
    out["dram_source"] = dev.dram.source;
    out["tck_ns"] = dev.dram.tck_ns;
    out["time_ns"] = double(s.cycles) * dev.dram.tck_ns;
    for (int i = 0; i < dram::kCmdCount; ++i) out["dram_commands"][dram::cmd_name(dram::Cmd(i))] = s.commands[size_t(i)] * pchs;
    for (const auto& [step, count] : s.steps) out["kernel_steps"][step] = count * pchs;
    out["bank_utilization"] = s.bank_utilization;
    out["output_tiles"] = s.output_tiles;
    out["input_tiles"] = s.input_tiles;
    out["host_read_cycles"] = host.cycles;
    out["host_read_bytes"] = host.bytes;
    out["speedup_vs_no_pim"] = double(host.cycles) / double(s.cycles);
    out["pim_over_host_cycles"] = double(s.cycles) / double(host.cycles);
    add_dram_energy(dev, s, host, out);
  }

  // The DRAM's command energy of the run and of the host's read of the same
  // weights (sim/dram/dram_energy: the preset's IDD currents), when the
  // preset gives currents. The near-bank units' own energy is the family's
  // energy view (hw/energy/families/hbmpim), not this.
  static void add_dram_energy(const pim::HbmPimConfig& dev, const pim::HbmPimSchedule& s,
                              const pim::HostGemvRun& host, nlohmann::json& out) {
    const std::optional<dram::DramCommandEnergy> e = dram::dram_command_energy(dev.dram);
    if (!e) return;
    dram::DramCommandCounts pim_n;
    pim_n.commands = s.commands;
    pim_n.ab_column_reads = s.mac_commands;
    const auto wb = s.steps.find("grf_b_to_bank");
    pim_n.ab_column_writes = wb == s.steps.end() ? 0 : wb->second;
    pim_n.ab_acts = s.ab_acts;
    pim_n.cycles = s.cycles;
    pim_n.units = uint64_t(dev.pseudo_channels());
    dram::DramCommandCounts host_n;  // the controller's counts are the whole device's already
    host_n.commands = host.commands;
    host_n.cycles = host.cycles * uint64_t(dev.pseudo_channels());
    const dram::DramEnergyBreakdown pim_e = dram::price_dram_commands(*e, pim_n);
    dram::DramEnergyBreakdown host_e = dram::price_dram_commands(*e, host_n);
    nlohmann::json& j = out["dram_energy"];
    j = pim_e.to_json();
    j["source"] = e->source;
    j["per_command_pj"] = {{"ACT", e->act_pj}, {"RD", e->rd_pj}, {"WR", e->wr_pj}, {"PRE", e->pre_pj},
                           {"REFab", e->refab_pj}, {"background_per_cycle", e->background_pj_per_cycle},
                           {"all_bank_column_factor", e->pim_column_factor}, {"all_bank_act_factor", e->pim_act_factor}};
    j["host_read_total_pj"] = host_e.total_pj();
    j["host_read_over_pim_energy"] = host_e.total_pj() / pim_e.total_pj();
  }

  std::vector<MatrixCase> test_matrix() const override {
    return {
        {"1pc_odd", desc(1, 1), {1, 300, 37}, "random", 1},
        {"1pc_batch3_k1", desc(1, 1), {3, 1, 65}, "random", 2},
        {"1pc_extremes", desc(1, 1), {2, 130, 20}, "extremes", 3},
        {"1pc_stories", desc(1, 1), {1, 172, 64}, "stories260K", 4},
        {"1ch_odd", desc(1, 2), {2, 1000, 300}, "random", 5, true},
        {"1ch_extremes", desc(1, 2), {4, 260, 129}, "extremes", 6, true},
    };
  }

  bool computes_integer_gemm() const override { return false; }

  ResultMatrix reference_result(const EngineConfig&, const OperandMatrix& a, const OperandMatrix& b) const override {
    const std::vector<uint16_t> y = pim::hbmpim_gemv_reference(weights_of(b), inputs_of(a));
    ResultMatrix c(a.rows, b.cols, 0);
    for (size_t i = 0; i < y.size(); ++i) c.data[i] = int64_t(y[i]);
    return c;
  }

  // "random": uniform fp16 in [-1, 1); "stories260K": the layers' w2 and
  // token embeddings rounded to fp16 (models/pim/hbmpim_operands);
  // "extremes": random with fp16 specials (+-Inf, NaN, +-max, subnormals,
  // -0) sprinkled into both operands.
  GemmOperands make_operands(const EngineConfig& c, const GemmShape& s, uint64_t seed,
                             const std::string& source) const override {
    const std::string problem = shape_problem(device_of(c), s);
    if (!problem.empty()) throw std::invalid_argument(problem);
    const bool extremes = source == "extremes";
    if (!extremes && source != "random" && source != "stories260K" && source != "stories260k")
      throw std::invalid_argument(fmt::format(
          "unknown operand source '{}' for the hbmpim family; allowed: random, extremes, stories260K", source));
    pim::GemvOperands g = pim::make_gemv_operands(s.n, s.k, extremes ? "random" : source, seed, s.m);
    if (extremes) {
      const uint16_t specials[] = {0x7C00, 0xFC00, 0x7E00, 0x7BFF, 0xFBFF, 0x0001, 0x8001, 0x8000, 0x03FF, 0x0400};
      std::mt19937_64 rng(seed);
      for (auto& v : g.w.data) if (rng() % 8 == 0) v = specials[rng() % 10];
      for (auto& v : g.x) if (rng() % 8 == 0) v = specials[rng() % 10];
      g.description = fmt::format("random fp16 with specials (Inf, NaN, max, subnormals, -0), seed {}", seed);
    }
    GemmOperands ops;
    ops.a = OperandMatrix(s.m, s.k, 0);
    ops.b = OperandMatrix(s.k, s.n, 0);
    for (size_t i = 0; i < g.x.size(); ++i) ops.a.data[i] = int32_t(g.x[i]);
    for (int n = 0; n < s.n; ++n)
      for (int k = 0; k < s.k; ++k) ops.b(k, n) = int32_t(g.w(n, k));
    ops.description = g.description;
    return ops;
  }
};

}  // namespace

pim::Fp16Matrix weights_of(const OperandMatrix& b) {
  pim::Fp16Matrix w(b.cols, b.rows, 0);
  for (int k = 0; k < b.rows; ++k)
    for (int n = 0; n < b.cols; ++n) w(n, k) = uint16_t(b(k, n));
  return w;
}

std::vector<uint16_t> inputs_of(const OperandMatrix& a) {
  std::vector<uint16_t> x(a.data.size());
  for (size_t i = 0; i < x.size(); ++i) x[i] = uint16_t(a.data[i]);
  return x;
}

pim::HbmPimConfig device_of(const EngineConfig& cfg) {
  return pim::make_hbmpim_config(cfg.text("dram_preset"), int(cfg.integer("channels")),
                                 int(cfg.integer("pseudo_channels")), cfg.tag());
}

std::shared_ptr<const FamilySpec> spec() { return std::make_shared<HbmPimSpec>(); }

}  // namespace tpe::hbmpim
