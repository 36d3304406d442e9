// Placeholder until implemented.
#include <cstdio>

#include "cli/commands.hpp"

namespace weir::cli {

int cmd_intercept(int, char**) {
  std::fprintf(stderr, "weir intercept: not implemented yet\n");
  return 2;
}

}  // namespace weir::cli
