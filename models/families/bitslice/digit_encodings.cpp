#include "models/families/bitslice/digit_encodings.hpp"

#include <stdexcept>

namespace tpe::bitslice {

int radix(Encoding e) { return e == Encoding::BitPlanes ? 2 : 4; }

int digit_count(Encoding e, const IntFormat& f) {
  if (e == Encoding::BitPlanes) return f.bits;
  return f.is_signed ? (f.bits + 1) / 2 : f.bits / 2 + 1;
}

namespace {

std::vector<int> bit_planes(int64_t v, const IntFormat& f) {
  std::vector<int> d(size_t(f.bits));
  const uint64_t u = uint64_t(v);
  for (int i = 0; i < f.bits; ++i) d[size_t(i)] = int((u >> i) & 1);
  if (f.is_signed) d[size_t(f.bits - 1)] = -d[size_t(f.bits - 1)];
  return d;
}

std::vector<int> en_t(int64_t v, const IntFormat& f) {
  const int n = digit_count(Encoding::EnT, f);
  const int sign = v < 0 ? -1 : 1;
  uint64_t mag = uint64_t(v < 0 ? -v : v);
  std::vector<int> d(size_t(n), 0);
  int carry = 0;
  for (int k = 0; k < n; ++k) {
    int raw = int(mag & 3) + carry;
    mag >>= 2;
    carry = raw >= 3;
    if (raw == 3) raw = -1;
    if (raw == 4) raw = 0;
    d[size_t(k)] = sign * raw;
  }
  if (carry || mag) throw std::logic_error("EN-T: value does not fit the format's digits");
  return d;
}

std::vector<int> mbe(int64_t v, const IntFormat& f) {
  const int n = digit_count(Encoding::Mbe, f);
  const uint64_t u = uint64_t(v);  // two's complement; bits above the format are its sign extension
  auto bit = [&](int i) { return i < 0 ? 0 : int((u >> i) & 1); };
  std::vector<int> d(static_cast<size_t>(n));
  for (int k = 0; k < n; ++k) d[size_t(k)] = -2 * bit(2 * k + 1) + bit(2 * k) + bit(2 * k - 1);
  return d;
}

}  // namespace

std::vector<int> encode(Encoding e, int64_t v, const IntFormat& f) {
  if (v < f.min_value() || v > f.max_value()) throw std::out_of_range("encode: value outside its format");
  switch (e) {
    case Encoding::BitPlanes: return bit_planes(v, f);
    case Encoding::EnT: return en_t(v, f);
    case Encoding::Mbe: return mbe(v, f);
  }
  throw std::logic_error("encode: unknown encoding");
}

int nonzero_digits(Encoding e, int64_t v, const IntFormat& f) {
  int n = 0;
  for (int d : encode(e, v, f)) n += d != 0;
  return n;
}

std::vector<uint8_t> nonzero_digit_table(Encoding e, const IntFormat& f) {
  std::vector<uint8_t> t;
  t.reserve(size_t(f.max_value() - f.min_value() + 1));
  for (int64_t v = f.min_value(); v <= f.max_value(); ++v) t.push_back(uint8_t(nonzero_digits(e, v, f)));
  return t;
}

}  // namespace tpe::bitslice
