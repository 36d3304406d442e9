// Placeholder until implemented.
#include <cstdio>

#include "cli/commands.hpp"

namespace weir::cli {

int cmd_capture(int, char**) {
  std::fprintf(stderr, "weir capture: not implemented yet\n");
  return 2;
}

}  // namespace weir::cli
