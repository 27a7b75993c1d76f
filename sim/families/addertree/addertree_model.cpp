#include "sim/families/addertree/addertree_model.hpp"

#include <algorithm>
#include <cstring>

#include "models/families/addertree/addertree_spec.hpp"
#include "models/gemm/int_gemm.hpp"

namespace tpe::addertree {

AdderTreeModel::AdderTreeModel(const EngineConfig& cfg)
    : cfg_(cfg),
      layout_(PortLayout::of(cfg)),
      k_(Params::of(cfg).k),
      n_(Params::of(cfg).n),
      latency_(Params::of(cfg).latency()),
      a_port_(cfg.a),
      w_port_(cfg.b),
      acc_(cfg.acc_bits, product_is_signed(cfg.a, cfg.b)),
      dots_(cfg.a, cfg.b, cfg.acc_bits) {
  in_valid_ = layout_.input("in_valid");
  a_vec_ = layout_.input("a_vec");
  p_vec_ = layout_.input("p_vec");
  w_load_ = layout_.input("w_load");
  w_vec_ = layout_.input("w_vec");
  out_valid_ = layout_.output("out_valid");
  c_vec_ = layout_.output("c_vec");
  idle_ = layout_.output("idle");
  reset();
}

void AdderTreeModel::reset() {
  w_.assign(size_t(k_) * n_, 0);
  row_a_.assign(size_t(k_), 0);
  slot_valid_.assign(size_t(latency_), 0);
  slot_sum_.assign(size_t(latency_) * n_, 0);
  in_flight_ = 0;
  edge_ = 0;
  counts_.assign(kCounters, 0);
  out_ = layout_.make_outputs();
}

const ArrayOutputs& AdderTreeModel::tick(const ArrayInputs& in) {
  const uint64_t edge = edge_++;
  const size_t slot = size_t(edge % uint64_t(latency_)), N = size_t(n_);
  // The output register takes the row sampled `latency` edges ago.
  const bool leaving = slot_valid_[slot] != 0;
  out_.set(out_valid_, leaving);
  if (leaving) {
    acc_.convert(&slot_sum_[slot * N], out_.port[c_vec_].data(), n_);
    slot_valid_[slot] = 0;
    --in_flight_;
    counts_[kResultValues] += N;
  }
  if (in.flag(w_load_)) {
    std::memmove(&w_[0], &w_[N], (w_.size() - N) * sizeof(int32_t));
    w_port_.convert(in.port[w_vec_].data(), &w_[size_t(k_ - 1) * N], n_);
    counts_[kWeightWriteBits] += uint64_t(k_) * N * uint64_t(cfg_.b.bits);
  }
  if (in.flag(in_valid_)) {
    // Multiplied by the weights held after this edge (its load included).
    a_port_.convert(in.port[a_vec_].data(), row_a_.data(), k_);
    uint64_t* sum = &slot_sum_[slot * N];
    std::copy_n(in.port[p_vec_].data(), N, sum);  // only the low acc_bits reach c_vec
    dots_.add(sum, row_a_.data(), 1, w_.data(), N, k_, n_);
    slot_valid_[slot] = 1;
    ++in_flight_;
    counts_[kMac] += uint64_t(k_) * N;
    counts_[kInputRegWriteBits] += uint64_t(k_) * uint64_t(cfg_.a.bits) + N * uint64_t(cfg_.acc_bits);
  }
  out_.set(idle_, in_flight_ == 0);
  return out_;
}

}  // namespace tpe::addertree
