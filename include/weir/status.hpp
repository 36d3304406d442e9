// Status: the error type for configuration and I/O paths. The per-packet
// path never produces one (malformed packets are anomalies, not errors).
#pragma once

#include <string>
#include <utility>

namespace weir {

class Status {
 public:
  Status() = default;
  static Status ok() { return Status(); }
  static Status error(std::string msg) {
    Status s;
    s.failed_ = true;
    s.msg_ = std::move(msg);
    return s;
  }
  bool is_ok() const { return !failed_; }
  explicit operator bool() const { return !failed_; }
  const std::string& message() const { return msg_; }

 private:
  bool failed_ = false;
  std::string msg_;
};

}  // namespace weir
