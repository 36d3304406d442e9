// File names for -w rotation (-C/-G/-W), shared by weir capture and weir read.
#include <cstdio>
#include <ctime>

#include "weir/engine.hpp"

namespace weir {

std::string rotation_file_name(const std::string& base, const RotationOptions& ro, int64_t opened_sec,
                               uint32_t count, int width) {
  std::string n = base;
  if (ro.seconds) {
    time_t t = time_t(opened_sec);
    tm lt;
    localtime_r(&t, &lt);
    char buf[4096];
    size_t len = std::strftime(buf, sizeof buf, base.c_str(), &lt);
    if (len > 0) n.assign(buf, len);
  }
  if (count == 0 && width == 0) return n;
  char num[16];
  std::snprintf(num, sizeof num, "%0*u", width, count);
  return n + num;
}

int rotation_count_width(const RotationOptions& ro) {
  int digits = 0;
  for (uint32_t x = ro.max_files ? ro.max_files - 1 : 0; x > 0; x /= 10) ++digits;
  return digits;
}

}  // namespace weir
