/* The naive NFQUEUE reference for bench/intercept_bench.sh: libnetfilter_queue,
 * one packet per recv(), one verdict per packet, default socket buffer, no
 * flags (no F_GSO: the kernel segments and checksums every GSO packet).
 *   nfq_naive QUEUE_NUM [COPY_BYTES]     (runs until killed)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <linux/netfilter.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile sig_atomic_t stop;
static void on_sig(int s) { (void)s; stop = 1; }

static int cb(struct nfq_q_handle* qh, struct nfgenmsg* m, struct nfq_data* nfa, void* data) {
  (void)m;
  (void)data;
  struct nfqnl_msg_packet_hdr* ph = nfq_get_msg_packet_hdr(nfa);
  return nfq_set_verdict(qh, ph ? ntohl(ph->packet_id) : 0, NF_ACCEPT, 0, NULL);
}

int main(int argc, char** argv) {
  int qnum = argc > 1 ? atoi(argv[1]) : 0;
  int copy = argc > 2 ? atoi(argv[2]) : 0xffff;
  struct nfq_handle* h = nfq_open();
  if (!h) return perror("nfq_open"), 1;
  struct nfq_q_handle* qh = nfq_create_queue(h, (uint16_t)qnum, cb, NULL);
  if (!qh) return perror("nfq_create_queue"), 1;
  if (nfq_set_mode(qh, NFQNL_COPY_PACKET, (uint32_t)copy) < 0) return perror("nfq_set_mode"), 1;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sig; /* no SA_RESTART: recv() returns EINTR and the loop ends */
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  int fd = nfq_fd(h);
  char buf[65536 + 4096];
  unsigned long n = 0;
  fprintf(stderr, "nfq_naive: queue %d\n", qnum);
  while (!stop) {
    int r = recv(fd, buf, sizeof buf, 0);
    if (r < 0) {
      if (errno == ENOBUFS || (errno == EINTR && !stop)) continue;
      break;
    }
    nfq_handle_packet(h, buf, r);
    n++;
  }
  fprintf(stderr, "nfq_naive: %lu packets\n", n);
  nfq_destroy_queue(qh);
  nfq_close(h);
  return 0;
}
