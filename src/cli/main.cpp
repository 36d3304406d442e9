// weir command-line entry point: dispatches to subcommands.
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "--help")) {
    std::puts("usage: weir read FILE [options] [FILTER...]");
    return argc < 2 ? 2 : 0;
  }
  std::fprintf(stderr, "weir: unknown command '%s'\n", argv[1]);
  return 2;
}
