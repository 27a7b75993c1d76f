#include "sim/families/mixed/mixed_controller.hpp"

#include <algorithm>
#include <stdexcept>

namespace tpe::mixed {

MixedController::MixedController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b)
    : GemmController(cfg, a, b), p_(Params::of(cfg)), tiles_(p_.rows, p_.cols, M_, N_) {
  check_side_tensors(p_.group, b);
  in_valid_ = layout_.input("in_valid");
  first_ = layout_.input("first");
  last_ = layout_.input("last");
  a_vec_ = layout_.input("a_vec");
  q_vec_ = layout_.input("q_vec");
  s_vec_ = layout_.input("s_vec");
  z_vec_ = layout_.input("z_vec");
  out_valid_ = layout_.output("out_valid");
  c_vec_ = layout_.output("c_vec");
}

void MixedController::collect(const ArrayOutputs& out) {
  if (shown_next_.empty()) throw std::logic_error("mixed array showed a result tile nobody asked for");
  const auto [m0, n0] = shown_next_.front();
  shown_next_.pop_front();
  const int rows = std::min(p_.rows, M_ - m0), cols = std::min(p_.cols, N_ - n0);
  const std::vector<int64_t>& c = out.port[size_t(c_vec_)];
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j) c_(m0 + i, n0 + j) = c[size_t(i * p_.cols + j)];
  buf_c_->write_bits += uint64_t(rows) * uint64_t(cols) * 32;
}

// Column k of the A tile; row k of the B tile with its group's scales and zeros.
void MixedController::feed_column() {
  const int m0 = tiles_.m0(), n0 = tiles_.n0(), rows = tiles_.rows_here(), cols = tiles_.cols_here();
  const int g = k_ / p_.group;
  const Matrix<int32_t>& scale = b_.side.at(kScaleName);
  const Matrix<int32_t>& zero = b_.side.at(kZeroName);
  std::vector<int64_t>& a = in_.port[size_t(a_vec_)];
  std::vector<int64_t>& q = in_.port[size_t(q_vec_)];
  std::vector<int64_t>& s = in_.port[size_t(s_vec_)];
  std::vector<int64_t>& z = in_.port[size_t(z_vec_)];
  for (int i = 0; i < p_.rows; ++i) a[size_t(i)] = i < rows ? a_(m0 + i, k_) : 0;
  for (int j = 0; j < p_.cols; ++j) {
    const bool live = j < cols;
    q[size_t(j)] = live ? b_(k_, n0 + j) : 0;
    s[size_t(j)] = live ? scale(g, n0 + j) : 0;
    z[size_t(j)] = live ? zero(g, n0 + j) : 0;
  }
  buf_a_->read_bits += uint64_t(rows) * 16;
  // A column's scale and zero are read once per group of k (then held).
  buf_b_->read_bits += uint64_t(cols) * (4 + (k_ % p_.group == 0 ? 16 + 4 : 0));
  in_.set(in_valid_, 1);
  in_.set(first_, k_ == 0);
  in_.set(last_, k_ == K_ - 1);
}

const ArrayInputs& MixedController::next(const ArrayOutputs& out) {
  in_.set(in_valid_, 0);
  in_.set(first_, 0);
  in_.set(last_, 0);
  if (done_) return in_;
  if (out.flag(out_valid_)) collect(out);
  if (issued_all_) {
    done_ = shown_next_.empty();
    return in_;
  }
  feed_column();
  if (++k_ == K_) {
    shown_next_.emplace_back(tiles_.m0(), tiles_.n0());
    k_ = 0;
    issued_all_ = !tiles_.advance();
  }
  return in_;
}

}  // namespace tpe::mixed
