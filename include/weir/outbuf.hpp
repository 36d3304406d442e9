// A large output buffer over a file descriptor: text output of millions of
// lines costs one write() per buffer, not per line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <cstring>
#include <string_view>

namespace weir {

class OutBuf {
 public:
  explicit OutBuf(int fd, size_t capacity = 1 << 20);
  ~OutBuf();
  OutBuf(const OutBuf&) = delete;
  OutBuf& operator=(const OutBuf&) = delete;

  void append(std::string_view s) {
    size_t n = s.size();
    if (n <= 16 && cap_ - len_ >= 16) {
      // Most appends are short field values and separators: copy them with
      // overlapping fixed-size moves instead of a libc call.
      char* d = buf_.get() + len_;
      const char* p = s.data();
      if (n >= 8) {
        std::memcpy(d, p, 8);
        std::memcpy(d + n - 8, p + n - 8, 8);
      } else if (n >= 4) {
        std::memcpy(d, p, 4);
        std::memcpy(d + n - 4, p + n - 4, 4);
      } else if (n > 0) {
        d[0] = p[0];
        d[n / 2] = p[n / 2];
        d[n - 1] = p[n - 1];
      }
      len_ += n;
      return;
    }
    if (s.size() > cap_ - len_) {
      flush();
      if (s.size() > cap_) {
        write_all(s.data(), s.size());
        return;
      }
    }
    std::memcpy(buf_.get() + len_, s.data(), s.size());
    len_ += s.size();
  }
  void put(char c) {
    if (len_ == cap_) flush();
    buf_[len_++] = c;
  }
  void dec(uint64_t v);
  // Flushes when the buffer is fuller than `threshold` bytes.
  void maybe_flush(size_t threshold) {
    if (len_ >= threshold) flush();
  }
  bool flush();
  bool failed() const { return failed_; }
  int fd() const { return fd_; }

 private:
  bool write_all(const char* p, size_t n);
  int fd_;
  size_t cap_;
  size_t len_ = 0;
  bool failed_ = false;
  std::unique_ptr<char[]> buf_;
};

}  // namespace weir
