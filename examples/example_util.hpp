// Tiny helpers shared by the examples: signal-driven stop and hook options.
#pragma once

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <string>

#include "weir/intercept.hpp"

namespace example {

inline std::atomic<bool> g_stop{false};
inline void on_signal(int) { g_stop.store(true); }
inline void install_signals() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}
// Sleeps until SIGINT/SIGTERM.
inline void wait_for_signal() {
  while (!g_stop.load()) usleep(50000);
}
// Parses --input/--output/--forward/-i IFACE/--queue N at argv[i]; true if consumed.
inline bool hook_option(int argc, char** argv, int& i, weir::InterceptConfig& c) {
  std::string a = argv[i];
  if (a == "--input") c.input = true;
  else if (a == "--output") c.output = true;
  else if (a == "--forward") c.forward = true;
  else if (a == "-i" && i + 1 < argc) c.interfaces.push_back(argv[++i]);
  else if (a == "--queue" && i + 1 < argc) c.queue_base = uint16_t(std::atoi(argv[++i]));
  else return false;
  return true;
}

}  // namespace example
