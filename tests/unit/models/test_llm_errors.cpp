// Bad input: corrupt or truncated checkpoints, shapes that do not match the
// header, unknown models and schemes. Each must give a clear message and,
// through the `tpe` command, a non-zero exit without a crash.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <vector>

#include "models/llm/llm_layer.hpp"
#include "models/llm/llm_model.hpp"
#include "workloads/model_catalog.hpp"

using namespace tpe;

namespace {

std::string temp_path(const std::string& name) { return std::string(TPE_BINARY_DIR) + "/llm_test_" + name; }

void write_file(const std::string& path, const std::vector<char>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), std::streamsize(bytes.size()));
}

std::vector<char> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<char>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

struct CliResult {
  int exit_code;
  std::string output;
};

// Runs `tpe` with stderr folded into the captured output.
CliResult run_tpe(const std::string& args) {
  const std::string cmd = std::string(TPE_BINARY_DIR) + "/tpe " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  char buf[512];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  const int status = pclose(p);
  // A crash (signal) is not a clean exit: report it as 128 + signal like a shell.
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return {code, out};
}

}  // namespace

TEST_CASE("llm checkpoint: bad header, truncation and trailing bytes are refused naming the file", "[llm]") {
  const std::vector<char> good = read_file(default_stories260k_path());
  REQUIRE(good.size() == 1056540);

  std::vector<char> bad = good;
  const int32_t neg = -64;
  std::memcpy(bad.data(), &neg, 4);  // dim = -64
  const std::string p1 = temp_path("bad_header.bin");
  write_file(p1, bad);
  CHECK_THROWS_WITH(load_llama2c_checkpoint(p1), Catch::Contains(p1) && Catch::Contains("dim = -64"));

  const std::string p2 = temp_path("truncated.bin");
  write_file(p2, std::vector<char>(good.begin(), good.begin() + 600000));
  CHECK_THROWS_WITH(load_llama2c_checkpoint(p2), Catch::Contains(p2) && Catch::Contains("truncated"));

  std::vector<char> longer = good;
  longer.resize(good.size() + 8, 0);
  const std::string p3 = temp_path("trailing.bin");
  write_file(p3, longer);
  CHECK_THROWS_WITH(load_llama2c_checkpoint(p3), Catch::Contains("trailing bytes"));

  // A header whose shapes disagree with the data: hidden_dim 171 instead of 172.
  std::vector<char> shape = good;
  const int32_t hidden = 171;
  std::memcpy(shape.data() + 4, &hidden, 4);
  const std::string p4 = temp_path("shape.bin");
  write_file(p4, shape);
  CHECK_THROWS_WITH(load_llama2c_checkpoint(p4), Catch::Contains(p4));

  CHECK_THROWS_WITH(load_llama2c_checkpoint(temp_path("missing.bin")), Catch::Contains("cannot open"));
}

TEST_CASE("llm layer weights of the wrong shape are refused naming the tensor", "[llm]") {
  LlmArch a = find_model("stories260K");
  const LlamaCheckpoint ck = load_llama2c_checkpoint(default_stories260k_path());
  LayerWeights w = from_llama2c(ck.layers[0]);
  w.wk = Matrix<float>(16, 64);
  CHECK_THROWS_WITH(DecoderLayer(a, w, find_scheme("fp32"), 0), Catch::Contains("wk is 16x64, expected 32x64"));
  a.n_kv_heads = 3;
  CHECK_THROWS_WITH(validate_arch(a), Catch::Contains("n_kv_heads = 3"));
  CHECK_THROWS_WITH(find_model("Llama-9-1T"), Catch::Contains("unknown model 'Llama-9-1T'") &&
                                                   Catch::Contains("Llama-2-7B"));
  CHECK_THROWS_WITH(find_scheme("w3a3-nope"), Catch::Contains("unknown scheme 'w3a3-nope'"));
  const LlmModel m(ck, find_scheme("fp32"));
  auto caches = m.new_caches();
  CHECK_THROWS_WITH(m.step(512, 0, caches, reference_gemm_engine()), Catch::Contains("token 512"));
  CHECK_THROWS_WITH(m.step(1, 512, caches, reference_gemm_engine()), Catch::Contains("position 512"));
}

TEST_CASE("llm CLI: bad input exits non-zero with a clear message and no crash", "[llm]") {
  const std::vector<char> good = read_file(default_stories260k_path());
  REQUIRE(good.size() == 1056540);  // the bundled checkpoint must be there to cut from
  const std::string cut = temp_path("cli_cut.bin");
  write_file(cut, std::vector<char>(good.begin(), good.begin() + 1000));
  const struct {
    std::string args, expect;
  } cases[] = {
      {"run-model --checkpoint " + cut + " --steps 4", "truncated"},
      {"run-model --checkpoint " + temp_path("nope.bin"), "cannot open"},
      {"run-model --scheme nope --steps 4", "unknown scheme 'nope'"},
      {"run-model --steps 0", "--steps 0 is out of range"},
      {"run-model --steps abc", "invalid"},
      {"ref --model nope", "unknown model 'nope'"},
      {"ref --model stories260K --layer 5", "--layer 5 is out of range"},
      {"ref --model stories260K --phase sideways", "phase 'sideways'"},
      {"ref --model stories260K --phase decode --ctx 513", "ctx = 513 is out of range"},
      {"ref --model stories260K --checkpoint " + cut, "truncated"},
      {"workload show --model nope", "unknown model 'nope'"},
      {"workload show --model Llama-2-7B --seq 0", "seq = 0 is out of range"},
      {"workload show --model Llama-2-7B --scheme nope", "unknown scheme 'nope'"},
      {"workload frobnicate", "unknown workload subcommand"},
  };
  for (const auto& c : cases) {
    const CliResult r = run_tpe(c.args);
    INFO("tpe " << c.args << "\n" << r.output);
    CHECK(r.exit_code >= 1);
    CHECK(r.exit_code < 128);  // an exit, not a signal
    CHECK_THAT(r.output, Catch::Contains(c.expect));
  }
  for (const char* help : {"run-model --help", "ref --help", "workload list --help", "workload show --help"}) {
    const CliResult r = run_tpe(help);
    INFO(help);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Contains("usage: tpe"));
  }
}
