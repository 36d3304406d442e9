// RX (the remote procedure calls of AFS, UDP ports 7000-7009 and 7021) and
// AFS above it, as tshark 4.0 shows them: the 28-byte RX header, the bodies
// of ACK, ABORT, CHALLENGE and RESPONSE packets, and for DATA packets the
// AFS service (named by the server's port) and operation. A request names
// its operation in its first 4 bytes; a reply has none, so a StreamTracker
// remembers each call's operation (per conversation, epoch, connection,
// call and service, as Wireshark's afs_request_hash) and sets
// DecodedPacket::afs_*. The operation tables are tshark's (tshark -G values).
// Not decoded: the arguments and results of the operations, and AFS
// reassembly of multi-packet calls (tshark 4.0 does not show it either).
#include <ctime>

#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

enum : uint8_t { kData = 1, kAck = 2, kBusy = 3, kAbort = 4, kAckAll = 5, kChallenge = 6, kResponse = 7, kVersion = 13 };
constexpr uint32_t kHdr = 28;

struct RxFields {
  uint16_t sport, dport;  // the UDP ports (the info names them)
  uint8_t type, flags;
};

bool rx_type_known(uint8_t t) { return t != 0 && t != 10 && t != 11 && t != 12 && t <= 13; }

void decode_rx(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  // tshark's RX rejects a datagram shorter than its header (captured) or of
  // an unknown packet type: the bytes are then data.
  if (in.avail < kHdr || !rx_type_known(in.frame[in.offset + 20])) return du::decline(in, layer, res);
  auto& f = layer.as<RxFields>();
  f = {};
  if (in.self > 0 && in.pkt->layers[in.self - 1].proto == Proto::Udp) {
    const auto& u = in.pkt->layers[in.self - 1].as<UdpFields>();
    f.sport = u.sport;
    f.dport = u.dport;
  }
  f.type = in.frame[in.offset + 20];
  f.flags = in.frame[in.offset + 21];
  if (f.type == kData) {
    layer.hdr_len = kHdr;
    layer.payload_len = in.claimed > kHdr ? in.claimed - kHdr : 0;
    res.next_proto = Proto::Afs;
    return;
  }
  layer.hdr_len = in.avail;  // the packet's body is RX's own
  res.stop = true;
}

void decode_afs(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  layer.hdr_len = in.avail;
  res.stop = true;
}

const RxFields& rx(const FieldCtx& c) { return du::get<RxFields>(c); }
const uint8_t* rx_bytes(const FieldCtx& c) { return c.pkt.data() + c.layer->offset; }
// The layer's captured bytes (header and, but for DATA, the body).
uint32_t rx_captured(const FieldCtx& c) { return du::min32(c.layer->hdr_len, c.pkt.caplen() - c.layer->offset); }

struct OpName {
  uint32_t op;
  const char* name;
};
constexpr OpName kFs[] = {
    {130, "fetch-data"}, {131, "fetch-acl"}, {132, "fetch-status"}, {133, "store-data"}, {134, "store-acl"},
    {135, "store-status"}, {136, "remove-file"}, {137, "create-file"}, {138, "rename"}, {139, "symlink"},
    {140, "link"}, {141, "makedir"}, {142, "rmdir"}, {143, "old-set-lock"}, {144, "old-extend-lock"},
    {145, "old-release-lock"}, {146, "get-stats"}, {147, "give-up-callbacks"}, {148, "get-volume-info"},
    {149, "get-volume-status"}, {150, "set-volume-status"}, {151, "get-root-volume"}, {152, "check-token"},
    {153, "get-time"}, {154, "nget-volume-info"}, {155, "bulk-status"}, {156, "set-lock"}, {157, "extend-lock"},
    {158, "release-lock"}, {159, "xstats-version"}, {160, "get-xstats"}, {161, "dfs-lookup"}, {162, "dfs-flushcps"},
    {163, "dfs-symlink"}, {220, "residency"}, {65536, "inline-bulk-status"}, {65537, "fetch-data-64"},
    {65538, "store-data-64"}, {65539, "give-up-all-callbacks"}, {65540, "get-capabilities"},
    {65541, "call-back-rxconn-addr"}, {65542, "get-statistics-64"},
};
constexpr OpName kCb[] = {
    {204, "callback"}, {205, "init-callback-state"}, {206, "probe"}, {207, "get-lock"}, {208, "get-ce"},
    {209, "xstats-version"}, {210, "get-xstats"}, {211, "init-callback-state2"}, {212, "who-are-you"},
    {213, "init-callback-state3"}, {214, "probeuuid"}, {215, "get-server-prefs"}, {216, "get-cellservdb"},
    {217, "get-local-cell"}, {218, "get-cache-config"}, {65536, "get-ce-64"}, {65537, "get-cell-by-num"},
    {65538, "get-capabilities"},
};
constexpr OpName kProt[] = {
    {500, "new-user"}, {501, "where-is-it"}, {502, "dump-entry"}, {503, "add-to-group"}, {504, "name-to-id"},
    {505, "id-to-name"}, {506, "delete"}, {507, "remove-from-group"}, {508, "get-cps"}, {509, "new-entry"},
    {510, "list-max"}, {511, "set-max"}, {512, "list-entry"}, {513, "change-entry"}, {514, "list-elements"},
    {515, "is-member-of"}, {516, "set-fld-sentry"}, {517, "list-owned"}, {518, "get-cps2"}, {519, "get-host-cps"},
    {520, "update-entry"}, {521, "list-entries"}, {530, "list-supergroups"},
};
constexpr OpName kVldb[] = {
    {501, "create-entry"}, {502, "delete-entry"}, {503, "get-entry-by-id"}, {504, "get-entry-by-name"},
    {505, "get-new-volume-id"}, {506, "replace-entry"}, {507, "update-entry"}, {508, "set-lock"},
    {509, "release-lock"}, {510, "list-entry"}, {511, "list-attributes"}, {512, "linked-list"}, {513, "get-stats"},
    {514, "probe"}, {515, "get-addrs"}, {516, "change-addr"}, {517, "create-entry-n"}, {518, "get-entry-by-id-n"},
    {519, "get-entry-by-name-n"}, {520, "replace-entry-n"}, {521, "list-entry-n"}, {522, "list-attrib-n"},
    {523, "linked-list-n"}, {524, "update-entry-by-name"}, {525, "create-entry-u"}, {526, "get-entry-by-id-u"},
    {527, "get-entry-by-name-u"}, {528, "replace-entry-u"}, {529, "list-entry-u"}, {530, "list-attrib-u"},
    {531, "linked-list-u"}, {532, "regaddr"}, {533, "get-addrs-u"}, {534, "list-attrib-n2"},
};
constexpr OpName kKauth[] = {
    {1, "auth-old"}, {2, "change-pw"}, {3, "get-ticket-old"}, {4, "set-pw"}, {5, "set-fields"}, {6, "create-user"},
    {7, "delete-user"}, {8, "get-entry"}, {9, "list-entry"}, {10, "get-stats"}, {11, "debug"}, {12, "get-pw"},
    {13, "get-random-key"}, {14, "unlock"}, {15, "lock-status"}, {21, "authenticate"}, {22, "authenticate-v2"},
    {23, "get-ticket"},
};
constexpr OpName kVol[] = {
    {100, "create-volume"}, {101, "delete-volume"}, {102, "restore"}, {103, "forward"}, {104, "end-trans"},
    {105, "clone"}, {106, "set-flags"}, {107, "get-flags"}, {108, "trans-create"}, {109, "dump"},
    {110, "get-nth-volume"}, {111, "set-forwarding"}, {112, "get-name"}, {113, "get-status"}, {114, "sig-restore"},
    {115, "list-partitions"}, {116, "list-volumes"}, {117, "set-id-types"}, {118, "monitor"}, {119, "partition-info"},
    {120, "reclone"}, {121, "list-one-volume"}, {122, "nuke"}, {123, "set-date"}, {124, "x-list-volumes"},
    {125, "x-list-one-volume"}, {126, "set-info"}, {127, "x-list-partitions"}, {128, "forward-multiple"},
    {65536, "convert-ro"}, {65537, "getsize"}, {65538, "dump-v2"}, {65539, "partition-info-64"},
};
constexpr OpName kBos[] = {
    {80, "create-bnode"}, {81, "delete-bnode"}, {82, "set-status"}, {83, "get-status"}, {84, "enumerate-instance"},
    {85, "get-instance-info"}, {86, "get-instance-parm"}, {87, "add-superuser"}, {88, "delete-superuser"},
    {89, "list-superusers"}, {90, "list-keys"}, {91, "add-key"}, {92, "delete-key"}, {93, "set-cell-name"},
    {94, "get-cell-name"}, {95, "get-cell-host"}, {96, "add-cell-host"}, {97, "delete-cell-host"},
    {98, "set-t-status"}, {99, "shutdown-all"}, {100, "restart-all"}, {101, "startup-all"}, {102, "set-noauth-flag"},
    {103, "re-bozo"}, {104, "restart"}, {105, "install"}, {106, "uninstall"}, {107, "get-dates"}, {108, "exec"},
    {109, "prune"}, {110, "set-restart-time"}, {111, "get-restart-time"}, {112, "get-log"}, {113, "wait-all"},
    {114, "get-instance-strings"}, {115, "get-restricted"}, {116, "set restricted"},
};
constexpr OpName kUpdate[] = {
    {1, "fetch-file"}, {2, "fetch-info"},
};
constexpr OpName kRmtsys[] = {
    {1, "setpag"}, {2, "pioctl"},
};
constexpr OpName kBackup[] = {
    {0, "add-volume"}, {1, "create-dump"}, {2, "delete-dump"}, {3, "delete-tape"}, {4, "delete-vdp"},
    {5, "find-clone"}, {6, "find-dump"}, {7, "find-latest-dump"}, {8, "make-dump-appended"}, {9, "find-last-tape"},
    {10, "finish-dump"}, {11, "finish-tape"}, {12, "get-dumps"}, {13, "get-tapes"}, {14, "get-volumes"},
    {15, "use-tape"}, {16, "get-text"}, {17, "get-text-version"}, {18, "save-text"}, {19, "free-all-locks"},
    {20, "free-lock"}, {21, "get-instance-id"}, {22, "get-lock"}, {23, "db-verify"}, {24, "dump-db"},
    {25, "restore-db-header"}, {26, "t-get-version"}, {27, "t-dump-hash-table"}, {28, "t-dump-database"},
    {29, "add-volumes"}, {30, "list-dumps"},
};
constexpr OpName kButc[] = {
    {100, "perform-dump"}, {101, "perform-restore"}, {102, "check-dump"}, {103, "abort-dump"}, {104, "wait-for-dump"},
    {105, "end-dump"}, {106, "get-tm-info"}, {107, "label-tape"}, {108, "scan-nodes"}, {109, "read-label"},
    {110, "scan-dumps"}, {111, "get-tc-info"}, {112, "save-database"}, {113, "restore-database"}, {114, "get-status"},
    {115, "request-abort"}, {116, "end-status"}, {117, "scan-status"}, {118, "delete-dump"},
};
constexpr OpName kUbik[] = {
    {10000, "vote-beacon"}, {10001, "vote-debug-old"}, {10002, "vote-sdebug-old"}, {10003, "vote-getsyncsite"},
    {10004, "vote-debug"}, {10005, "vote-sdebug"}, {10006, "vote-xdebug"}, {10007, "vote-xsdebug"},
    {20000, "disk-begin"}, {20001, "disk-commit"}, {20002, "disk-lock"}, {20003, "disk-write"},
    {20004, "disk-getversion"}, {20005, "disk-getfile"}, {20006, "disk-sendfile"}, {20007, "disk-abort"},
    {20008, "disk-releaselocks"}, {20009, "disk-truncate"}, {20010, "disk-probe"}, {20011, "disk-writev"},
    {20012, "disk-interfaceaddr"}, {20013, "disk-setversion"},
};

template <size_t N>
const char* op_name(const OpName (&t)[N], uint32_t op) {
  for (const OpName& e : t)
    if (e.op == op) return e.name;
  return nullptr;
}

// A service: the short name of its port, its hidden boolean field and its
// operation table (none for the error service).
struct Service {
  uint16_t port;
  const char* short_name;
  const char* field;  // "afs.fs"
  const char* op_field;
  const char* (*name)(uint32_t op);
};
constexpr Service kServices[] = {
    {7000, "FS", "afs.fs", "afs.fs.opcode", [](uint32_t op) { return op_name(kFs, op); }},
    {7001, "CB", "afs.cb", "afs.cb.opcode", [](uint32_t op) { return op_name(kCb, op); }},
    {7002, "PROT", "afs.prot", "afs.prot.opcode", [](uint32_t op) { return op_name(kProt, op); }},
    {7003, "VLDB", "afs.vldb", "afs.vldb.opcode", [](uint32_t op) { return op_name(kVldb, op); }},
    {7004, "KAUTH", "afs.kauth", "afs.kauth.opcode", [](uint32_t op) { return op_name(kKauth, op); }},
    {7005, "VOL", "afs.vol", "afs.vol.opcode", [](uint32_t op) { return op_name(kVol, op); }},
    {7006, "ERR", "afs.error", "afs.error.opcode", nullptr},
    {7007, "BOS", "afs.bos", "afs.bos.opcode", [](uint32_t op) { return op_name(kBos, op); }},
    {7008, "UPD", "afs.update", "afs.update.opcode", [](uint32_t op) { return op_name(kUpdate, op); }},
    {7009, "RMT", "afs.rmtsys", "afs.rmtsys.opcode", [](uint32_t op) { return op_name(kRmtsys, op); }},
    {7021, "BKUP", "afs.backup", "afs.backup.opcode", [](uint32_t op) { return op_name(kBackup, op); }},
    {7025, "BUTC", "afs.butc", "afs.butc.opcode", [](uint32_t op) { return op_name(kButc, op); }},
};
constexpr Service kUbikService = {0, "", "afs.ubik", "afs.ubik.opcode", [](uint32_t op) { return op_name(kUbik, op); }};
constexpr size_t kButcIndex = 11;

bool is_reply(const RxFields& f) { return !(f.flags & 1); }  // not client-initiated
uint16_t service_port(const RxFields& f) { return is_reply(f) ? f.sport : f.dport; }

// The service a DATA packet's port names: tape coordinators listen on 7025
// and above (tshark takes any such port as one); nullptr for other ports.
const Service* port_service(uint16_t port) {
  for (const Service& s : kServices)
    if (s.port == port) return &s;
  return port > 7025 ? &kServices[kButcIndex] : nullptr;
}
bool ubik_op(uint32_t op) { return (op >= 10000 && op <= 10007) || (op >= 20000 && op <= 20013); }
// tshark's fuzzy check for encrypted calls (a signed opcode up to 66000).
bool valid_op(uint32_t op) { return int32_t(op) >= 0 && op <= 66000; }

// The call's operation: the tracker's, else a request's first 4 bytes (a
// reply alone names none: 0). False when a request is too short to name one.
bool afs_opcode(const FieldCtx& c, uint32_t& op) {
  if (c.pkt.afs_state == 1) return op = c.pkt.afs_opcode, true;
  if (c.pkt.afs_state == 2) return false;
  op = 0;
  if (is_reply(rx(c))) return true;
  uint32_t start;
  if (du::payload_captured(c, start) < 4) return false;
  op = load_be32(c.pkt.data() + start);
  return true;
}

// The service shown for this call (UBIK's operations override the port's).
const Service* shown_service(const FieldCtx& c, uint32_t op) {
  return ubik_op(op) ? &kUbikService : port_service(service_port(rx(c)));
}

void afs_info(const FieldCtx& c, TextOut& o) {
  const RxFields& f = rx(c);
  uint32_t op;
  if (!afs_opcode(c, op)) return;  // tshark: an exception, the info left empty
  du::Text t;
  uint16_t port = service_port(f);
  const Service* ps = port_service(port);
  auto port_name = [&] {
    if (ps && ps->port == port) t.s(ps->short_name);
    else t.s("Unknown(").d(port).s(")");
  };
  const char* dir = is_reply(f) ? " Reply" : " Request";
  if (!valid_op(op)) {
    t.s("Encrypted ");
    port_name();
    t.s(dir).to(o);
    return;
  }
  const Service* s = shown_service(c, op);
  if (ubik_op(op)) t.s("UBIK-");
  port_name();
  t.s(dir).s(": ");
  if (s && s->name) {
    if (const char* n = s->name(op)) t.s(n);
    else t.s("Unknown(").d(op).s(")");
    t.s(" (").d(op).s(")");
  } else {
    t.s("Unknown(").d(op).s(")");
  }
  t.to(o);
}

const char* reason_name(uint8_t r) {
  static constexpr const char* k[] = {nullptr,       "Ack Requested", "Duplicate Packet", "Out Of Sequence",
                                      "Exceeds Window", "No Space",   "Ping",             "Ping Response",
                                      "Delay",          "Idle"};
  return r < 10 ? k[r] : nullptr;
}

void info_rx(const FieldCtx& c, TextOut& o) {
  const RxFields& f = rx(c);
  if (f.type == kData) return afs_info(c, o);
  du::Text t;
  const uint8_t* p = rx_bytes(c);
  uint32_t n = rx_captured(c);
  switch (f.type) {
    case kAck: {
      // tshark reads the body up to the last ACK type before it writes.
      if (n < kHdr + 18 || n < kHdr + 18 + p[kHdr + 17]) return;
      uint8_t r = p[kHdr + 16];
      t.s("ACK ");
      if (const char* name = reason_name(r)) t.s(name);
      else t.d(r);
      break;
    }
    case kAbort: t.s("ABORT"); break;
    case kAckAll: t.s("ACKALL"); break;
    case kChallenge: t.s("CHALLENGE"); break;
    case kResponse: t.s("RESPONSE"); break;
    case kVersion: t.s("VERSION request"); break;
    default: return;  // busy, debug, params: tshark writes nothing
  }
  t.s("  Seq: ").d(load_be32(p + 12)).s("  Call: ").d(load_be32(p + 8));
  t.s("  Source Port: ").d(f.sport).s("  Destination Port: ").d(f.dport).s("  ");
  t.to(o);
}

void names_rx(const FieldCtx& c, const char*&, const char*& display) {
  if (rx(c).type == kData) display = "AFS (RX)";
}

// rx.epoch: seconds since 1970 in local time, as tshark's
// ABSOLUTE_TIME_LOCAL ("Apr 16, 2050 11:29:17.000000000 UTC").
void epoch(const FieldCtx& c, uint32_t off, FieldOut& o) {
  time_t tt = time_t(load_be32(rx_bytes(c) + off));
  struct tm tm {};
  if (!localtime_r(&tt, &tm)) return;
  char a[48], z[16];
  size_t n = strftime(a, sizeof a, "%b %e, %Y %H:%M:%S", &tm);
  size_t zn = strftime(z, sizeof z, "%Z", &tm);
  fmt::Text<80> t;
  t.s(std::string_view(a, n)).s(".000000000 ").s(std::string_view(z, zn));
  o.value(std::string_view(t.buf, t.len));
}

// A field of one packet type's body (layer-relative offset), when captured.
template <uint8_t Type, uint32_t Off, uint32_t N, int Digits = 0>
void body(const FieldCtx& c, FieldOut& o) {
  if (rx(c).type == Type) du::uint_at<Off, N, 0, Digits>(c, o);
}

// The optional ACK trailer (after the ACK types and 3 bytes of padding):
// the Nth 4-byte value, where tshark reads it (more than 3 bytes left, and
// 4 for each).
template <uint32_t Index>
void ack_trailer(const FieldCtx& c, FieldOut& o) {
  if (rx(c).type != kAck) return;
  uint32_t n = rx_captured(c);
  if (n < kHdr + 18) return;
  uint32_t at = kHdr + 18 + rx_bytes(c)[kHdr + 17];
  if (n <= at + 3) return;
  at += 3 + 4 * Index;
  if (at + 4 <= n) du::dec(o, load_be32(rx_bytes(c) + at));
}

void ack_types(const FieldCtx& c, FieldOut& o) {
  if (rx(c).type != kAck) return;
  uint32_t n = rx_captured(c);
  if (n < kHdr + 18) return;
  for (uint32_t i = 0, k = rx_bytes(c)[kHdr + 17]; i < k && kHdr + 18 + i < n; ++i)
    du::dec(o, rx_bytes(c)[kHdr + 18 + i]);
}

// A RESPONSE of version 2 repeats the epoch, connection, security index and
// call numbers in its encrypted part (tshark shows them as rx.* again).
bool response_v2(const FieldCtx& c) {
  uint64_t v;
  return rx(c).type == kResponse && du::read_be(c, kHdr, 4, v) && v == 2;
}
constexpr uint32_t kEnc = kHdr + 8;  // the encrypted part
template <uint32_t Off, uint32_t N, int Digits = 0>
void enc(const FieldCtx& c, FieldOut& o) {
  if (response_v2(c)) du::uint_at<Off, N, 0, Digits>(c, o);
}

// afs.*: on DATA packets, even one without a body (tshark fills AFS's tree
// then, though frame.protocols leaves it out).
bool afs_here(const FieldCtx& c, uint32_t& op) { return rx(c).type == kData && afs_opcode(c, op); }

template <size_t I>
void service_flag(const FieldCtx& c, FieldOut& o) {
  uint32_t op;
  if (afs_here(c, op) && valid_op(op) && shown_service(c, op) == &kServices[I]) o.value("1");
}
template <size_t I>
void service_op(const FieldCtx& c, FieldOut& o) {
  uint32_t op;
  if (afs_here(c, op) && valid_op(op) && shown_service(c, op) == &kServices[I]) du::dec(o, op);
}

}  // namespace

void register_rx(Registry& r) {
  r.add_proto({Proto::Rx, "rx", "RX", decode_rx, info_rx, names_rx});
  r.add_proto({Proto::Afs, "afs", "AFS (RX)", decode_afs, nullptr});
  for (uint32_t port = 7000; port <= 7009; ++port) r.add_dispatch(Table::UdpPort, port, Proto::Rx);
  r.add_dispatch(Table::UdpPort, 7021, Proto::Rx);
  r.add_field({"rx.epoch", Proto::Rx, [](const FieldCtx& c, FieldOut& o) {
                 epoch(c, 0, o);
                 if (response_v2(c) && kEnc + 4 <= rx_captured(c)) epoch(c, kEnc, o);
               }});
  r.add_field({"rx.cid", Proto::Rx, [](const FieldCtx& c, FieldOut& o) {
                 du::uint_at<4, 4>(c, o);
                 enc<kEnc + 4, 4>(c, o);
               }});
  r.add_field({"rx.callnumber", Proto::Rx, [](const FieldCtx& c, FieldOut& o) {
                 du::uint_at<8, 4>(c, o);
                 enc<kEnc + 16, 4>(c, o);
                 enc<kEnc + 20, 4>(c, o);
                 enc<kEnc + 24, 4>(c, o);
                 enc<kEnc + 28, 4>(c, o);
               }});
  r.add_field({"rx.seq", Proto::Rx, du::uint_at<12, 4>});
  r.add_field({"rx.serial", Proto::Rx, [](const FieldCtx& c, FieldOut& o) {
                 du::uint_at<16, 4>(c, o);
                 body<kAck, kHdr + 12, 4>(c, o);  // the ACK's serial follows the header's
               }});
  r.add_field({"rx.type", Proto::Rx, du::uint_at<20, 1>});
  r.add_field({"rx.flags", Proto::Rx, du::uint_at<21, 1, 0, 2>});
  r.add_field({"rx.flags.free_packet", Proto::Rx, du::uint_at<21, 1, 0x10>});
  r.add_field({"rx.flags.more_packets", Proto::Rx, du::uint_at<21, 1, 0x08>});
  r.add_field({"rx.flags.last_packet", Proto::Rx, du::uint_at<21, 1, 0x04>});
  r.add_field({"rx.flags.request_ack", Proto::Rx, du::uint_at<21, 1, 0x02>});
  r.add_field({"rx.flags.client_init", Proto::Rx, du::uint_at<21, 1, 0x01>});
  r.add_field({"rx.userstatus", Proto::Rx, du::uint_at<22, 1>});
  r.add_field({"rx.securityindex", Proto::Rx, [](const FieldCtx& c, FieldOut& o) {
                 du::uint_at<23, 1>(c, o);
                 enc<kEnc + 12, 1>(c, o);
               }});
  r.add_field({"rx.spare", Proto::Rx, du::uint_at<24, 2>});
  r.add_field({"rx.serviceid", Proto::Rx, du::uint_at<26, 2>});
  r.add_field({"rx.bufferspace", Proto::Rx, body<kAck, kHdr, 2>});
  r.add_field({"rx.maxskew", Proto::Rx, body<kAck, kHdr + 2, 2>});
  r.add_field({"rx.first", Proto::Rx, body<kAck, kHdr + 4, 4>});
  r.add_field({"rx.prev", Proto::Rx, body<kAck, kHdr + 8, 4>});
  r.add_field({"rx.reason", Proto::Rx, body<kAck, kHdr + 16, 1>});
  r.add_field({"rx.num_acks", Proto::Rx, body<kAck, kHdr + 17, 1>});
  r.add_field({"rx.ack_type", Proto::Rx, ack_types});
  r.add_field({"rx.max_mtu", Proto::Rx, ack_trailer<0>});
  r.add_field({"rx.if_mtu", Proto::Rx, ack_trailer<1>});
  r.add_field({"rx.rwind", Proto::Rx, ack_trailer<2>});
  r.add_field({"rx.max_packets", Proto::Rx, ack_trailer<3>});
  r.add_field({"rx.abort_code", Proto::Rx, [](const FieldCtx& c, FieldOut& o) {
                 uint64_t v;
                 if (rx(c).type == kAbort && du::read_be(c, kHdr, 4, v)) o.value(fmt::sdec(int32_t(uint32_t(v))));
               }});
  r.add_field({"rx.version", Proto::Rx, [](const FieldCtx& c, FieldOut& o) {
                 if (rx(c).type == kChallenge || rx(c).type == kResponse) du::uint_at<kHdr, 4>(c, o);
               }});
  r.add_field({"rx.nonce", Proto::Rx, [](const FieldCtx& c, FieldOut& o) {
                 uint64_t v;
                 if (rx(c).type == kChallenge && du::read_be(c, kHdr, 4, v) && v == 2) body<kChallenge, kHdr + 4, 4, 8>(c, o);
               }});
  r.add_field({"rx.min_level", Proto::Rx, [](const FieldCtx& c, FieldOut& o) {
                 uint64_t v;
                 if (rx(c).type == kChallenge && du::read_be(c, kHdr, 4, v) && v == 2) body<kChallenge, kHdr + 8, 4>(c, o);
               }});
  r.add_field({"rx.inc_nonce", Proto::Rx, enc<kEnc + 32, 4, 8>});
  r.add_field({"rx.level", Proto::Rx, enc<kEnc + 36, 4>});
  r.add_field({"rx.kvno", Proto::Rx, enc<kEnc + 40, 4>});
  r.add_field({"rx.ticket_len", Proto::Rx, enc<kEnc + 44, 4>});
  r.add_field({"rx.ticket", Proto::Rx, [](const FieldCtx& c, FieldOut& o) {
                 uint64_t n;
                 if (!response_v2(c) || !du::read_be(c, kEnc + 44, 4, n)) return;
                 uint32_t at = kEnc + 48, have = rx_captured(c);
                 if (at <= have && n <= have - at) du::hex_value(o, rx_bytes(c) + at, uint32_t(n));
               }});
  r.add_field({"afs.service", Proto::Rx, [](const FieldCtx& c, FieldOut& o) {
                 uint32_t op;
                 if (afs_here(c, op)) du::dec(o, op);
               }, true});
  r.add_field({"afs.reqframe", Proto::Rx, [](const FieldCtx& c, FieldOut& o) {
                 if (rx(c).type == kData && c.pkt.afs_state == 1 && c.pkt.afs_req_frame) du::dec(o, c.pkt.afs_req_frame);
               }, true});
  r.add_field({"afs.time", Proto::Rx, [](const FieldCtx& c, FieldOut& o) {
                 if (rx(c).type == kData && c.pkt.afs_state == 1 && c.pkt.afs_req_frame) du::rel_time(o, c.pkt.afs_time_ns);
               }, true});
  [&]<size_t... I>(std::index_sequence<I...>) {
    (r.add_field({kServices[I].field, Proto::Rx, service_flag<I>, true}), ...);
    (r.add_field({kServices[I].op_field, Proto::Rx, service_op<I>, true}), ...);
  }(std::make_index_sequence<std::size(kServices)>{});
  r.add_field({"afs.ubik", Proto::Rx, [](const FieldCtx& c, FieldOut& o) {
                 uint32_t op;
                 if (afs_here(c, op) && ubik_op(op)) o.value("1");
               }, true});
  r.add_field({"afs.ubik.opcode", Proto::Rx, [](const FieldCtx& c, FieldOut& o) {
                 uint32_t op;
                 if (afs_here(c, op) && ubik_op(op)) du::dec(o, op);
               }, true});
}

}  // namespace weir
