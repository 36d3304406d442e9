// NHRP (RFC 2332, and Cisco's traffic indication; GRE protocol 0x2001) as
// tshark 4.0 shows it: the fixed header, the mandatory part (request ID,
// addresses, client information entries), the extensions' entries, the
// info column ("NHRP Registration Reply, ID=21, Code=Success": a code per
// entry of a reply), and a traffic indication's quoted packet (decoded; the
// columns stay NHRP's). Not decoded: authentication, vendor and device
// capability extensions, the erroneous packet an error indication quotes.
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

constexpr uint32_t kFixed = 20;
enum : uint8_t { kError = 7, kTraffic = 8 };

struct NhrpFields {
  uint16_t afn, pro_type, pktsz, extoff;
  uint8_t type, shtl, sstl;
  uint32_t mand_end;  // the mandatory part's end (layer-relative, within the capture)
  uint32_t end;       // the packet's end (the same)
};

void decode_nhrp(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<NhrpFields>();
  f = {};
  if (in.avail < kFixed) return du::truncated(in, layer, res, "truncated_nhrp_header");
  const uint8_t* p = in.frame + in.offset;
  f.afn = load_be16(p);
  f.pro_type = load_be16(p + 2);
  f.pktsz = load_be16(p + 10);
  f.extoff = load_be16(p + 14);
  f.type = p[17];
  f.shtl = p[18] & 0x3f;
  f.sstl = p[19] & 0x3f;
  uint32_t size = f.pktsz >= kFixed ? f.pktsz : in.claimed;
  f.end = du::min32(du::min32(size, in.claimed), in.avail);
  f.mand_end = f.extoff >= kFixed && f.extoff < f.end ? f.extoff : f.end;
  layer.hdr_len = f.end;
  if (f.type == kTraffic && f.end >= kFixed + 8) {
    // The quoted packet follows the addresses; the columns stay NHRP's.
    uint32_t at = kFixed + 8 + f.shtl + f.sstl + p[kFixed] + p[kFixed + 1];
    if (at < f.mand_end) {  // (tshark hands on all that follows, the extensions too)
      layer.hdr_len = at;
      layer.payload_len = f.end - at;
      res.next = Table::EtherType;
      res.key1 = f.pro_type;
      return;
    }
  }
  res.stop = true;
}

const NhrpFields& nh(const FieldCtx& c) { return du::get<NhrpFields>(c); }
const uint8_t* bytes(const FieldCtx& c) { return c.pkt.data() + c.layer->offset; }

// Where the mandatory part's entries start (0: none).
uint32_t entries_at(const FieldCtx& c) {
  const NhrpFields& f = nh(c);
  if (f.type == kError || f.type == kTraffic || f.mand_end < kFixed + 8) return 0;
  const uint8_t* p = bytes(c);
  return kFixed + 8 + f.shtl + f.sstl + p[kFixed] + p[kFixed + 1];
}

// Calls fn(offset) for each client information entry in [at, end).
template <class Fn>
void each_entry(const uint8_t* p, uint32_t at, uint32_t end, Fn fn) {
  while (at + 12 <= end) {
    fn(at);
    at += 12u + (p[at + 8] & 0x3f) + (p[at + 9] & 0x3f) + p[at + 10];
  }
}

// Every entry: the mandatory part's, then those of the responder address,
// transit NHS record and Cisco NAT address extensions.
template <class Fn>
void all_entries(const FieldCtx& c, Fn fn) {
  const NhrpFields& f = nh(c);
  const uint8_t* p = bytes(c);
  if (uint32_t at = entries_at(c)) each_entry(p, at, f.mand_end, fn);
  if (f.extoff < kFixed || f.extoff >= f.end) return;
  for (uint32_t at = f.extoff; at + 4 <= f.end;) {
    uint16_t type = load_be16(p + at) & 0x3fff, len = load_be16(p + at + 2);
    uint32_t vend = du::min32(at + 4 + len, f.end);
    if ((type >= 3 && type <= 5) || type == 9) each_entry(p, at + 4, vend, fn);  // (9: Cisco's NAT address)
    if (type == 0) break;  // the end of the extensions
    at += 4u + len;
  }
}

const char* code_name(uint8_t c) {
  switch (c) {
    case 0: return "Success";
    case 4: return "Administratively Prohibited";
    case 5: return "Insufficient Resources";
    case 12: return "No Interworking Layer Address to NBMA Address Binding Exists";
    case 13: return "Binding Exists But Is Not Unique";
    case 14: return "Unique Internetworking Layer Address Already Registered";
    default: return nullptr;
  }
}

const char* error_name(uint16_t e) {
  switch (e) {
    case 1: return "Unrecognized Extension";
    case 3: return "NHRP Loop Detected";
    case 6: return "Protocol Address Unreachable";
    case 7: return "Protocol Error";
    case 8: return "NHRP SDU Size Exceeded";
    case 9: return "Invalid Extension";
    case 10: return "Invalid NHRP Resolution Reply Received";
    case 11: return "Authentication Failure";
    case 15: return "Hop Count Exceeded";
    case 16: return "VPN Mismatch";
    case 17: return "VPN Unsupported";
    default: return nullptr;
  }
}

void info_nhrp(const FieldCtx& c, TextOut& o) {
  const NhrpFields& f = nh(c);
  if (c.layer->truncated) return;
  static constexpr const char* kTypes[] = {"NHRP Resolution Request", "NHRP Resolution Reply",
                                           "NHRP Registration Request", "NHRP Registration Reply",
                                           "NHRP Purge Request", "NHRP Purge Reply",
                                           "NHRP Error Indication", "NHRP Traffic Indication"};
  du::Text t;
  if (f.type >= 1 && f.type <= 8) {
    t.s(kTypes[f.type - 1]);
  } else {
    static constexpr char kHex[] = "0123456789ABCDEF";
    t.s("0x").put(kHex[f.type >> 4]);
    t.put(kHex[f.type & 15]);
    t.s(" - unknown");
  }
  const uint8_t* p = bytes(c);
  if (f.type == kError) {
    if (f.mand_end >= kFixed + 6) {
      uint16_t e = load_be16(p + kFixed + 4);
      t.s(", ");
      if (const char* n = error_name(e)) t.s(n);
      else t.s("Unknown Error (").d(e).s(")");
    }
  } else if (f.type != kTraffic && f.mand_end >= kFixed + 8) {
    t.s(", ID=").d(load_be32(p + kFixed + 4));
    bool request = f.type == 1 || f.type == 3 || f.type == 5;
    if (uint32_t at = entries_at(c); at && !request)
      each_entry(p, at, f.mand_end, [&](uint32_t e) {
        t.s(", Code=");
        if (const char* n = code_name(p[e])) t.s(n);
        else t.s("Unknown (").d(p[e]).s(")");
      });
  }
  t.to(o);
}

// An address of the mandatory part as IPv4 (4 bytes) where tshark shows one.
template <int Which>  // 0: source NBMA, 1: source protocol, 2: destination protocol
void address(const FieldCtx& c, FieldOut& o) {
  const NhrpFields& f = nh(c);
  if (f.mand_end < kFixed + 8) return;
  const uint8_t* p = bytes(c);
  uint8_t spl = p[kFixed], dpl = p[kFixed + 1];
  uint32_t at = kFixed + 8, len = f.shtl;
  if (Which >= 1) at += f.shtl + f.sstl, len = spl;
  if (Which == 2) at += spl, len = dpl;
  bool ipv4 = Which == 0 ? f.afn == 1 : f.pro_type == 0x0800;
  if (ipv4 && len == 4 && at + 4 <= f.mand_end) o.value(fmt::ipv4(p + at));
}

template <uint32_t Off, uint32_t N, int Digits = 0>
void mand(const FieldCtx& c, FieldOut& o) {
  if (Off + N <= nh(c).mand_end) du::uint_at<Off, N, 0, Digits>(c, o);
}
template <uint32_t Off, uint32_t N>
void entry(const FieldCtx& c, FieldOut& o) {
  const uint8_t* p = bytes(c);
  all_entries(c, [&](uint32_t e) { du::dec(o, N == 1 ? p[e + Off] : load_be16(p + e + Off)); });
}
template <bool Len>
void ext(const FieldCtx& c, FieldOut& o) {
  const NhrpFields& f = nh(c);
  if (f.extoff < kFixed || f.extoff >= f.end) return;
  const uint8_t* p = bytes(c);
  for (uint32_t at = f.extoff; at + 4 <= f.end;) {
    uint16_t type = load_be16(p + at), len = load_be16(p + at + 2);
    if (Len) du::dec(o, len);
    else du::hex(o, type & 0x3fff, 4);
    if ((type & 0x3fff) == 0) break;
    at += 4u + len;
  }
}

}  // namespace

void register_nhrp(Registry& r) {
  r.add_proto({Proto::Nhrp, "nhrp", "NHRP", decode_nhrp, info_nhrp});
  r.add_dispatch(Table::EtherType, 0x2001, Proto::Nhrp);
  r.add_field({"nhrp.hdr.afn", Proto::Nhrp, du::uint_at<0, 2, 0, 4>});
  r.add_field({"nhrp.hdr.pro.type", Proto::Nhrp, du::uint_at<2, 2, 0, 4>});
  r.add_field({"nhrp.hdr.hopcnt", Proto::Nhrp, du::uint_at<9, 1>});
  r.add_field({"nhrp.hdr.pktsz", Proto::Nhrp, du::uint_at<10, 2>});
  r.add_field({"nhrp.hdr.chksum", Proto::Nhrp, du::uint_at<12, 2, 0, 4>});
  r.add_field({"nhrp.hdr.extoff", Proto::Nhrp, du::uint_at<14, 2>});
  r.add_field({"nhrp.hdr.version", Proto::Nhrp, du::uint_at<16, 1>});
  r.add_field({"nhrp.hdr.op.type", Proto::Nhrp, du::uint_at<17, 1>});
  r.add_field({"nhrp.hdr.shtl", Proto::Nhrp, du::uint_at<18, 1>});
  r.add_field({"nhrp.hdr.sstl", Proto::Nhrp, du::uint_at<19, 1>});
  r.add_field({"nhrp.src.prot.len", Proto::Nhrp, mand<20, 1>});
  r.add_field({"nhrp.dst.prot.len", Proto::Nhrp, mand<21, 1>});
  r.add_field({"nhrp.flags", Proto::Nhrp, [](const FieldCtx& c, FieldOut& o) {
                 if (nh(c).type != kError && nh(c).type != kTraffic) mand<22, 2, 4>(c, o);
               }});
  r.add_field({"nhrp.reqid", Proto::Nhrp, [](const FieldCtx& c, FieldOut& o) {
                 if (nh(c).type != kError && nh(c).type != kTraffic) mand<24, 4, 8>(c, o);
               }});
  r.add_field({"nhrp.err.code", Proto::Nhrp, [](const FieldCtx& c, FieldOut& o) {
                 if (nh(c).type == kError) mand<24, 2>(c, o);
               }});
  r.add_field({"nhrp.src.nbma.addr", Proto::Nhrp, address<0>});
  r.add_field({"nhrp.src.prot.addr", Proto::Nhrp, address<1>});
  r.add_field({"nhrp.dst.prot.addr", Proto::Nhrp, address<2>});
  r.add_field({"nhrp.code", Proto::Nhrp, entry<0, 1>});
  r.add_field({"nhrp.prefix", Proto::Nhrp, entry<1, 1>});
  r.add_field({"nhrp.mtu", Proto::Nhrp, entry<4, 2>});
  r.add_field({"nhrp.htime", Proto::Nhrp, entry<6, 2>});
  r.add_field({"nhrp.ext.type", Proto::Nhrp, ext<false>});
  r.add_field({"nhrp.ext.len", Proto::Nhrp, ext<true>});
}

}  // namespace weir
