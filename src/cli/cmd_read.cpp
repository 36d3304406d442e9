// Placeholder until implemented.
#include <cstdio>

#include "cli/commands.hpp"

namespace weir::cli {

int cmd_read(int, char**) {
  std::fprintf(stderr, "weir read: not implemented yet\n");
  return 2;
}

}  // namespace weir::cli
