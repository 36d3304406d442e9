// Placeholder until implemented.
#include <cstdio>

#include "cli/commands.hpp"

namespace weir::cli {

int cmd_replay(int, char**) {
  std::fprintf(stderr, "weir replay: not implemented yet\n");
  return 2;
}

}  // namespace weir::cli
