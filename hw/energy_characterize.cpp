#include "energy_characterize.hpp"

#include <algorithm>
#include <filesystem>
#include <regex>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine_sim.hpp"
#include "gemm_operands.hpp"
#include "generate.hpp"
#include "synth_cache.hpp"
#include "synth_flow.hpp"
#include "verilator_build.hpp"
#include "workload_toggles.hpp"

namespace fs = std::filesystem;

namespace tpe::hw {
namespace {

constexpr const char* kFlowVersion = "tpe-energy-characterize-5";

void say(const CharacterizeOptions& o, const std::string& s) {
  if (o.progress) o.progress(s);
}

}  // namespace

bool has_input_port(const std::string& text, const std::string& name) {
  const std::regex re("input\\s+wire\\s*(\\[[^\\]]*\\])?\\s*" + name + "\\s*[,)\\n]");
  return std::regex_search(text, re);
}

RtlOnDisk rtl_on_disk(const EngineConfig& cfg, const std::string& cache_dir) {
  const rtl::GeneratedRtl rtl = rtl::generate_rtl(cfg);
  const fs::path dir = fs::absolute(fs::path(cache_dir) / "rtl" / rtl.content_hash);
  if (!fs::exists(dir / "manifest.json")) {
    // Written aside and renamed in one step: a concurrent reader sees all or nothing.
    const fs::path tmp = dir.string() + fmt::format(".tmp-{}", ::getpid());
    fs::remove_all(tmp);
    rtl::write_rtl(rtl, tmp.string());
    std::error_code ec;
    fs::rename(tmp, dir, ec);
    if (ec) fs::remove_all(tmp);  // another process won; its copy is identical
  }
  RtlOnDisk r;
  r.top = rtl.top;
  for (const auto& [file, text] : rtl.files) {
    r.files.push_back((dir / file).string());
    const std::string module = file.substr(0, file.size() - 2);
    if (module.rfind("pe_", 0) == 0) {
      r.pe_module = module;
      r.pe_file = (dir / file).string();
    }
  }
  if (r.pe_module.empty()) throw std::runtime_error("energy: no PE module (pe_*) in the RTL of " + cfg.tag());
  return r;
}

EnergyTable characterize_energy(const EngineConfig& cfg, const CharacterizeOptions& opt) {
  const std::string cache = opt.cache_dir.empty() ? default_cache_dir() + "/energy" : opt.cache_dir;
  fs::create_directories(cache);
  const RtlOnDisk rtl = rtl_on_disk(cfg, cache);
  std::string top_file;
  for (const auto& f : rtl.files)
    if (fs::path(f).stem() == rtl.top) top_file = f;
  const std::string top_text = read_text_file(top_file);

  SynthRequest pe;
  pe.verilog_files = {rtl.pe_file};
  pe.top = rtl.pe_module;
  pe.clock_period_ns = opt.clock_ns;
  pe.input_activity = 0.0;  // every port quiet unless overridden below
  pe.standalone_modules = false;
  pe.cache_dir = cache + "/synth";
  SynthRequest arr = pe;
  arr.verilog_files = rtl.files;
  arr.top = rtl.top;

  ContentHash h;
  h.add(kFlowVersion).add(cfg.tag()).add(fs::path(rtl.pe_file).parent_path().filename().string());
  h.add(opt.workload.str()).add(opt.source).add(double(opt.seed)).add(opt.clock_ns);
  h.add(synth_cache_key(pe));  // tools, liberty and flow settings
  const std::string key = h.hex();
  const fs::path table_path = fs::path(cache) / (cfg.tag() + "-" + key + ".json");
  if (fs::exists(table_path)) return energy_table_from_json(nlohmann::json::parse(read_text_file(table_path)));

  say(opt, fmt::format("energy: measuring toggles of {} {} on {}", opt.source, opt.workload.str(), cfg.tag()));
  const GemmOperands ops = make_gemm_operands(cfg, opt.workload, opt.seed, opt.source);
  auto model = make_array_model(cfg);
  const WorkloadToggles tog = measure_workload_toggles(cfg, ops.a, ops.b, *model);
  const ArrayActivity& act = tog.trace.array;

  say(opt, "energy: OpenSTA on the stand-alone PE " + rtl.pe_module);
  const SynthReport p_idle = synthesize(pe);
  // OpenSTA 2.0.17 gives every register output the default input activity
  // (it does not propagate through flip-flops), so the default is set to the
  // measured mean toggle rate of the PE's register bits per MAC, and rst is
  // pinned quiet by name.
  SynthRequest pe_mac = pe;
  pe_mac.input_activity = tog.pe_reg_activity_per_mac;
  pe_mac.net_activities = tog.pe_mac_activity;
  pe_mac.net_activities["rst"] = 0.0;
  const SynthReport p_mac = synthesize(pe_mac);

  // The same with the data inputs (and so the registers they feed) quiet:
  // what a MAC costs whatever the operands (valid/first, enables).
  SynthRequest pe_ctrl = pe_mac;
  pe_ctrl.input_activity = 0.0;
  for (const char* port : {"a_in", "b_in", "ps_in"})
    if (pe_ctrl.net_activities.count(port)) pe_ctrl.net_activities[port] = 0.0;
  const SynthReport p_ctrl = synthesize(pe_ctrl);
  // Data inputs at their rates, register outputs quiet: separates the
  // price of an input toggle from that of a register-output toggle.
  SynthRequest pe_data = pe_mac;
  pe_data.input_activity = 0.0;
  const SynthReport p_data = synthesize(pe_data);
  const double reg_toggles_per_mac = double(tog.pe_register_toggle_bits) / double(std::max<uint64_t>(act.macs, 1));
  const double toggles_per_mac = double(tog.pe_operand_toggle_bits) / double(std::max<uint64_t>(act.macs, 1));

  const bool os = cfg.dataflow == Dataflow::OutputStationary;
  std::map<std::string, double> top_all, top_feed;
  for (const auto& [port, a] : tog.top_port_activity)
    if (has_input_port(top_text, port)) top_all[port] = a;
  top_feed = top_all;
  if (os) top_feed["rd_en"] = top_feed["rd_row"] = 0.0;
  if (!has_input_port(top_text, "rd_row")) top_feed.erase("rd_row");

  say(opt, "energy: OpenSTA on the whole array " + rtl.top + " (quiet, workload, workload without read-out)");
  const SynthReport a0 = synthesize(arr);
  SynthRequest arr1 = arr;
  arr1.input_activity = tog.reg_activity_per_cycle;  // register outputs (see above)
  top_all["rst"] = top_feed["rst"] = 0.0;
  arr1.net_activities = top_all;
  const SynthReport a1 = synthesize(arr1);
  SynthReport a2 = a1;
  if (os) {
    SynthRequest arr2 = arr1;
    arr2.net_activities = top_feed;
    a2 = synthesize(arr2);
  }

  const double T = opt.clock_ns;
  const double cycles = double(tog.cycles);
  EnergyTable t;
  t.config_tag = cfg.tag();
  t.key = key;
  t.node_nm = p_idle.technology.node_nm;
  t.voltage_v = p_idle.technology.voltage_v;
  t.corner = p_idle.technology.corner;
  t.library = p_idle.technology.library_name;
  t.tools = p_idle.source;
  t.workload = fmt::format("{} GEMM {} seed {} ({}): {} cycles, {} MACs", opt.source, opt.workload.str(), opt.seed,
                           ops.description, tog.cycles, act.macs);
  t.char_clock_ns = T;
  t.pe_mac_activity = tog.pe_mac_activity;
  t.pe_load_activity = tog.pe_load_activity;
  t.top_port_activity = top_all;
  t.pe_reg_activity_per_mac = tog.pe_reg_activity_per_mac;
  t.reg_activity_per_cycle = tog.reg_activity_per_cycle;
  const std::string pe_src = fmt::format("OpenSTA on stand-alone {} at T = {} ns; ", rtl.pe_module, T);
  const std::string top_src = fmt::format("OpenSTA on whole {} at T = {} ns, top module's own cells; ", rtl.top, T);
  auto pos = [](double v) { return std::max(0.0, v); };
  t.actions["pe_idle_dynamic"] = {p_idle.power.dynamic_mw * T, "pJ", "PE-cycle",
                                  pe_src + "all inputs quiet: P_idle,dyn x T (clock + register internal power)"};
  t.actions["pe_leakage"] = {p_idle.power.leakage_mw, "mW", "PE", pe_src + "leakage power, all inputs quiet"};
  t.actions["mac"] = {pos(p_mac.power.total_mw - p_idle.power.total_mw) * T, "pJ", "MAC",
                      pe_src + "ports at the measured toggles per MAC: (P_mac - P_idle) x T; includes the PE's "
                               "operand, accumulator and valid register writes and its input nets"};
  t.actions["mac_base"] = {pos(p_ctrl.power.total_mw - p_idle.power.total_mw) * T, "pJ", "MAC",
                           pe_src + "valid/first at their measured rates, data inputs quiet: (P_ctrl - P_idle) x T"};
  t.actions["pe_operand_toggle_bit"] = {
      toggles_per_mac > 0 ? pos(p_data.power.total_mw - p_ctrl.power.total_mw) * T / toggles_per_mac : 0.0, "pJ",
      "bit toggle",
      pe_src + fmt::format("data inputs at their rates, register outputs quiet: (P_data - P_ctrl) x T / {:.4f} "
                           "data-input bit toggles per MAC", toggles_per_mac)};
  t.actions["pe_register_toggle_bit"] = {
      reg_toggles_per_mac > 0 ? pos(p_mac.power.total_mw - p_data.power.total_mw) * T / reg_toggles_per_mac : 0.0,
      "pJ", "bit toggle",
      pe_src + fmt::format("register outputs at their measured mean rate: (P_mac - P_data) x T / {:.4f} register "
                           "bit toggles per MAC", reg_toggles_per_mac)};
  t.actions["top_idle_dynamic"] = {a0.top_own_dynamic_mw * T, "pJ", "cycle",
                                   top_src + "all inputs quiet: P_top,dyn(A0) x T"};
  t.actions["top_leakage"] = {a0.top_own_leakage_mw, "mW", "array", top_src + "leakage power"};
  const double skew_bits = double(std::max<uint64_t>(act.skew_reg_write_bits, 1));
  t.actions["skew_reg_write_bit"] = {
      pos(a2.top_own_total_mw - a0.top_own_total_mw) * T * cycles / skew_bits, "pJ", "bit",
      top_src + fmt::format("(P_top(feed) - P_top(A0)) x T x {} cycles / {} skew bits written", tog.cycles,
                            act.skew_reg_write_bits)};
  if (os) {
    const double ro = double(std::max<uint64_t>(act.acc_readouts, 1));
    t.actions["acc_readout"] = {pos(a1.top_own_total_mw - a2.top_own_total_mw) * T * cycles / ro, "pJ", "value",
                                top_src + fmt::format("(P_top(A1) - P_top(feed only)) x T x {} cycles / {} read-outs",
                                                      tog.cycles, act.acc_readouts)};
  } else {
    t.actions["acc_readout"] = {0.0, "pJ", "value",
                                "WS read-out is the output de-skew and output register: priced in skew_reg_write_bit"};
  }
  t.actions["operand_forward"] = {
      0.0, "pJ", "value",
      "no wire-load model in this flow: the receiving PE's input net is priced in that PE's E_mac"};
  if (!os) {
    SynthRequest pe_load = pe;
    pe_load.net_activities = tog.pe_load_activity;
    pe_load.net_activities["rst"] = 0.0;
    const SynthReport p_load = synthesize(pe_load);
    t.actions["weight_load_bit"] = {
        pos(p_load.power.total_mw - p_idle.power.total_mw) * T / cfg.b.bits, "pJ", "bit",
        pe_src + fmt::format("w_load/w_in at the measured toggles per load cycle: (P_load - P_idle) x T / {} bits",
                             cfg.b.bits)};
  } else {
    t.actions["weight_load_bit"] = {0.0, "pJ", "bit", "OS arrays load no weights"};
  }
  t.area = {a0.total_area_um2, "um2", "array", "Yosys cell area of the whole array (liberty area attribute)"};
  t.fmax = {p_idle.timing.fmax_mhz, "MHz", "clock",
            "hierarchical Fmax: the PE's stand-alone critical path (broadcast nets buffered; top-level "
            "register paths not included, docs/synthesis.md)"};

  const std::string tmp = table_path.string() + fmt::format(".tmp-{}", ::getpid());
  write_text_file(tmp, to_json(t).dump(2) + "\n");
  fs::rename(tmp, table_path);
  return t;
}

}  // namespace tpe::hw
