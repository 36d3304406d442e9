// weir command-line entry point: dispatches to subcommands. Each subcommand
// lives in its own cmd_<name>.cpp.
#include <pcap/pcap.h>

#include <cstdio>
#include <cstring>

#include "cli/commands.hpp"

namespace {

struct Command {
  const char* name;
  int (*run)(int argc, char** argv);
  const char* help;
};

const Command kCommands[] = {
    {"read", weir::cli::cmd_read, "read FILE [options] [FILTER...]  analyse a pcap/pcapng file"},
    {"capture", weir::cli::cmd_capture, "capture -i IFACE [options] [FILTER...]  live capture"},
    {"list", weir::cli::cmd_list, "list [--json]  list network adapters"},
    {"replay", weir::cli::cmd_replay, "replay FILE -i IFACE [--pps N|--mbps N|--topspeed] [--loop N]"},
    {"intercept", weir::cli::cmd_intercept, "intercept [options]  pass/drop/modify packets inline"},
    {"sample", weir::cli::cmd_sample, "sample OUT  write the bundled sample capture (data/sample.pcapng)"},
};

void usage(FILE* f) {
  std::fputs("usage: weir COMMAND [options]\n\ncommands:\n", f);
  for (const auto& c : kCommands) std::fprintf(f, "  %s\n", c.help);
  std::fputs("\nRun 'weir COMMAND --help' for the options of a command, 'weir --version' for the\n"
             "versions of weir and libpcap.\n", f);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  if (!std::strcmp(argv[1], "--version") || !std::strcmp(argv[1], "version")) {
    std::printf("weir %s\n%s\n", WEIR_VERSION, pcap_lib_version());
    return 0;
  }
  if (!std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "help")) {
    usage(stdout);
    return 0;
  }
  for (const auto& c : kCommands)
    if (!std::strcmp(argv[1], c.name)) return c.run(argc - 1, argv + 1);
  std::fprintf(stderr, "weir: unknown command '%s'\n", argv[1]);
  usage(stderr);
  return 2;
}
