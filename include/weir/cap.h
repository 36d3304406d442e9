/* weir C API: intercept, hand back and inject packets per adapter.
 *
 * The model (as in WinpkFilter-style APIs, on Linux NFQUEUE underneath):
 *   CapInitialize();
 *   CapStartCapture(proc, on_adapters_change);
 *   CapSetRule(adapter, Opcode_SND | Opcode_RCV);  -> packets of that adapter go to proc
 *   ... proc(adapter, opcode, length, data) for each packet; it decides:
 *       return CAP_DROP to consume it (e.g. after CapSendPacket), CAP_PASS to let it go on.
 *   CapSetRule(adapter, Opcode_PASSTHRU);          -> traffic bypasses the program again
 *   CapStopCapture(); CapUninitialize();
 *
 * Opcode_SND: packets the local stack sends out of the adapter (iptables
 * OUTPUT -o); Opcode_RCV: packets the adapter receives for the local stack
 * (INPUT -i). CapSendPacket(adapter, Opcode_SND, ...) puts a raw IP packet on
 * the wire of the adapter (Ethernet header from the neighbour table);
 * Opcode_RCV delivers it up the local stack as if received.
 *
 * Every function returns CAP_OK (0) or a negative CAP_E_* code; the reason is
 * in CapGetLastErrorMessage() (per thread). Packets are raw IPv4/IPv6 with
 * valid checksums. The adapter handle is the interface index.
 * Environment: WEIR_CAP_QUEUE (NFQUEUE number, default 0),
 * WEIR_CAP_BACKEND (auto|nft|legacy).
 */
#ifndef WEIR_CAP_H
#define WEIR_CAP_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CAP_MAX_ADAPTERS 64
#define CAP_NAME_LEN 16

enum CapOpcode { Opcode_PASSTHRU = 0, Opcode_SND = 1, Opcode_RCV = 2 };

enum CapResult {
  CAP_OK = 0,
  CAP_E_STATE = -1,    /* not initialized / already started / not started */
  CAP_E_ARG = -2,      /* bad argument (unknown adapter, bad opcode, bad length) */
  CAP_E_SYSTEM = -3,   /* a system call failed */
  CAP_E_RULES = -4,    /* iptables rules could not be installed or removed */
  CAP_E_QUEUE = -5,    /* NFQUEUE could not be bound (busy, no permission) */
  CAP_E_SEND = -6      /* injection failed */
};

/* PacketProc return values. */
#define CAP_DROP 0
#define CAP_PASS 1

typedef struct CapAdapterInfo {
  int adapter;               /* interface index: the handle for the other calls */
  char name[CAP_NAME_LEN];
  uint8_t mac[6];
  uint32_t mtu;
  uint32_t flags;            /* IFF_* */
  uint32_t ipv4;             /* first IPv4 address, network byte order (0 if none) */
} CapAdapterInfo;

typedef struct CapAdapterList {
  uint32_t count;
  CapAdapterInfo adapters[CAP_MAX_ADAPTERS];
} CapAdapterList;

enum CapAdapterEvent { CapAdapterAdded = 0, CapAdapterRemoved = 1, CapAdapterUp = 2, CapAdapterDown = 3 };

/* Called on a worker thread for each intercepted packet. CapStopCapture and
 * CapUninitialize fail with CAP_E_STATE when called from a callback. */
typedef int (*PacketProc)(int adapter, int opcode, uint32_t length, const uint8_t* data);
/* Called on a monitor thread when an adapter appears, disappears, goes up or down. */
typedef void (*AdaptersChangeCallback)(int adapter, int event);

int CapInitialize(void);
int CapUninitialize(void);
int CapStartCapture(PacketProc proc, AdaptersChangeCallback on_change);
int CapStopCapture(void);
int CapGetAdaptList(CapAdapterList* list);
int CapSetRule(int adapter, int opcodes);
int CapSendPacket(int adapter, int opcode, uint32_t length, const uint8_t* data);

int CapGetLastError(void);
const char* CapGetLastErrorMessage(void);

#ifdef __cplusplus
}
#endif

#endif /* WEIR_CAP_H */
