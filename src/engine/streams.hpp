// tcp.stream and udp.stream as Wireshark numbers them: for each transport
// protocol, the index of the conversation (the unordered pair of address and
// port endpoints, innermost IP header) in the order conversations first
// appear, from 0. As in Wireshark 4.0 (checked against tshark on crafted
// captures and the shared corpus), in tshark's order of work per segment:
//   * a TCP header needs its first 16 bytes (ports to window), a UDP header
//     all 8 and a length of at least 8 (0 for an IPv6 jumbogram); headers
//     quoted in ICMP/ICMPv6 errors and in IP fragments are numbered too;
//   * a TCP SYN without ACK whose sequence number differs from its
//     direction's base (below) starts a new conversation on the same ports
//     (port reuse); a SYN-ACK with a new one moves its direction's base;
//   * relative sequence numbers (tshark's default tcp.seq, tcp.ack,
//     tcp.nxtseq) come only from segments whose length is known (not
//     fragments, not quoted in an ICMP error, IP length covering the TCP
//     header, even one with a bogus header length): a direction's base is
//     its first SYN's sequence number, else the first one seen minus 1, or
//     an ACK's acknowledgement number minus 1 for the other direction;
//     tcp.ack is relative only with the ACK flag set;
//   * window scaling (tcp.window_size, tcp.window_size_scalefactor, the
//     summary's Win=): the shift in effect before the segment's own options
//     applies to it (scaled only where the length is known, never a SYN);
//     then a window-scale option on any segment sets its direction's shift,
//     and on a SYN whose options were all captured, a SYN without one means
//     no scaling both ways, a SYN-ACK without one after a SYN with one too;
//     unknown until then.
// The Analyzer annotates packets only when these can be shown (summary lines,
// -V, JSON, or -e of a field with FieldDef::needs_streams), and then every
// packet read, including those its filter removes, so the numbers match
// tshark's with a display filter. Unlike tshark with its defaults, IP
// fragments are not reassembled first (the conformance runs set
// ip.defragment:FALSE).
// A new conversation allocates when the table grows; at most kMaxEntries
// (TCP, UDP and SCTP associations together; SCTP takes no stream index)
// are tracked; later new ones get no index and TCP
// there keeps absolute numbers and unscaled windows (counted: untracked()).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "weir/decode.hpp"
#include "weir/layers.hpp"

namespace weir {

class StreamTracker {
 public:
  static constexpr size_t kMaxEntries = size_t(1) << 20;  // table <= 2M slots of sizeof(Entry)

  // Sets Layer::stream of the packet's TCP and UDP layers (or leaves -1),
  // DecodedPacket::tls_version, and with analysis on
  // DecodedPacket::tcp_analysis. As Wireshark, a connection stays on the
  // protocol (TLS, HTTP) a segment of it was decoded as: a later segment
  // whose payload decoded as data is decoded as that protocol. d.number and
  // d.pkt->ts_ns must be set (frame numbers and times of the analysis).
  void annotate(DecodedPacket& d);
  // Wireshark's TCP sequence analysis as well (tcp.analysis.*, tshark's
  // default): per conversation a little more state and, per direction, the
  // segments not yet acknowledged (at most kMaxUnacked, as Wireshark).
  // The segment pool is reserved up front (kSegReserve, ~1.5 MB) so a
  // capture's steady state does not allocate; at most kMaxSegs segments
  // (~100 MB) are remembered in all, later ones are not (as when one
  // direction holds kMaxUnacked).
  void set_analysis(bool on) {
    analysis_ = on;
    if (on && segs_.capacity() < kSegReserve) segs_.reserve(kSegReserve);
  }
  static constexpr uint32_t kMaxUnacked = 1000;
  static constexpr size_t kSegReserve = size_t(1) << 16, kMaxSegs = size_t(1) << 22;
  // The registry to decode with when a connection's earlier protocol is
  // applied to a later segment (default: the built-in one).
  void set_registry(const Registry& r) { reg_ = &r; }
  size_t tracked() const { return used_; }
  uint64_t untracked() const { return untracked_; }  // headers of conversations past kMaxEntries

 private:
  struct Key {
    uint8_t proto = 0, alen = 0;
    uint16_t port[2] = {0, 0};
    uint8_t addr[2][16] = {};
    bool operator==(const Key& o) const;
  };
  struct Entry {
    Key key;
    uint32_t index = 0;
    uint32_t base[2] = {0, 0};  // relative sequence numbers (SCTP: TSNs): each direction's base
    uint8_t base_set = 0;       // bit per direction
    int8_t win_scale[2] = {-1, -1};  // shift, -1 unknown, -2 not used
    bool used = false;
    uint8_t app = 0;           // TCP: the protocol seen above it, if TLS or HTTP (a Proto)
    uint16_t tls_version = 0;  // TCP: the version a ServerHello selected
    uint8_t ssh_kex = 0;       // TCP: the SSH key exchange method (SshKex)
    bool ssh_v2 = false;       // TCP: a version exchange announced SSH 2
    uint32_t an = UINT32_MAX;  // TCP with analysis: index into conv_
  };
  void app_layer(DecodedPacket& d, int l, Entry& e);
  void ssh_state(DecodedPacket& d, int l, Entry& e);
  void sctp_state(DecodedPacket& d, const Layer& L, Entry& e, int dir);
  // ARP: the MAC address each IPv4 address was last seen with (open
  // addressing, allocated on the first ARP packet; full at kArpSlots / 2).
  struct ArpSlot {
    uint32_t ip = 0;  // 0: free (0.0.0.0 is never recorded)
    uint8_t mac[6] = {};
    uint32_t frame = 0;
    int64_t secs = 0;
  };
  static constexpr size_t kArpSlots = size_t(1) << 16;
  std::vector<ArpSlot> arp_;
  size_t arp_used_ = 0;
  void arp_state(DecodedPacket& d, const Layer& l);
  bool arp_check(DecodedPacket& d, const uint8_t* mac, const uint8_t* ip);
  // KEXINITs waiting for the other side's: the first side's kex list,
  // copied (a fixed table; the oldest slot is reused).
  struct SshPending {
    uint32_t conv = UINT32_MAX;  // Entry::index (UINT32_MAX: free)
    bool client = false;
    uint16_t len = 0;
    char list[1024];
  };
  static constexpr size_t kSshPending = 16;
  std::vector<SshPending> ssh_pending_ = std::vector<SshPending>(kSshPending);
  size_t ssh_next_ = 0;
  // Sequence analysis, in Wireshark's terms (tcp_analyze_seq_info).
  struct Seg {  // a segment not yet acknowledged (24 bytes)
    int64_t ts;
    uint32_t frame, seq, nextseq;
    int32_t next;
  };
  struct Flow {
    uint32_t nextseq = 0, nextseqframe = 0, lastack = 0, maxseqtobeacked = 0;  // 0: not seen
    int64_t nextseqtime = 0, lastacktime = 0;
    uint32_t window = 0;  // the last segment's, unscaled
    uint32_t lastsegmentflags = 0;
    int32_t dupacknum = 0;
    uint32_t lastnondupack = 0;
    bool valid_bif = true, push_set_last = false;
    uint32_t push_bytes_sent = 0;
    uint8_t num_sack = 0;
    uint32_t sack_l[4] = {}, sack_r[4] = {};  // the last segment's SACK blocks (from index 1)
    int32_t segs = -1;  // unacknowledged segments, newest first
    uint32_t seg_count = 0;
  };
  struct Conv {
    Flow f[2];
    int64_t mru_syn = 0, first_rtt = 0;  // 0: none (as Wireshark's zero nstime)
  };
  static uint64_t hash(const Key& k);
  Entry* find_or_add(const Key& k, bool& added);
  void grow();
  Conv& conv(Entry& e);
  void reset_conv(Conv& c);
  void free_segs(Flow& f);
  int32_t new_seg();
  void analyse(const DecodedPacket& d, const TcpFields& t, Conv& c, int dir, const Entry& e, TcpAnalysis& ta,
               bool& have_ta);
  void take_options(const DecodedPacket& d, const Layer& L, const TcpFields& t, Conv& c, int dir, const Entry& e);

  struct EchoKey {
    uint8_t addr[2][4];  // the lower address first
    uint16_t ident, seq, cksum;  // cksum: the request's
  };
  struct EchoSlot {
    EchoKey key{};
    uint32_t frame = 0;
    int64_t ts = 0;
  };
  static constexpr size_t kEchoSlots = 4096;
  void match_echo(DecodedPacket& d, int l, const Layer& ip);
  std::vector<EchoSlot> echo_ = std::vector<EchoSlot>(kEchoSlots);

  // AFS calls (RX DATA packets): each call's operation and request, as
  // Wireshark's afs_request_hash, keyed by the UDP conversation, RX epoch,
  // connection, call number and service. A fixed table, allocated on the
  // first RX DATA packet; a call whose probe window is full takes the
  // oldest slot of it.
  struct AfsSlot {
    uint32_t conv = UINT32_MAX;  // UINT32_MAX: free
    uint32_t epoch = 0, cid = 0, call = 0, opcode = 0, frame = 0;
    uint16_t service = 0;
    int64_t ts = 0;
  };
  static constexpr size_t kAfsSlots = 4096, kAfsProbe = 8;
  std::vector<AfsSlot> afs_;
  void afs_state(DecodedPacket& d, const Layer& rx, uint32_t conv);

  bool analysis_ = false;
  const Registry* reg_ = &Registry::builtin();
  std::vector<Conv> conv_;
  std::vector<Seg> segs_;
  int32_t free_seg_ = -1;

  std::vector<Entry> table_;
  size_t used_ = 0;
  uint32_t next_[2] = {0, 0};  // next index: TCP, UDP
  uint64_t untracked_ = 0;
};

}  // namespace weir
