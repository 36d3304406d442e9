/* Stops the C API capture from the awkward places (tests/scripts/icp_cap_stop.sh):
 *   - CapStopCapture and CapUninitialize from inside PacketProc must fail
 *     with CAP_E_STATE (they would join the calling thread), not hang;
 *   - CapSetRule from inside PacketProc must not deadlock against a
 *     CapStopCapture running on the main thread;
 *   - CapStopCapture from the main thread while packets flow and the worker
 *     is inside PacketProc must not crash.
 * An alarm bounds the whole run (a deadlock ends it with SIGALRM).
 *   cap_stop ADAPTER_NAME  -> prints "inside_stop=.. inside_uninit=.. stop=.. packets=.. setrule_failed=.." */
#include <net/if.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "weir/cap.h"

static atomic_ulong packets;
static atomic_int inside_stop = 1, inside_uninit = 1, setrule_failed;
static int adapter;

static int proc(int a, int opcode, uint32_t length, const uint8_t* data) {
  (void)a, (void)opcode, (void)length, (void)data;
  unsigned long n = atomic_fetch_add(&packets, 1) + 1;
  if (n == 1) {
    atomic_store(&inside_stop, CapStopCapture());
    atomic_store(&inside_uninit, CapUninitialize());
  }
  /* Rules touched from the worker, also while the main thread stops. */
  if (n % 16 == 0 && CapSetRule(adapter, Opcode_SND | Opcode_RCV) != CAP_OK) atomic_fetch_add(&setrule_failed, 1);
  usleep(200); /* a slow program: the stop comes in the middle of a batch */
  return CAP_PASS;
}

int main(int argc, char** argv) {
  if (argc != 2 || !(adapter = (int)if_nametoindex(argv[1]))) {
    fprintf(stderr, "usage: cap_stop ADAPTER\n");
    return 2;
  }
  alarm(30);
  if (CapInitialize() != CAP_OK || CapSetRule(adapter, Opcode_SND | Opcode_RCV) != CAP_OK ||
      CapStartCapture(proc, NULL) != CAP_OK) {
    fprintf(stderr, "cap_stop: %s\n", CapGetLastErrorMessage());
    return 1;
  }
  printf("started\n");
  fflush(stdout);
  for (int i = 0; i < 1000 && atomic_load(&packets) < 300; ++i) usleep(10000);
  int stop = CapStopCapture();
  if (stop != CAP_OK) fprintf(stderr, "cap_stop: %s\n", CapGetLastErrorMessage());
  printf("inside_stop=%d inside_uninit=%d stop=%d packets=%lu setrule_failed=%d\n", atomic_load(&inside_stop),
         atomic_load(&inside_uninit), stop, atomic_load(&packets), atomic_load(&setrule_failed));
  return CapUninitialize() == CAP_OK ? 0 : 1;
}
