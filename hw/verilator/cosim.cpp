#include "hw/verilator/cosim.hpp"

#include <chrono>
#include <filesystem>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hw/verilator/rtl_array_device.hpp"
#include "hw/verilator/verilator_build.hpp"
#include "models/gemm/gemm_operands.hpp"
#include "models/util/output_file.hpp"
#include "rtlgen/core/generate.hpp"
#include "sim/core/engine_sim.hpp"
#include "sim/core/sc_trace_device.hpp"
#include "models/engine/family_registry.hpp"

namespace tpe::hw {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::optional<Mismatch> first_difference(const char* view, const ResultMatrix& want, const ResultMatrix& got) {
  for (int r = 0; r < want.rows; ++r)
    for (int c = 0; c < want.cols; ++c)
      if (want(r, c) != got(r, c)) return Mismatch{view, r, c, want(r, c), got(r, c)};
  return std::nullopt;
}

}  // namespace

nlohmann::json CosimResult::to_json(const CosimRequest& req) const {
  nlohmann::json j = {{"bit_exact", bit_exact()},
                      {"cycles_equal", cycles_equal()},
                      {"pass", pass()},
                      {"completed", completed},
                      {"model_matches_reference", model_matches_reference},
                      {"rtl_matches_reference", rtl_matches_reference},
                      {"cycles_model", cycles_model},
                      {"cycles_rtl", cycles_rtl},
                      {"cycles_estimate", cycles_estimate ? nlohmann::json(*cycles_estimate) : nlohmann::json()},
                      {"macs", uint64_t(macs)},
                      {"gemm", {{"m", req.shape.m}, {"k", req.shape.k}, {"n", req.shape.n}}},
                      {"seed", req.seed},
                      {"operands", operands},
                      {"top", top},
                      {"config", req.cfg.to_json()},
                      {"build_wall_s", build_seconds},
                      {"sim_wall_s", sim_seconds}};
  if (first_mismatch)
    j["first_mismatch"] = {{"view", first_mismatch->view},
                           {"row", first_mismatch->row},
                           {"col", first_mismatch->col},
                           {"expected", first_mismatch->expected},
                           {"got", first_mismatch->got}};
  else
    j["first_mismatch"] = nullptr;
  return j;
}

std::string model_wave_path(const std::string& wave) {
  const std::string stem = wave.size() > 4 && wave.compare(wave.size() - 4, 4, ".vcd") == 0 ? wave.substr(0, wave.size() - 4) : wave;
  return stem + ".model.vcd";
}

CosimResult run_cosim(const CosimRequest& req) {
  CosimResult res;
  const GemmOperands ops = make_gemm_operands(req.cfg, req.shape, req.seed, req.operands);
  res.operands = ops.description;
  res.macs = req.shape.macs();
  const ResultMatrix want = engine_reference(req.cfg, ops.a, ops.b);

  auto t0 = std::chrono::steady_clock::now();
  const rtl::GeneratedRtl rtl = rtl::generate_rtl(req.cfg);
  res.top = rtl.top;
  const bool wave = !req.wave.empty();
  const std::string lib = build_verilated_library(rtl, {req.cache_dir, req.progress}, wave);
  res.build_seconds = seconds_since(t0);

  auto model = make_array_model(req.cfg);
  RtlArrayDevice rtl_device(req.cfg, lib, req.seed);
  EngineSimOptions opt;
  // Traces stream to disk through the output writer and appear when the
  // run has ended (a failed run leaves none).
  std::unique_ptr<OutputFile> model_trace, rtl_trace;
  if (!req.trace_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(req.trace_dir, ec);
    if (ec) throw std::runtime_error(fmt::format("--trace-dir: cannot create {} ({})", req.trace_dir, ec.message()));
    model_trace = std::make_unique<OutputFile>(req.trace_dir + "/model.trace", "--trace-dir");
    rtl_trace = std::make_unique<OutputFile>(req.trace_dir + "/rtl.trace", "--trace-dir");
    opt.text_traces = {&model_trace->stream(), &rtl_trace->stream()};
  }
  // Waveforms: the files are opened before the kernel starts (sc_trace's
  // rule); both put clock edge n of the run (n = 0: the reset edge) at n ns.
  std::unique_ptr<ScTraceDevice> traced_model;
  ArrayDevice* model_device = model.get();
  if (wave) {
    const std::string model_wave = req.model_wave.empty() ? model_wave_path(req.wave) : req.model_wave;
    traced_model = std::make_unique<ScTraceDevice>(*model, req.cfg, model_wave.substr(0, model_wave.size() - 4));
    model_device = traced_model.get();
    rtl_device.write_wave(req.wave, 1000);
    opt.edge_per_time_step = true;
  }
  if (req.progress) req.progress("simulating model and RTL in lockstep");
  t0 = std::chrono::steady_clock::now();
  opt.max_cycles = req.max_cycles;
  opt.on_quantum = req.on_cycles;
  auto runs = simulate_gemm(req.cfg, ops.a, ops.b, {model_device, &rtl_device}, opt);
  res.sim_seconds = seconds_since(t0);
  res.completed = runs[0].completed && runs[1].completed;
  // A run cut short by the caller's --max-cycles writes nothing (the traces
  // of one that hit the family's own bound are kept: they show the hang).
  if (!res.completed && req.max_cycles) return res;
  if (model_trace) model_trace->commit();
  if (rtl_trace) rtl_trace->commit();

  res.cycles_model = runs[0].activity.cycles;
  res.cycles_rtl = runs[1].activity.cycles;
  res.cycles_estimate = family_of(req.cfg).spec->cycles_for_operands(req.cfg, ops.a, ops.b);
  auto model_diff = first_difference("model", want, runs[0].c);
  auto rtl_diff = first_difference("rtl", want, runs[1].c);
  res.model_matches_reference = !model_diff;
  res.rtl_matches_reference = !rtl_diff;
  res.first_mismatch = model_diff ? model_diff : rtl_diff;
  return res;
}

}  // namespace tpe::hw
