// DNS (RFC 1035), also mDNS (5353) and LLMNR (5355), which Wireshark
// dissects with the same dns.* fields. Over TCP each message has a 2-byte
// length prefix and one segment may hold several messages; each becomes its
// own DNS layer, as tshark shows them without reassembly.
//
// The decoder only locates the message; field emitters walk the questions
// and resource records again from the frame bytes. The walk copies
// Wireshark 4.0's behaviour on malformed input: a question or record is
// reported only if it was read completely, names are decompressed with at
// most 255 pointers ("<Name contains a pointer that loops>"), names of 254 or
// more characters print as "<Name too long>", the root as "<Root>".
#include "app_text.hpp"
#include "protocols.hpp"
#include "weir/layers.hpp"

namespace weir {
namespace {

struct DnsLayer {
  uint32_t base;     // absolute frame offset of the message (after any TCP length)
  uint32_t len;      // message bytes available (captured, within the TCP PDU)
  uint16_t tcp_len;  // TCP length prefix
  bool tcp;
  bool mdns;         // UDP 5353: class fields masked with 0x7fff (cache-flush / QU bit)
  bool llmnr;        // UDP 5355 (only the names differ)
  bool empty;        // a TCP PDU too short to dissect: no fields
};

constexpr int kMaxPointers = 255;
constexpr size_t kMaxName = 253;

enum class NameStatus { Ok, Root, Loop, TooLong };

// A parsed (not yet escaped) domain name.
struct Name {
  uint8_t raw[256];
  size_t raw_len = 0;
  NameStatus status = NameStatus::Ok;
};

// The positions of the pointers one name walk has followed (at most
// kMaxPointers): a bit per message offset, cleared again by the destructor
// through the list of bits it set.
class SeenPointers {
 public:
  ~SeenPointers() {
    for (int i = 0; i < n_; ++i)
      if (list_[i] < kMsgMax) bits_[list_[i] >> 6] &= ~(uint64_t(1) << (list_[i] & 63));
  }
  bool test_and_set(uint32_t pos) {
    if (pos >= kMsgMax) {  // a message past 64 KiB (UDP in an IPv6 jumbogram): linear
      for (int i = 0; i < n_; ++i)
        if (list_[i] == pos) return true;
    } else {
      uint64_t bit = uint64_t(1) << (pos & 63);
      if (bits_[pos >> 6] & bit) return true;
      bits_[pos >> 6] |= bit;
    }
    if (n_ < kMaxPointers + 1) list_[n_++] = pos;
    return false;
  }

 private:
  static constexpr uint32_t kMsgMax = 65536;
  static thread_local uint64_t bits_[kMsgMax / 64];
  uint32_t list_[kMaxPointers + 1];
  int n_ = 0;
};
thread_local uint64_t SeenPointers::bits_[SeenPointers::kMsgMax / 64];

// Parses the name at `start` (message-relative). `max_len` > 0 bounds the
// encoded name (rdata names). Returns the encoded length, or -1 where
// Wireshark throws (truncated, bad label type, pointer outside the message).
int parse_name(const uint8_t* msg, uint32_t msglen, int start, int max_len, Name& nm) {
  int offset = start;
  int len = -1;
  int pointers = 0;
  bool first = true;
  bool loops = false;
  size_t total = 0;  // characters the full name would have
  SeenPointers seen;  // positions of the pointers followed
  nm.raw_len = 0;
  for (;;) {
    if (max_len && offset - start > max_len - 1) break;
    if (offset < 0 || uint32_t(offset) >= msglen) return -1;
    uint8_t clen = msg[offset++];
    if (clen == 0) break;
    switch (clen & 0xc0) {
      case 0x00:
        if (!first) {
          if (nm.raw_len < sizeof nm.raw) nm.raw[nm.raw_len++] = '.';
          ++total;
        }
        first = false;
        // The label's bytes one by one, in Wireshark's order of checks (the
        // rdata bound before the message end), in O(1) once `raw` is full.
        if (max_len && offset + clen - 1 - start > max_len - 1) return -1;
        if (uint32_t(offset) + clen > msglen) return -1;
        for (uint8_t k = 0; k < clen && nm.raw_len < sizeof nm.raw; ++k) nm.raw[nm.raw_len++] = msg[offset + k];
        total += clen;
        offset += clen;
        break;
      case 0xc0: {
        if (uint32_t(offset) >= msglen) return -1;
        int indir = (clen & 0x3f) << 8 | msg[offset];
        ++offset;
        ++pointers;
        if (len < 0) len = offset - start;
        if (pointers > kMaxPointers) {
          loops = true;
          goto done;
        }
        // The walk is deterministic: reaching a pointer already followed
        // means it would cycle until the pointer limit. Detecting that here
        // (same result) in O(1) keeps a message of many names that share a
        // long pointer chain linear instead of quadratic.
        if (seen.test_and_set(uint32_t(offset - 2))) {
          loops = true;
          goto done;
        }
        offset = indir;
        break;
      }
      default:  // 0x40 extended labels, 0x80 reserved
        return -1;
    }
  }
done:
  if (len < 0) len = offset - start;
  if (loops) nm.status = NameStatus::Loop;
  else if (total > kMaxName) nm.status = NameStatus::TooLong;
  else if (total == 0) nm.status = NameStatus::Root;
  else nm.status = NameStatus::Ok;
  return len;
}

// The name as tshark prints it.
template <size_t N>
void format_name(const Name& nm, app::Text<N>& out) {
  switch (nm.status) {
    case NameStatus::Root: out.s("<Root>"); return;
    case NameStatus::Loop: out.s("<Name contains a pointer that loops>"); return;
    case NameStatus::TooLong: out.s("<Name too long>"); return;
    case NameStatus::Ok: app::append_text(out, nm.raw, nm.raw_len); return;
  }
}
using NameText = app::Text<1100>;  // 253 raw bytes, at most 4 output bytes each

size_t name_text_len(const Name& nm) {
  switch (nm.status) {
    case NameStatus::Root: return 6;
    case NameStatus::Loop: return 36;
    case NameStatus::TooLong: return 15;
    case NameStatus::Ok: return nm.raw_len;
  }
  return 0;
}

struct Msg {
  const uint8_t* p;
  uint32_t len;
  bool mdns;
  uint16_t get16(uint32_t off) const { return load_be16(p + off); }
};

Msg msg_of(const FieldCtx& c) {
  const auto& d = c.layer->as<DnsLayer>();
  const uint8_t* p = c.pkt.data() + d.base;
  uint32_t cap = c.pkt.caplen();
  uint32_t len = d.base <= cap ? cap - d.base : 0;
  if (len > d.len) len = d.len;
  return {p, len, d.mdns};
}

enum class Section : uint8_t { Answer, Authority, Additional };

struct Question {
  int name_off;
  uint16_t type, cls;
};
struct Record {
  Section section;
  int name_off;
  uint16_t type, cls;
  uint32_t ttl;
  uint16_t rdlen;
  uint32_t rdata;  // message-relative
};

// Walks the questions and records that Wireshark would display completely.
template <class Q, class R>
void walk(const Msg& m, Q&& on_question, R&& on_record) {
  if (m.len < 12) return;
  uint16_t counts[4] = {m.get16(4), m.get16(6), m.get16(8), m.get16(10)};
  uint32_t off = 12;
  Name nm;
  for (uint32_t i = 0; i < counts[0]; ++i) {
    int n = parse_name(m.p, m.len, int(off), 0, nm);
    if (n < 0) return;
    uint32_t at = off + uint32_t(n);
    if (at > m.len || m.len - at < 4) return;
    on_question(Question{int(off), m.get16(at), m.get16(at + 2)});
    off = at + 4;
  }
  for (int s = 0; s < 3; ++s) {
    for (uint32_t i = 0; i < counts[1 + s]; ++i) {
      int n = parse_name(m.p, m.len, int(off), 0, nm);
      if (n < 0) return;
      uint32_t at = off + uint32_t(n);
      if (at > m.len || m.len - at < 10) return;
      Record r{Section(s), int(off), m.get16(at), m.get16(at + 2), load_be32(m.p + at + 4),
               m.get16(at + 8), at + 10};
      if (m.len - r.rdata < r.rdlen) return;  // rdata cut short: record not shown
      if (!on_record(r)) return;
      off = r.rdata + r.rdlen;
    }
  }
}

// Whether record rdata of a fixed-size address can be read (Wireshark reads
// the address whatever rdlen says, if the bytes exist).
bool rdata_has(const Msg& m, const Record& r, uint32_t n) { return m.len - r.rdata >= n; }

// Emits the values produced for one record type; returns false where
// Wireshark would throw (ending the walk).
template <class F>
void each_record(const FieldCtx& c, F&& f) {
  Msg m = msg_of(c);
  walk(m, [](const Question&) {}, [&](const Record& r) { return f(m, r); });
}
template <class F>
void each_question(const FieldCtx& c, F&& f) {
  Msg m = msg_of(c);
  walk(m, [&](const Question& q) { f(m, q); }, [](const Record&) { return true; });
}

// Whether the rdata of this record parses without an exception (so the walk
// continues past it). A/AAAA need their bytes; name types need a valid name.
bool rdata_ok(const Msg& m, const Record& r) {
  Name nm;
  if (r.rdlen == 0) return true;  // no rdata: nothing read (a DNS UPDATE delete)
  switch (r.type) {
    case 1: return rdata_has(m, r, 4);
    case 28: return rdata_has(m, r, 16);
    // tshark 4.0 reads these names without the rdata bound: a name that
    // does not end inside its rdata runs on into the next bytes.
    case 2: case 5: case 12: case 39:
      return parse_name(m.p, m.len, int(r.rdata), 0, nm) >= 0;
    case 33:
      return r.rdlen < 6 || parse_name(m.p, m.len, int(r.rdata) + 6, 0, nm) >= 0;
    default: return true;
  }
}

// One part of each SRV record's owner name: 0 service, 1 proto, 2 the rest.
void emit_srv_owner(const FieldCtx& c, FieldOut& o, int part) {
  each_record(c, [&](const Msg& m, const Record& rr) {
    if (rr.type == 33) {
      Name nm;
      if (parse_name(m.p, m.len, rr.name_off, 0, nm) >= 0) {
        NameText t;
        format_name(nm, t);
        std::string_view v = t.view();
        for (int i = 0; i < part; ++i) {
          size_t dot = v.find('.');
          if (dot == std::string_view::npos) return rdata_ok(m, rr);
          v.remove_prefix(dot + 1);
        }
        if (part < 2) v = v.substr(0, v.find('.'));
        o.value(v);
      }
    }
    return rdata_ok(m, rr);
  });
}

void emit_srv16(const FieldCtx& c, FieldOut& o, uint32_t at) {
  each_record(c, [&](const Msg& m, const Record& rr) {
    if (rr.type == 33 && rr.rdlen >= at + 2 && rdata_has(m, rr, at + 2)) o.value(fmt::dec(m.get16(rr.rdata + at)));
    return rdata_ok(m, rr);
  });
}

bool has_hdr(const FieldCtx& c, uint32_t end) { return msg_of(c).len >= end; }
uint16_t hdr16(const FieldCtx& c, uint32_t at) { return msg_of(c).get16(at); }
bool is_response(const FieldCtx& c) { return has_hdr(c, 4) && (hdr16(c, 2) & 0x8000); }

void emit_name_at(const Msg& m, int off, int max_len, FieldOut& o) {
  Name nm;
  if (parse_name(m.p, m.len, off, max_len, nm) < 0) return;
  NameText t;
  format_name(nm, t);
  o.value(t);
}

const char* type_name(uint16_t t) {
  switch (t) {
    case 1: return "A"; case 2: return "NS"; case 5: return "CNAME"; case 6: return "SOA";
    case 12: return "PTR"; case 13: return "HINFO"; case 15: return "MX"; case 16: return "TXT";
    case 24: return "SIG"; case 25: return "KEY"; case 28: return "AAAA"; case 29: return "LOC";
    case 33: return "SRV"; case 35: return "NAPTR"; case 39: return "DNAME"; case 41: return "OPT";
    case 43: return "DS"; case 46: return "RRSIG"; case 47: return "NSEC"; case 48: return "DNSKEY";
    case 50: return "NSEC3"; case 51: return "NSEC3PARAM"; case 52: return "TLSA";
    case 64: return "SVCB"; case 65: return "HTTPS"; case 99: return "SPF"; case 250: return "TSIG";
    case 251: return "IXFR"; case 252: return "AXFR"; case 255: return "ANY"; case 256: return "URI";
    case 257: return "CAA"; case 0: return "Unused";
    default: return nullptr;
  }
}
const char* opcode_name(unsigned op) {
  switch (op) {
    case 0: return "Standard query"; case 1: return "Inverse query";
    case 2: return "Server status request"; case 4: return "Zone change notification";
    case 5: return "Dynamic update"; case 6: return "DNS Stateful operations (DSO)";
    default: return nullptr;
  }
}
const char* rcode_name(unsigned rc) {
  switch (rc) {
    case 0: return "No error"; case 1: return "Format error"; case 2: return "Server failure";
    case 3: return "No such name"; case 4: return "Not implemented"; case 5: return "Refused";
    case 6: return "Name exists"; case 7: return "RRset exists"; case 8: return "RRset does not exist";
    case 9: return "Not authoritative"; case 10: return "Name out of zone";
    default: return nullptr;
  }
}

// ---- decode ----

// Wireshark dissects UDP 5353 as mDNS and 5355 as LLMNR (both with dns.*
// fields), each under its own name.
void names_dns(const FieldCtx& c, const char*& name, const char*& display) {
  const auto& d = c.layer->as<DnsLayer>();
  if (d.mdns) name = "mdns", display = "MDNS";
  else if (d.llmnr) name = "llmnr", display = "LLMNR";
}

void decode_dns(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& d = layer.as<DnsLayer>();
  d = {};
  const Layer* parent = app::parent_layer(in);
  d.tcp = parent && (parent->proto == Proto::Tcp || (parent->proto == Proto::Dns && parent->as<DnsLayer>().tcp));
  if (parent && parent->proto == Proto::Udp) {
    const auto& u = parent->as<UdpFields>();
    bool has53 = u.sport == 53 || u.dport == 53;
    d.mdns = !has53 && (u.sport == 5353 || u.dport == 5353);
    d.llmnr = !has53 && !d.mdns && (u.sport == 5355 || u.dport == 5355);
  }
  if (!d.tcp) {
    d.base = in.offset;
    d.len = in.avail;
    layer.hdr_len = in.avail;
    layer.payload_len = 0;
    if (in.avail < 12) res.anomaly = "truncated_dns_header";
    res.stop = true;
    return;
  }
  ByteCursor c = in.cursor();
  if (in.avail < 6 || !c.be16(d.tcp_len)) {
    // tshark 4.0 shows nothing for a PDU with fewer than 6 bytes present.
    d.empty = true;
    layer.hdr_len = in.avail;
    res.anomaly = "truncated_dns_tcp_length";
    res.stop = true;
    return;
  }
  d.base = in.offset + 2;
  uint32_t body = in.avail - 2;
  d.len = body < d.tcp_len ? body : d.tcp_len;
  layer.hdr_len = 2 + d.len;
  if (d.len < 12) res.anomaly = "truncated_dns_header";
  if (body > d.tcp_len) {
    // Another message follows in the same segment.
    layer.payload_len = body - d.tcp_len;
    res.next_proto = Proto::Dns;
  } else {
    layer.payload_len = 0;
    res.stop = true;
  }
}

// ---- info ----

void info_dns(const FieldCtx& c, TextOut& o) {
  const auto& d = c.layer->as<DnsLayer>();
  if (d.empty) return;
  Msg m = msg_of(c);
  app::Text<4095> t;  // tshark's column holds 4,095 characters
  if (m.len < 4) return;
  uint16_t flags = m.get16(2);
  unsigned op = (flags >> 11) & 15;
  if (const char* n = opcode_name(op)) t.s(n);
  else t.s("Unknown operation (").d(op).s(")");
  if (flags & 0x8000) t.s(" response");
  t.s(" ").h(m.get16(0), 4);
  if ((flags & 0x8000) && (flags & 15)) {
    unsigned rc = flags & 15;
    t.s(" ");
    if (const char* n = rcode_name(rc)) t.s(n);
    else t.s("Unknown error (").d(rc).s(")");
  }
  auto put_type = [&](uint16_t ty) {
    if (const char* n = type_name(ty)) t.s(n);
    else t.s("Unknown (").d(ty).s(")");
  };
  walk(
      m,
      [&](const Question& q) {
        t.s(" ");
        put_type(q.type);
        Name nm;
        parse_name(m.p, m.len, q.name_off, 0, nm);
        t.s(" ");
        format_name(nm, t);
      },
      [&](const Record& r) {
        t.s(" ");
        put_type(r.type);
        if (m.mdns && (r.cls & 0x8000) && r.type != 41) t.s(", cache flush");
        if (!rdata_ok(m, r)) return false;
        Name nm;
        if (r.type == 1) t.s(" ").ip4(m.p + r.rdata);
        else if (r.type == 28) t.s(" ").ip6(m.p + r.rdata);
        else if (r.type == 2 || r.type == 5 || r.type == 12 || r.type == 39 || r.type == 6) {
          if (parse_name(m.p, m.len, int(r.rdata), r.rdlen, nm) >= 0) {
            t.s(" ");
            format_name(nm, t);
          }
        }
        return true;
      });
  o.append(t);
}

// ---- fields ----

#define DNS_FIELD(NAME, BODY) \
  r.add_field({NAME, Proto::Dns, [](const FieldCtx& c, FieldOut& o) { \
                 if (c.layer->as<DnsLayer>().empty) return;            \
                 BODY                                                \
               }})

}  // namespace

void register_dns(Registry& r) {
  r.add_proto({Proto::Dns, "dns", "DNS", decode_dns, info_dns, names_dns});
  r.add_dispatch(Table::UdpPort, 53, Proto::Dns);
  r.add_dispatch(Table::TcpPort, 53, Proto::Dns);
  r.add_dispatch(Table::TcpPort, 5353, Proto::Dns);
  r.add_dispatch(Table::UdpPort, 5353, Proto::Dns);  // mDNS
  r.add_dispatch(Table::UdpPort, 5355, Proto::Dns);  // LLMNR

  DNS_FIELD("dns.length", {
    const auto& d = c.layer->as<DnsLayer>();
    if (d.tcp) o.value(fmt::dec(d.tcp_len));
  });
  DNS_FIELD("dns.id", { if (has_hdr(c, 2)) o.value(fmt::hex(hdr16(c, 0), 4)); });
  DNS_FIELD("dns.flags", { if (has_hdr(c, 4)) o.value(fmt::hex(hdr16(c, 2), 4)); });
  DNS_FIELD("dns.flags.response", { if (has_hdr(c, 4)) o.value(hdr16(c, 2) & 0x8000 ? "1" : "0"); });
  DNS_FIELD("dns.flags.opcode", { if (has_hdr(c, 4)) o.value(fmt::dec((hdr16(c, 2) >> 11) & 15)); });
  DNS_FIELD("dns.flags.authoritative", {
    if (is_response(c)) o.value(hdr16(c, 2) & 0x0400 ? "1" : "0");
  });
  DNS_FIELD("dns.flags.truncated", { if (has_hdr(c, 4)) o.value(hdr16(c, 2) & 0x0200 ? "1" : "0"); });
  DNS_FIELD("dns.flags.recdesired", { if (has_hdr(c, 4)) o.value(hdr16(c, 2) & 0x0100 ? "1" : "0"); });
  DNS_FIELD("dns.flags.recavail", { if (is_response(c)) o.value(hdr16(c, 2) & 0x0080 ? "1" : "0"); });
  DNS_FIELD("dns.flags.z", { if (has_hdr(c, 4)) o.value(hdr16(c, 2) & 0x0040 ? "1" : "0"); });
  DNS_FIELD("dns.flags.authenticated", {  // on a query only when set (as tshark)
    if (is_response(c)) o.value(hdr16(c, 2) & 0x0020 ? "1" : "0");
    else if (has_hdr(c, 4) && (hdr16(c, 2) & 0x0020)) o.value("1");
  });
  DNS_FIELD("dns.flags.checkdisable", { if (has_hdr(c, 4)) o.value(hdr16(c, 2) & 0x0010 ? "1" : "0"); });
  DNS_FIELD("dns.flags.rcode", { if (is_response(c)) o.value(fmt::dec(hdr16(c, 2) & 15)); });
  DNS_FIELD("dns.count.queries", { if (has_hdr(c, 6)) o.value(fmt::dec(hdr16(c, 4))); });
  DNS_FIELD("dns.count.answers", { if (has_hdr(c, 8)) o.value(fmt::dec(hdr16(c, 6))); });
  DNS_FIELD("dns.count.auth_rr", { if (has_hdr(c, 10)) o.value(fmt::dec(hdr16(c, 8))); });
  DNS_FIELD("dns.count.add_rr", { if (has_hdr(c, 12)) o.value(fmt::dec(hdr16(c, 10))); });

  DNS_FIELD("dns.qry.name", {
    each_question(c, [&](const Msg& m, const Question& q) { emit_name_at(m, q.name_off, 0, o); });
  });
  DNS_FIELD("dns.qry.name.len", {
    each_question(c, [&](const Msg& m, const Question& q) {
      Name nm;
      parse_name(m.p, m.len, q.name_off, 0, nm);
      o.value(fmt::dec(name_text_len(nm)));
    });
  });
  DNS_FIELD("dns.qry.type", {
    each_question(c, [&](const Msg&, const Question& q) { o.value(fmt::dec(q.type)); });
  });
  DNS_FIELD("dns.qry.class", {
    each_question(c, [&](const Msg& m, const Question& q) {
      o.value(fmt::hex(m.mdns ? q.cls & 0x7fff : q.cls, 4));
    });
  });
  DNS_FIELD("dns.qry.qu", {
    each_question(c, [&](const Msg& m, const Question& q) {
      if (m.mdns) o.value(q.cls & 0x8000 ? "1" : "0");
    });
  });

  DNS_FIELD("dns.resp.name", {  // an SRV record's owner goes to dns.srv.service/proto/name
    each_record(c, [&](const Msg& m, const Record& rr) {
      if (rr.type != 33) emit_name_at(m, rr.name_off, 0, o);
      return rdata_ok(m, rr);
    });
  });
  // SRV: the owner name split at its first two dots (_service._proto.name),
  // then the rdata.
  DNS_FIELD("dns.srv.service", { emit_srv_owner(c, o, 0); });
  DNS_FIELD("dns.srv.proto", { emit_srv_owner(c, o, 1); });
  DNS_FIELD("dns.srv.name", { emit_srv_owner(c, o, 2); });
  DNS_FIELD("dns.srv.priority", { emit_srv16(c, o, 0); });
  DNS_FIELD("dns.srv.weight", { emit_srv16(c, o, 2); });
  DNS_FIELD("dns.srv.port", { emit_srv16(c, o, 4); });
  DNS_FIELD("dns.srv.target", {
    each_record(c, [&](const Msg& m, const Record& rr) {
      if (!rdata_ok(m, rr)) return false;
      if (rr.type == 33 && rr.rdlen >= 6) emit_name_at(m, int(rr.rdata) + 6, 0, o);
      return true;
    });
  });
  DNS_FIELD("dns.resp.type", {
    each_record(c, [&](const Msg& m, const Record& rr) {
      o.value(fmt::dec(rr.type));
      return rdata_ok(m, rr);
    });
  });
  DNS_FIELD("dns.resp.class", {
    each_record(c, [&](const Msg& m, const Record& rr) {
      if (rr.type != 41) o.value(fmt::hex(m.mdns ? rr.cls & 0x7fff : rr.cls, 4));
      return rdata_ok(m, rr);
    });
  });
  DNS_FIELD("dns.resp.cache_flush", {
    each_record(c, [&](const Msg& m, const Record& rr) {
      if (m.mdns && rr.type != 41) o.value(rr.cls & 0x8000 ? "1" : "0");
      return rdata_ok(m, rr);
    });
  });
  DNS_FIELD("dns.resp.ttl", {
    each_record(c, [&](const Msg& m, const Record& rr) {
      if (rr.type != 41) o.value(fmt::dec(rr.ttl));
      return rdata_ok(m, rr);
    });
  });
  DNS_FIELD("dns.resp.len", {
    each_record(c, [&](const Msg& m, const Record& rr) {
      o.value(fmt::dec(rr.rdlen));
      return rdata_ok(m, rr);
    });
  });
  DNS_FIELD("dns.a", {
    each_record(c, [&](const Msg& m, const Record& rr) {
      if (!rdata_ok(m, rr)) return false;
      if (rr.type == 1 && rr.rdlen) o.value(fmt::ipv4(m.p + rr.rdata));
      return true;
    });
  });
  DNS_FIELD("dns.aaaa", {
    each_record(c, [&](const Msg& m, const Record& rr) {
      if (!rdata_ok(m, rr)) return false;
      if (rr.type == 28 && rr.rdlen) o.value(fmt::ipv6(m.p + rr.rdata));
      return true;
    });
  });
  DNS_FIELD("dns.cname", {
    each_record(c, [&](const Msg& m, const Record& rr) {
      if (!rdata_ok(m, rr)) return false;
      if (rr.type == 5 && rr.rdlen) emit_name_at(m, int(rr.rdata), 0, o);
      return true;
    });
  });
  DNS_FIELD("dns.ns", {
    each_record(c, [&](const Msg& m, const Record& rr) {
      if (!rdata_ok(m, rr)) return false;
      if (rr.type == 2 && rr.rdlen) emit_name_at(m, int(rr.rdata), 0, o);
      return true;
    });
  });
  DNS_FIELD("dns.ptr.domain_name", {
    each_record(c, [&](const Msg& m, const Record& rr) {
      if (!rdata_ok(m, rr)) return false;
      if (rr.type == 12 && rr.rdlen) emit_name_at(m, int(rr.rdata), 0, o);
      return true;
    });
  });
}

}  // namespace weir
