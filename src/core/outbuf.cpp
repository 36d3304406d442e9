#include "weir/outbuf.hpp"

#include <errno.h>
#include <unistd.h>

#include "weir/format.hpp"

namespace weir {

OutBuf::OutBuf(int fd, size_t capacity) : fd_(fd), cap_(capacity), buf_(new char[capacity]) {}

OutBuf::~OutBuf() { flush(); }

void OutBuf::dec(uint64_t v) {
  if (cap_ - len_ < 24) flush();
  len_ += fmt::dec(buf_.get() + len_, v);
}

bool OutBuf::write_all(const char* p, size_t n) {
  while (n > 0 && !failed_) {
    ssize_t w = ::write(fd_, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      failed_ = true;  // e.g. EPIPE when piped into `head`
      return false;
    }
    p += w;
    n -= size_t(w);
  }
  return !failed_;
}

bool OutBuf::flush() {
  bool ok = write_all(buf_.get(), len_);
  len_ = 0;
  return ok;
}

}  // namespace weir
