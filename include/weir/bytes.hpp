// Checked byte access. Every read of untrusted packet bytes goes through
// ByteCursor (or the load_* helpers after an explicit bounds check), so a
// truncated or malformed packet can never cause an out-of-bounds read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace weir {

inline uint16_t load_be16(const uint8_t* p) { return uint16_t(p[0] << 8 | p[1]); }
inline uint32_t load_be24(const uint8_t* p) { return uint32_t(p[0]) << 16 | uint32_t(p[1]) << 8 | p[2]; }
inline uint32_t load_be32(const uint8_t* p) {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}
inline uint64_t load_be64(const uint8_t* p) { return uint64_t(load_be32(p)) << 32 | load_be32(p + 4); }
inline uint16_t load_le16(const uint8_t* p) { return uint16_t(p[1] << 8 | p[0]); }
inline uint32_t load_le32(const uint8_t* p) {
  return uint32_t(p[3]) << 24 | uint32_t(p[2]) << 16 | uint32_t(p[1]) << 8 | p[0];
}
inline uint64_t load_le64(const uint8_t* p) { return uint64_t(load_le32(p + 4)) << 32 | load_le32(p); }

// A read-only, bounds-checked cursor over a byte range. Reads return false
// (and leave the output untouched, the cursor unmoved) when fewer bytes remain
// than requested. It never throws and never allocates.
class ByteCursor {
 public:
  constexpr ByteCursor() = default;
  constexpr ByteCursor(const uint8_t* data, size_t size) : begin_(data), pos_(data), end_(data + size) {}

  size_t remaining() const { return size_t(end_ - pos_); }
  size_t offset() const { return size_t(pos_ - begin_); }
  size_t size() const { return size_t(end_ - begin_); }
  bool can_read(size_t n) const { return n <= remaining(); }
  bool empty() const { return pos_ == end_; }
  const uint8_t* data() const { return pos_; }
  const uint8_t* begin() const { return begin_; }

  bool skip(size_t n) {
    if (!can_read(n)) return false;
    pos_ += n;
    return true;
  }
  bool u8(uint8_t& v) {
    if (!can_read(1)) return false;
    v = *pos_++;
    return true;
  }
  bool be16(uint16_t& v) { return read(v, 2, load_be16); }
  bool be24(uint32_t& v) { return read(v, 3, load_be24); }
  bool be32(uint32_t& v) { return read(v, 4, load_be32); }
  bool be64(uint64_t& v) { return read(v, 8, load_be64); }
  bool le16(uint16_t& v) { return read(v, 2, load_le16); }
  bool le32(uint32_t& v) { return read(v, 4, load_le32); }
  bool le64(uint64_t& v) { return read(v, 8, load_le64); }
  // Points `out` at the next n bytes and advances past them.
  bool bytes(const uint8_t*& out, size_t n) {
    if (!can_read(n)) return false;
    out = pos_;
    pos_ += n;
    return true;
  }
  bool copy(void* out, size_t n) {
    if (!can_read(n)) return false;
    std::memcpy(out, pos_, n);
    pos_ += n;
    return true;
  }
  // Peeks without moving; false when out of range.
  bool peek_u8(size_t at, uint8_t& v) const {
    if (at >= remaining()) return false;
    v = pos_[at];
    return true;
  }
  bool peek_be16(size_t at, uint16_t& v) const {
    if (at > remaining() || remaining() - at < 2) return false;
    v = load_be16(pos_ + at);
    return true;
  }
  bool peek_be32(size_t at, uint32_t& v) const {
    if (at > remaining() || remaining() - at < 4) return false;
    v = load_be32(pos_ + at);
    return true;
  }
  // A sub-cursor over the next n bytes (clamped to what remains).
  ByteCursor sub(size_t n) const { return ByteCursor(pos_, n < remaining() ? n : remaining()); }

 private:
  template <class T, class F>
  bool read(T& v, size_t n, F load) {
    if (!can_read(n)) return false;
    v = T(load(pos_));
    pos_ += n;
    return true;
  }
  const uint8_t* begin_ = nullptr;
  const uint8_t* pos_ = nullptr;
  const uint8_t* end_ = nullptr;
};

}  // namespace weir
