#include "sim/core/gemm_controller.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace tpe {

GemmController::GemmController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b)
    : cfg_(cfg),
      a_(a),
      b_(b),
      M_(a.rows),
      K_(a.cols),
      N_(b.cols),
      c_(a.rows, b.cols, 0),
      layout_(PortLayout::of(cfg)),
      in_(layout_.make_inputs()) {
  if (a.cols != b.rows)
    throw std::invalid_argument(fmt::format("GEMM inner dimensions differ: A is {}x{}, B is {}x{}", a.rows, a.cols,
                                            b.rows, b.cols));
  buf_a_ = &buffers_["a"];
  buf_b_ = &buffers_["b"];
  buf_c_ = &buffers_["c"];
}

}  // namespace tpe
