#include "hw/synth/synth_manifest.hpp"

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

namespace tpe::hw {

SynthRequest synth_request_from_manifest(const std::string& dir) {
  const std::filesystem::path path = std::filesystem::path(dir) / "manifest.json";
  std::ifstream in(path);
  if (!in) throw SynthError("synth: no manifest at " + path.string() + " (write one with `tpe gen --out DIR`)");
  nlohmann::json j;
  try {
    in >> j;
  } catch (const std::exception& e) {
    throw SynthError("synth: " + path.string() + " is not valid JSON: " + e.what());
  }
  if (!j.contains("files") || !j["files"].is_array() || j["files"].empty() || !j.contains("top") ||
      !j["top"].is_string())
    throw SynthError("synth: " + path.string() + " needs a non-empty \"files\" array and a \"top\" string");
  SynthRequest req;
  for (const auto& f : j["files"]) req.verilog_files.push_back((std::filesystem::path(dir) / f.get<std::string>()).string());
  req.top = j["top"].get<std::string>();
  return req;
}

}  // namespace tpe::hw
