/* cap_echo: the classic sample of the weir C API. Every packet the chosen
 * adapters send or receive is handed to PacketProc, which gives it straight
 * back with CapSendPacket (to the network for Opcode_SND, up the local stack
 * for Opcode_RCV) and consumes the original. Type "pass", "rcv", "snd" or
 * "both" (optionally followed by an adapter name) to change what is
 * intercepted while it runs, "quit" (or Ctrl-C, SIGTERM) to restore
 * pass-through and exit.
 *
 *   cap_echo [ADAPTER_NAME...]      (default: every adapter but loopback)
 */
#include <errno.h>
#include <net/if.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weir/cap.h"

static volatile unsigned long g_echoed, g_failed;

static int packet_proc(int adapter, int opcode, uint32_t length, const uint8_t* data) {
  if (CapSendPacket(adapter, opcode, length, data) != CAP_OK) {
    if (g_failed++ < 5) fprintf(stderr, "cap_echo: %s\n", CapGetLastErrorMessage());
    return CAP_PASS; /* could not re-inject: let the original go on */
  }
  g_echoed++;
  return CAP_DROP;
}

static void adapters_changed(int adapter, int event) {
  static const char* names[] = {"added", "removed", "up", "down"};
  fprintf(stderr, "cap_echo: adapter %d %s\n", adapter, event >= 0 && event < 4 ? names[event] : "changed");
}

static volatile sig_atomic_t g_stop;
static void on_signal(int sig) {
  (void)sig;
  g_stop = 1; /* no SA_RESTART: the blocked fgets returns with EINTR */
}

static int wanted(const CapAdapterInfo* a, int argc, char** argv) {
  if (argc < 2) return !(a->flags & IFF_LOOPBACK);
  for (int i = 1; i < argc; ++i)
    if (!strcmp(argv[i], a->name)) return 1;
  return 0;
}

int main(int argc, char** argv) {
  static CapAdapterList list;
  /* SIGINT/SIGTERM go to this thread only: the API's threads, created while
   * they are blocked, inherit the blocked mask. */
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, NULL);
  if (CapInitialize() != CAP_OK) {
    fprintf(stderr, "cap_echo: error %d: %s\n", CapGetLastError(), CapGetLastErrorMessage());
    return 1;
  }
  if (CapGetAdaptList(&list) != CAP_OK || CapStartCapture(packet_proc, adapters_changed) != CAP_OK) {
    fprintf(stderr, "cap_echo: error %d: %s\n", CapGetLastError(), CapGetLastErrorMessage());
    CapUninitialize();
    return 1;
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
  int n = 0;
  for (uint32_t i = 0; i < list.count; ++i) {
    if (!wanted(&list.adapters[i], argc, argv)) continue;
    if (CapSetRule(list.adapters[i].adapter, Opcode_SND | Opcode_RCV) != CAP_OK) {
      fprintf(stderr, "cap_echo: %s\n", CapGetLastErrorMessage());
      CapUninitialize();
      return 1;
    }
    printf("cap_echo: intercepting %s\n", list.adapters[i].name);
    ++n;
  }
  if (n == 0 && argc > 1) {
    fprintf(stderr, "cap_echo: none of the named adapters exists\n");
    CapUninitialize();
    return 1;
  }
  printf("cap_echo: %d adapter(s); type quit to stop\n", n);
  fflush(stdout);
  /* Commands: quit, or a new rule while traffic flows: pass
   * (Opcode_PASSTHRU), rcv, snd or both, for every chosen adapter or, with a
   * name after the command, for that one. */
  char line[256];
  while (!g_stop && fgets(line, sizeof line, stdin)) {
    if (!strncmp(line, "quit", 4)) break;
    int op = -1;
    if (!strncmp(line, "pass", 4)) op = Opcode_PASSTHRU;
    else if (!strncmp(line, "rcv", 3)) op = Opcode_RCV;
    else if (!strncmp(line, "snd", 3)) op = Opcode_SND;
    else if (!strncmp(line, "both", 4)) op = Opcode_SND | Opcode_RCV;
    if (op < 0) {
      printf("cap_echo: commands: pass|rcv|snd|both [ADAPTER], quit\n");
      fflush(stdout);
      continue;
    }
    char only[IF_NAMESIZE + 1] = "";  /* optional adapter name after the command */
    sscanf(line, "%*s %16s", only);
    for (uint32_t i = 0; i < list.count; ++i) {
      if (!wanted(&list.adapters[i], argc, argv) || (only[0] && strcmp(only, list.adapters[i].name))) continue;
      if (CapSetRule(list.adapters[i].adapter, op) != CAP_OK) fprintf(stderr, "cap_echo: %s\n", CapGetLastErrorMessage());
    }
    printf("cap_echo: rule set: %s", line);
    fflush(stdout);
  }
  for (uint32_t i = 0; i < list.count; ++i)
    if (wanted(&list.adapters[i], argc, argv)) CapSetRule(list.adapters[i].adapter, Opcode_PASSTHRU);
  if (CapStopCapture() != CAP_OK) fprintf(stderr, "cap_echo: %s\n", CapGetLastErrorMessage());
  CapUninitialize();
  printf("cap_echo: echoed %lu packets, %lu failed\n", g_echoed, g_failed);
  return 0;
}
