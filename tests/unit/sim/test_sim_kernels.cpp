// The cycle models' arithmetic kernels against plain 64-bit loops, over the
// formats and accumulator widths that pick their different paths: sums in
// 32-bit lanes (narrow accumulators; chunks of terms that cannot overflow
// int32) and 64-bit products (wide operands into a wide accumulator); the
// valid window's activity counts (prefix sums over a run, loop otherwise).
#include <catch2/catch.hpp>

#include <random>

#include "models/gemm/int_gemm.hpp"
#include "sim/core/port_lanes.hpp"
#include "sim/core/row_kernels.hpp"
#include "sim/core/valid_window.hpp"

using namespace tpe;

namespace {

std::vector<int32_t> random_lanes(std::mt19937_64& rng, const IntFormat& f, size_t n) {
  std::uniform_int_distribution<int64_t> d(f.min_value(), f.max_value());
  std::vector<int32_t> v(n);
  for (auto& x : v) x = int32_t(d(rng));
  // The extremes, where overflow would show.
  v[0] = int32_t(f.min_value());
  if (n > 1) v[1] = int32_t(f.max_value());
  return v;
}

}  // namespace

TEST_CASE("sim kernels: operand dot products equal 64-bit sums in the accumulator's bits") {
  std::mt19937_64 rng(11);
  const IntFormat formats[] = {{8, true}, {4, false}, {16, true}, {16, false}, {2, true}};
  for (const IntFormat& fx : formats)
    for (const IntFormat& fw : formats)
      for (int acc_bits : {12, 32, 33, 48, 64})
        for (int terms : {1, 3, 17, 70})
          for (int n : {1, 5, 16, 35}) {
            // x strided (as the OS model reads a column of its log), w rows padded.
            const size_t xs = 3, ws = size_t(n) + 2;
            const auto x = random_lanes(rng, fx, size_t(terms) * xs);
            const auto w = random_lanes(rng, fw, size_t(terms) * ws);
            std::vector<uint64_t> sum(static_cast<size_t>(n)), want(static_cast<size_t>(n));
            for (int j = 0; j < n; ++j) sum[j] = want[j] = rng();
            for (int j = 0; j < n; ++j)
              for (int t = 0; t < terms; ++t) want[j] += uint64_t(int64_t(x[t * xs]) * int64_t(w[t * ws + j]));
            OperandDotProducts(fx, fw, acc_bits).add(sum.data(), x.data(), xs, w.data(), ws, terms, n);
            const bool s = product_is_signed(fx, fw);
            for (int j = 0; j < n; ++j) {
              INFO(fx.tag() << " x " << fw.tag() << " acc" << acc_bits << " terms " << terms << " n " << n << " j "
                            << j);
              REQUIRE(wrap_to_accumulator(int64_t(sum[j]), acc_bits, s) ==
                      wrap_to_accumulator(int64_t(want[j]), acc_bits, s));
            }
          }
}

// The tile kernel (the OS model's settled tile; term pairs through pmaddwd
// when both formats fit int16): odd terms, rows and columns that are not whole
// register blocks, the most negative operands everywhere (pmaddwd's one
// overflow case), narrow and wide accumulators.
TEST_CASE("sim kernels: tile sums equal 64-bit sums in the accumulator's bits") {
  std::mt19937_64 rng(12);
  const IntFormat formats[] = {{8, true}, {16, true}, {16, false}, {4, false}};
  for (const IntFormat& fx : formats)
    for (const IntFormat& fw : formats)
      for (int acc_bits : {16, 32, 40, 64})
        for (int terms : {1, 2, 7, 130})
          for (auto [rows, n] : {std::pair{1, 1}, {5, 9}, {4, 16}, {32, 32}, {7, 35}}) {
            const size_t xs = size_t(rows) + 1, ws = size_t(n) + 3;
            auto x = random_lanes(rng, fx, size_t(terms) * xs);
            auto w = random_lanes(rng, fw, size_t(terms) * ws);
            if (terms == 2) {  // every operand at its format's minimum
              std::fill(x.begin(), x.end(), int32_t(fx.min_value()));
              std::fill(w.begin(), w.end(), int32_t(fw.min_value()));
            }
            std::vector<uint64_t> tile(size_t(rows) * size_t(n)), want(tile.size());
            for (size_t e = 0; e < tile.size(); ++e) tile[e] = want[e] = rng();
            for (int i = 0; i < rows; ++i)
              for (int j = 0; j < n; ++j)
                for (int t = 0; t < terms; ++t)
                  want[size_t(i) * size_t(n) + size_t(j)] +=
                      uint64_t(int64_t(x[size_t(t) * xs + size_t(i)]) * int64_t(w[size_t(t) * ws + size_t(j)]));
            OperandDotProducts(fx, fw, acc_bits).add_tile(tile.data(), rows, x.data(), xs, w.data(), ws, terms, n);
            const bool s = product_is_signed(fx, fw);
            for (size_t e = 0; e < tile.size(); ++e) {
              INFO(fx.tag() << " x " << fw.tag() << " acc" << acc_bits << " terms " << terms << " rows " << rows
                            << " n " << n << " element " << e);
              REQUIRE(wrap_to_accumulator(int64_t(tile[e]), acc_bits, s) ==
                      wrap_to_accumulator(int64_t(want[e]), acc_bits, s));
            }
          }
}

TEST_CASE("sim kernels: port lanes equal to_port_value and wrap_to_accumulator") {
  std::mt19937_64 rng(5);
  for (int bits : {1, 2, 7, 8, 16, 31, 32, 33, 63, 64})
    for (bool is_signed : {true, false}) {
      const PortLanes lanes(bits, is_signed);
      std::vector<int64_t> v(64);
      for (auto& x : v) x = int64_t(rng());
      v[0] = 0, v[1] = -1, v[2] = INT64_MIN, v[3] = INT64_MAX;
      std::vector<int64_t> wide(v.size());
      lanes.convert(v.data(), wide.data(), int(v.size()));
      for (size_t i = 0; i < v.size(); ++i) {
        INFO("bits " << bits << " signed " << is_signed << " value " << v[i]);
        REQUIRE(lanes(v[i]) == wrap_to_accumulator(v[i], bits, is_signed));
        REQUIRE(wide[i] == wrap_to_accumulator(v[i], bits, is_signed));
        if (bits <= 16) REQUIRE(wide[i] == to_port_value(v[i], IntFormat{bits, is_signed}));
      }
      if (bits < 32 || (bits == 32 && is_signed)) {  // the port values fit int32
        std::vector<int32_t> narrow(v.size());
        lanes.convert(v.data(), narrow.data(), int(v.size()));
        for (size_t i = 0; i < v.size(); ++i) REQUIRE(int64_t(narrow[i]) == wrap_to_accumulator(v[i], bits, is_signed));
      }
    }
}

TEST_CASE("sim kernels: valid window counts equal a naive count over the window") {
  std::mt19937_64 rng(3);
  for (auto [rows, cols] : {std::pair{1, 1}, {3, 5}, {4, 4}, {8, 2}, {16, 16}}) {
    ValidWindow win(rows, cols);
    std::vector<int> history;  // valid bits, oldest first
    // Runs of valid inputs and gaps of random lengths, as a controller makes, then isolated bits.
    for (int step = 0; step < 3000; ++step) {
      const int phase = (step / 400) % 3;
      const bool valid = phase == 0 ? (step / 37) % 2 == 0 : phase == 1 ? rng() % 2 == 0 : rng() % 7 == 0;
      uint64_t macs = 0, forwards = 0;
      for (int d = 0; d < rows + cols && d < int(history.size()); ++d) {
        if (!history[history.size() - 1 - d]) continue;
        for (int i = 0; i < rows; ++i)
          for (int j = 0; j < cols; ++j)
            if (i + j == d) macs += 1, forwards += (j + 1 < cols) + (i + 1 < rows);
      }
      const ValidWindow::PeWork work = win.pe_work();
      win.push(valid);
      history.push_back(valid);
      uint64_t row_stages = 0, col_stages = 0;
      for (int d = 0; d < rows + cols && d < int(history.size()); ++d)
        if (history[history.size() - 1 - d]) row_stages += std::max(0, rows - d), col_stages += std::max(0, cols - d);
      const ValidWindow::SkewFill fill = win.skew_fill();
      INFO(rows << "x" << cols << " step " << step);
      REQUIRE(work.macs == macs);
      REQUIRE(work.forwards == forwards);
      REQUIRE(fill.row_stages == row_stages);
      REQUIRE(fill.col_stages == col_stages);
      bool any = false;
      for (int d = 0; d < rows + cols && d < int(history.size()); ++d) any = any || history[history.size() - 1 - d];
      REQUIRE(win.empty() == !any);
    }
  }
}
