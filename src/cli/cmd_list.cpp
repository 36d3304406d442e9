// Placeholder until implemented.
#include <cstdio>

#include "cli/commands.hpp"

namespace weir::cli {

int cmd_list(int, char**) {
  std::fprintf(stderr, "weir list: not implemented yet\n");
  return 2;
}

}  // namespace weir::cli
