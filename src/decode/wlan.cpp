// IEEE 802.11 (LINKTYPE_IEEE802_11 105) and radiotap (LINKTYPE_IEEE802_11_
// RADIOTAP 127), as tshark 4.0 shows them: radiotap's header and the
// fields of its first presence word, Wireshark's "wlan_radio" summary of
// them (a step of its own in frame.protocols), and the 802.11 MAC header:
// frame control, duration, the addresses by frame type and DS bits,
// sequence control, QoS control; management frames' fixed parameters and
// tagged parameters (SSID, rates, DS channel); the FCS when radiotap says
// the frame has one. Data frames hand on to LLC unless protected (then
// bytes) or without a body (null functions).
#include "app_text.hpp"
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

// ---------------------------------------------------------------- radiotap

// Radiotap fields of a radiotap namespace's first presence word: size and
// alignment by bit (0: unknown size; nothing after such a field can be
// located).
struct RtField {
  uint8_t size, align;
};
constexpr RtField kRt[29] = {
    {8, 8}, {1, 1}, {1, 1}, {4, 2}, {2, 1}, {1, 1}, {1, 1}, {2, 2},   // 0-7
    {2, 2}, {2, 2}, {1, 1}, {1, 1}, {1, 1}, {1, 1}, {2, 2}, {2, 2},   // 8-15
    {1, 1}, {1, 1}, {8, 4}, {3, 1}, {8, 4}, {12, 2}, {12, 8}, {12, 2},  // 16-23
    {12, 2}, {0, 0}, {1, 1}, {4, 2}, {0, 0},                          // 24-28
};

struct RtFields {
  uint16_t len;     // it_len
  uint16_t nwords;  // presence words
  int16_t flags;    // the first Flags field (-1: none)
};

// Walks the presence words (word(index, value, radiotap namespace's first
// word?)) and the fields of every radiotap namespace in order
// (field(bit, bytes)); a vendor namespace's data is skipped by its skip
// length. Stops at a field of unknown size or past it_len. `p` is the
// header, `len` its it_len (at most what was captured).
template <class Word, class Field>
void rt_walk(const uint8_t* p, uint32_t len, Word word, Field field) {
  uint32_t nwords = 0;
  for (uint32_t at = 4; at + 4 <= len; at += 4) {
    ++nwords;
    if (!(load_le32(p + at) & 0x80000000u)) break;
  }
  uint32_t at = 4 + 4 * nwords;
  enum { kRadiotap, kVendor, kOther } ns = kRadiotap;
  bool first = true;  // the namespace's first word
  bool ok = true;     // fields can still be located
  for (uint32_t i = 0; i < nwords; ++i) {
    uint32_t w = load_le32(p + 4 + 4 * i);
    word(i, w, ns == kRadiotap && first);
    if (ok && ns == kRadiotap) {
      for (int b = 0; b < 29 && ok; ++b) {
        if (!(w >> b & 1)) continue;
        const RtField& r = first ? kRt[b] : RtField{0, 0};  // bits 32+: sizes unknown
        if (r.size == 0) {
          ok = false;
          break;
        }
        at = (at + r.align - 1) / r.align * r.align;
        if (at + r.size > len) {
          ok = false;
          break;
        }
        field(b, p + at);
        at += r.size;
      }
    } else if (ok && ns == kVendor && first) {
      at = (at + 1) & ~1u;  // OUI, sub-namespace, skip length (2-aligned), then the data
      if (at + 6 > len) {
        ok = false;
      } else {
        at += 6u + load_le16(p + at + 4);
      }
    }
    bool rtap = w & (1u << 29), vendor = w & (1u << 30);
    first = rtap || vendor;
    if (rtap) ns = kRadiotap;
    else if (vendor) ns = kVendor;
  }
}

void decode_radiotap(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<RtFields>();
  f = {0, 0, -1};
  const uint8_t* p = in.frame + in.offset;
  if (in.avail < 8) return du::truncated(in, layer, res, "truncated_radiotap_header");
  f.len = load_le16(p + 2);
  if (f.len < 8 || f.len > in.avail) return du::truncated(in, layer, res, "truncated_radiotap_header");
  rt_walk(
      p, f.len, [&](uint32_t, uint32_t, bool) { ++f.nwords; },
      [&](int bit, const uint8_t* v) {
        if (bit == 1 && f.flags < 0) f.flags = v[0];
      });
  layer.hdr_len = f.len;
  layer.payload_len = in.claimed > f.len ? in.claimed - f.len : 0;
  res.next_proto = Proto::WlanRadio;
}

const RtFields* radiotap_below(const DecodedPacket& d, int self, int& idx) {
  for (int i = self - 1; i >= 0; --i)
    if (d.layers[i].proto == Proto::Radiotap) {
      idx = i;
      return d.layers[i].truncated ? nullptr : &d.layers[i].as<RtFields>();
    }
  return nullptr;
}

// Calls fn(bytes) for every occurrence of field `bit` in the radiotap
// layer `l` (of d).
template <class Fn>
void rt_each(const DecodedPacket& d, const Layer& l, int bit, Fn fn) {
  if (l.truncated) return;
  rt_walk(
      d.data() + l.offset, l.as<RtFields>().len, [](uint32_t, uint32_t, bool) {},
      [&](int b, const uint8_t* v) {
        if (b == bit) fn(v);
      });
}

// A presence bit of every radiotap namespace's first word; the namespace
// and extension bits (29-31) of every word.
template <int Bit>
void rt_present(const FieldCtx& c, FieldOut& o) {
  if (c.layer->truncated) return;
  rt_walk(
      c.pkt.data() + c.layer->offset, du::get<RtFields>(c).len,
      [&](uint32_t, uint32_t w, bool rtap_first) {
        if (Bit >= 29 || rtap_first) du::boolean(o, w >> Bit & 1);
      },
      [](int, const uint8_t*) {});
}

template <int Bit, class Emit>
void rt_field(const FieldCtx& c, Emit emit) {
  rt_each(c.pkt, *c.layer, Bit, emit);
}

template <uint8_t Mask>
void rt_flag(const FieldCtx& c, FieldOut& o) {
  rt_field<1>(c, [&](const uint8_t* v) { du::boolean(o, v[0] & Mask); });
}

template <uint16_t Mask>
void rt_chan_flag(const FieldCtx& c, FieldOut& o) {
  rt_field<3>(c, [&](const uint8_t* v) { du::boolean(o, load_le16(v + 2) & Mask); });
}

// FT_FLOAT as tshark prints a rate in Mb/s ("5.5", "54").
void rate(FieldOut& o, uint32_t half_mbps) {
  char b[16];
  int n = half_mbps & 1 ? std::snprintf(b, sizeof b, "%u.5", half_mbps / 2) : std::snprintf(b, sizeof b, "%u", half_mbps / 2);
  o.value(std::string_view(b, n > 0 ? size_t(n) : 0));
}

// An 802.11n rate from radiotap's MCS field (known, flags, index): the
// index's rate per spatial stream at 20 or 40 MHz, times the streams, times
// 10/9 with the short guard interval. `need` is the known bits the caller
// requires (tshark: index, bandwidth and guard interval for radiotap's
// rate; index and bandwidth for wlan_radio's).
bool mcs_rate(const uint8_t* m, uint8_t need, double& mbps) {
  static constexpr double k20[8] = {6.5, 13, 19.5, 26, 39, 52, 58.5, 65};
  if ((m[0] & need) != need || m[2] > 31) return false;
  bool bw40 = (m[1] & 3) == 1;
  bool sgi = (m[0] & 0x04) && (m[1] & 0x04);
  mbps = k20[m[2] & 7] * (m[2] / 8 + 1) * (bw40 ? 108.0 / 52.0 : 1.0) * (sgi ? 10.0 / 9.0 : 1.0);
  return true;
}

// ---------------------------------------------------------------- wlan_radio

void decode_wlan_radio(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  layer.hdr_len = 0;
  layer.payload_len = in.claimed;
  res.next_proto = Proto::Wlan;
}

// What Wireshark's wlan_radio takes from radiotap.
struct Radio {
  bool ok = false;
  int16_t rate = -1;        // first rate field (500 kb/s)
  const uint8_t* mcs = nullptr;
  bool vht = false, he = false;
  int32_t chan_flags = -1;  // first channel field
  uint16_t freq = 0;
  int16_t flags = -1;
  bool has_signal = false, has_noise = false;
  int8_t signal = 0, noise = 0;  // the last of each
};

Radio radio_of(const FieldCtx& c) {
  Radio r;
  int idx = -1;
  const RtFields* f = radiotap_below(c.pkt, int(c.layer - c.pkt.layers), idx);
  if (!f) return r;
  r.ok = true;
  const Layer& l = c.pkt.layers[idx];
  rt_walk(
      c.pkt.data() + l.offset, f->len, [](uint32_t, uint32_t, bool) {},
      [&](int b, const uint8_t* v) {
        switch (b) {
          case 1: if (r.flags < 0) r.flags = v[0]; break;
          case 2: if (r.rate < 0) r.rate = v[0]; break;
          case 3:
            if (r.chan_flags < 0) {
              r.freq = load_le16(v);
              r.chan_flags = load_le16(v + 2);
            }
            break;
          case 5: r.has_signal = true; r.signal = int8_t(v[0]); break;
          case 6: r.has_noise = true; r.noise = int8_t(v[0]); break;
          case 19: if (!r.mcs && (v[0] & 0x02)) r.mcs = v; break;  // (only with a known index)
          case 21: r.vht = true; break;
          case 23: r.he = true; break;
          default: break;
        }
      });
  return r;
}

bool dsss_rate(int16_t rate) { return rate == 2 || rate == 4 || rate == 11 || rate == 22; }

// Wireshark's PHY type: 802.11ax with HE, ac with VHT, n with MCS; else
// from the channel flags (FHSS 1, DSSS 3, b 4, a 5, g 6, turbo a/g), where
// 11g at a DSSS rate is 11b; with no known flags, from the rate (DSSS: b)
// and the band (2.4 GHz: g, 5 GHz: a). 0: unknown.
int phy_of(const Radio& r) {
  if (r.he) return 11;
  if (r.vht) return 8;
  if (r.mcs) return 7;
  int phy = 0;
  if (r.chan_flags >= 0) {
    switch (r.chan_flags & 0x0df0) {
      case 0x0880: phy = 1; break;           // FHSS
      case 0x0080: phy = 3; break;           // DSSS
      case 0x0140: case 0x0150: phy = 5; break;  // A, turbo A
      case 0x00a0: phy = 4; break;           // B
      case 0x00c0: case 0x0480: case 0x00d0: phy = 6; break;  // pure G, G, turbo G
      default: break;
    }
  }
  if (phy == 6 && dsss_rate(r.rate)) return 4;
  if (phy) return phy;
  if (dsss_rate(r.rate)) return 4;
  if (r.rate >= 0 && r.freq >= 2400 && r.freq < 2500) return 6;
  if (r.rate >= 0 && r.freq >= 4900 && r.freq < 6000) return 5;
  return 0;
}

int channel_of(uint16_t mhz) {
  if (mhz == 2484) return 14;
  if (mhz >= 2412 && mhz < 2484) return (mhz - 2407) / 5;
  if (mhz >= 5000 && mhz < 5950) return (mhz - 5000) / 5;
  if (mhz >= 4900 && mhz < 5000) return (mhz - 4000) / 5;
  return -1;
}

// ---------------------------------------------------------------- 802.11

struct WlanFields {
  uint8_t type, subtype, flags;
  uint8_t naddr;      // addresses present (1..4)
  bool has_seq, has_qos, fcs, body;
  uint8_t iv;         // protected data: the IV header's length (8 CCMP/TKIP, 4 WEP)
  uint8_t version;    // a protocol version other than 0: only the info is shown
  uint16_t hdr;       // MAC header length (with radiotap's data padding)
  uint32_t end;       // end of the frame body (before the FCS), layer-relative
  uint16_t tags;      // management: where the tagged parameters start (0: none)
};

bool is_null_data(uint8_t st) { return st >= 4 && st != 8 && st != 9 && st != 10 && st != 11; }

// Management frames' fixed parameters, by subtype (bytes before the tags;
// -1: no tagged parameters are parsed).
int fixed_len(uint8_t st) {
  switch (st) {
    case 0: return 4;
    case 1: case 3: return 6;
    case 2: return 10;
    case 4: return 0;
    case 5: case 6: case 8: return 12;
    case 10: case 12: return 2;
    case 11: return 6;
    default: return -1;
  }
}

void decode_wlan(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& w = layer.as<WlanFields>();
  w = {};
  const uint8_t* p = in.frame + in.offset;
  uint32_t n = du::min32(in.avail, in.claimed);
  int rt = -1;
  bool datapad = false;
  if (const RtFields* r = radiotap_below(*in.pkt, in.self, rt); r && r->flags >= 0) {
    w.fcs = r->flags & 0x10;
    datapad = r->flags & 0x20;  // the MAC header is padded to 4 bytes
  }
  if (n >= 1) {
    w.type = (p[0] >> 2) & 3;
    w.subtype = p[0] >> 4;
  }
  if (n < 2) return du::truncated(in, layer, res, "truncated_wlan_header");
  if (p[0] & 3) {  // a protocol version tshark does not know: nothing more is decoded
    w.version = p[0] & 3;
    layer.hdr_len = n;
    layer.payload_len = 0;
    return;
  }
  w.type = (p[0] >> 2) & 3;
  w.subtype = p[0] >> 4;
  w.flags = p[1];
  uint32_t hdr;
  if (w.type == 1) {  // control: addresses by subtype
    switch (w.subtype) {
      case 0: case 1: case 7: case 12: case 13: w.naddr = 1; break;  // (7: control wrapper, 12 CTS, 13 ACK)
      default: w.naddr = 2; break;
    }
    hdr = 4 + 6u * w.naddr;
  } else {
    w.naddr = (w.type == 2 && (w.flags & 3) == 3) ? 4 : 3;
    w.has_seq = true;
    w.has_qos = w.type == 2 && (w.subtype & 8);
    hdr = 24 + (w.naddr == 4 ? 6 : 0) + (w.has_qos ? 2 : 0);
    if ((w.flags & 0x80) && (w.has_qos || w.type == 0)) hdr += 4;  // HT control
  }
  uint32_t end = n;
  if (w.fcs) {
    if (in.claimed < hdr + 4) return du::truncated(in, layer, res, "truncated_wlan_header");
    end = du::min32(n, in.claimed - 4);
  }
  if (end < hdr) return du::truncated(in, layer, res, "truncated_wlan_header");
  if (datapad && w.type != 1) {  // data and management headers padded to 4 bytes
    hdr = (hdr + 3) & ~3u;
    if (end < hdr) return du::truncated(in, layer, res, "truncated_wlan_header");
  }
  w.hdr = uint16_t(hdr);
  w.end = end;
  layer.hdr_len = hdr;
  layer.payload_len = (w.fcs ? in.claimed - 4 : in.claimed) - hdr;
  bool data_body = w.type == 2 && !is_null_data(w.subtype);
  if ((w.flags & 0x40) && (w.type == 0 || data_body)) {
    // Protected (data, or management with PMF): the CCMP/TKIP header (8
    // bytes, Ext IV set) or WEP's IV (4 bytes, and a 4-byte ICV at the
    // end) belong to 802.11; the rest is encrypted bytes.
    w.body = true;
    uint32_t body = end - hdr;
    bool ext = body >= 4 && (p[hdr + 3] & 0x20);
    uint32_t iv = ext ? 8 : 4, icv = ext ? 0 : 4;
    if (body < iv + icv) {
      layer.hdr_len = end;
      layer.payload_len = 0;
      return;
    }
    w.iv = uint8_t(iv);
    layer.hdr_len = hdr + iv;
    layer.payload_len = layer.payload_len - iv - icv;
    return;
  }
  if (w.type == 0) {
    int fx = fixed_len(w.subtype);
    layer.hdr_len = end;  // the whole body is 802.11's
    layer.payload_len = 0;
    if (fx >= 0 && hdr + uint32_t(fx) <= end) w.tags = uint16_t(hdr + fx);
    return;
  }
  if (data_body) {
    w.body = true;
    uint32_t qos = w.naddr == 4 ? 30 : 24;  // (the QoS byte: A-MSDU bit)
    if (!(w.has_qos && (p[qos] & 0x80)))
      res.next_proto = Proto::Llc;  // (A-MSDU bodies stay bytes)
    return;
  }
  layer.hdr_len = end;
  layer.payload_len = 0;
}

const uint8_t* wbytes(const FieldCtx& c) { return c.pkt.data() + c.layer->offset; }
bool whole(const FieldCtx& c) {
  return !c.layer->truncated && (c.layer->proto != Proto::Wlan || !c.layer->as<WlanFields>().version);
}
// The MAC header's bytes [0, end) were captured (a cut header shows the
// fields before the cut, as tshark).
bool has(const FieldCtx& c, uint32_t end) { return !du::get<WlanFields>(c).version && du::has(c, end); }

// Calls fn(number, value, length) for each tagged parameter.
template <class Fn>
void each_tag(const FieldCtx& c, Fn fn) {
  const auto& w = du::get<WlanFields>(c);
  if (c.layer->truncated || !w.tags) return;
  const uint8_t* p = wbytes(c);
  uint32_t end = du::min32(w.end, c.pkt.caplen() - c.layer->offset);
  for (uint32_t at = w.tags; at + 2 <= end;) {
    uint8_t len = p[at + 1];
    if (at + 2 + len > end) return;
    fn(p[at], p + at + 2, len);
    at += 2u + len;
  }
}

const char* subtype_name(uint8_t type, uint8_t st) {
  static const char* const kMgmt[16] = {
      "Association Request", "Association Response", "Reassociation Request", "Reassociation Response",
      "Probe Request", "Probe Response", "Measurement Pilot", nullptr, "Beacon frame", "ATIM", "Disassociate",
      "Authentication", "Deauthentication", "Action", "Action No Ack", "Aruba Management"};
  static const char* const kCtl[16] = {
      nullptr, nullptr, nullptr, nullptr, "Beamforming Report Poll", "VHT/HE NDP Announcement", nullptr,
      "Control Wrapper", "802.11 Block Ack Req", "802.11 Block Ack", "Power-Save poll", "Request-to-send",
      "Clear-to-send", "Acknowledgement", "CF-End (Control-frame)", "CF-End + CF-Ack (Control-frame)"};
  static const char* const kData[16] = {
      "Data", "Data + CF-Ack", "Data + CF-Poll", "Data + CF-Ack + CF-Poll", "Null function (No data)",
      "Acknowledgement (No data)", "CF-Poll (No data)", "CF-Ack/Poll (No data)", "QoS Data",
      "QoS Data + CF-Acknowledgment", "QoS Data + CF-Poll", "QoS Data + CF-Ack + CF-Poll",
      "QoS Null function (No data)", nullptr, "QoS CF-Poll (No Data)", "QoS CF-Ack + CF-Poll (No data)"};
  const char* const* t = type == 0 ? kMgmt : type == 1 ? kCtl : type == 2 ? kData : nullptr;
  return t ? t[st & 15] : nullptr;
}

// tshark quotes an SSID of printable UTF-8 and shows any other in hex.
bool ssid_printable(const uint8_t* v, uint8_t n) {
  for (uint32_t i = 0; i < n;) {
    uint8_t b = v[i];
    if (b >= 0x20 && b < 0x7f) {
      ++i;
      continue;
    }
    int extra = (b & 0xe0) == 0xc0 ? 1 : (b & 0xf0) == 0xe0 ? 2 : (b & 0xf8) == 0xf0 ? 3 : -1;
    if (extra < 0 || i + uint32_t(extra) >= n) return false;
    for (int k = 1; k <= extra; ++k)
      if ((v[i + k] & 0xc0) != 0x80) return false;
    i += 1 + extra;
  }
  return true;
}

void info_wlan(const FieldCtx& c, TextOut& o) {
  const auto& w = du::get<WlanFields>(c);
  const uint8_t* p = wbytes(c);
  app::Text<512> t;
  if (c.layer->truncated) {  // a cut header: its name, as tshark
    if (c.layer->hdr_len >= 1 && !w.version) {
      const char* name = subtype_name(w.type, w.subtype);
      t.s(name ? name : "Unrecognized (Reserved frame)");
      t.to(o);
    }
    return;
  }
  if (w.version) {
    t.s("Unknown protocol version: ").d(w.version);
    t.to(o);
    return;
  }
  const char* name = subtype_name(w.type, w.subtype);
  t.s(name ? name : "Unrecognized (Reserved frame)");
  if (w.has_seq) {
    uint16_t sc = load_le16(p + 22);
    t.s(", SN=").d(sc >> 4).s(", FN=").d(sc & 15);
  }
  static constexpr char kFlags[] = "opmPRMFT";
  char fl[9];
  for (int i = 0; i < 8; ++i) fl[i] = (w.flags >> (7 - i) & 1) ? kFlags[i] : '.';
  fl[8] = 'C';
  t.s(", Flags=").s(std::string_view(fl, w.fcs ? 9 : 8));
  if (w.type == 0 && (w.subtype == 5 || w.subtype == 6 || w.subtype == 8) && w.tags)
    t.s(", BI=").d(load_le16(p + w.hdr + 8));
  bool ssid = false;
  each_tag(c, [&](uint8_t num, const uint8_t* v, uint8_t len) {
    if (num != 0 || ssid) return;
    ssid = true;
    t.s(", SSID=");
    if (len == 0) {
      t.s("Wildcard (Broadcast)");
      return;
    }
    if (ssid_printable(v, len)) {
      t.s("\"");
      t.s(std::string_view(reinterpret_cast<const char*>(v), len));
      t.s("\"");
    } else {
      char hx[2 * 255];
      t.s(std::string_view(hx, fmt::hexbytes(hx, v, len, 0)));
    }
  });
  t.to(o);
}

// The address fields: which of the frame's addresses each names (1-4; 0:
// none), by type, subtype and DS bits.
enum AddrRole { kRa, kTa, kDa, kSa, kBssid, kStaa };

int addr_index(const WlanFields& w, AddrRole r) {
  if (w.type == 1) {
    if (r == kRa) return 1;
    if (w.naddr < 2) return 0;
    if (w.subtype == 10) return r == kBssid ? 1 : r == kTa ? 2 : 0;  // PS-Poll
    if (w.subtype == 14) return r == kBssid ? 2 : 0;  // CF-End
    return r == kTa ? 2 : 0;
  }
  int ds = w.type == 2 ? (w.flags & 3) : 0;
  switch (r) {
    case kRa: return 1;
    case kTa: return 2;
    case kDa: return ds == 0 || ds == 2 ? 1 : 3;
    case kSa: return ds == 0 || ds == 1 ? 2 : ds == 2 ? 3 : 4;
    case kBssid: return ds == 0 ? 3 : ds == 1 ? 1 : ds == 2 ? 2 : 0;
    case kStaa: return ds == 1 ? 2 : ds == 2 ? 1 : 0;
  }
  return 0;
}

const uint8_t* addr_bytes(const FieldCtx& c, int i) {
  const auto& w = du::get<WlanFields>(c);
  if (i == 0 || i > w.naddr) return nullptr;
  uint32_t off = i == 4 ? 24 : 4 + 6u * uint32_t(i - 1);
  return has(c, off + 6) ? wbytes(c) + off : nullptr;
}

template <AddrRole R>
void wlan_addr(const FieldCtx& c, FieldOut& o) {
  if (const uint8_t* a = addr_bytes(c, addr_index(du::get<WlanFields>(c), R))) o.value(fmt::mac(a));
}

template <uint8_t Mask>
void fc_flag(const FieldCtx& c, FieldOut& o) {
  if (has(c, 2)) du::boolean(o, du::get<WlanFields>(c).flags & Mask);
}

// A fixed parameter at `off` bytes into a management body, for subtypes
// whose fixed part has it.
template <uint32_t Off, uint32_t N, int Digits, uint64_t Mask = 0>
void fixed(const FieldCtx& c, FieldOut& o) {
  const auto& w = du::get<WlanFields>(c);
  if (c.layer->truncated || w.type != 0 || !w.tags || w.hdr + Off + N > w.tags) return;
  const uint8_t* p = wbytes(c) + w.hdr + Off;
  uint64_t v = 0;
  for (int i = int(N) - 1; i >= 0; --i) v = v << 8 | p[i];  // little endian
  if constexpr (Mask != 0) v &= Mask;
  if (Digits) du::hex(o, v, Digits);
  else du::dec(o, v);
}

template <uint8_t... Subtypes>
bool mgmt_is(const FieldCtx& c) {
  const auto& w = du::get<WlanFields>(c);
  return w.type == 0 && ((w.subtype == Subtypes) || ...);
}

}  // namespace

void wlan_columns(const DecodedPacket& d, const Layer& wlan, char* src, size_t& src_len, char* dst, size_t& dst_len) {
  FieldCtx c{d, &wlan};
  const auto& w = wlan.as<WlanFields>();
  src_len = dst_len = 0;
  auto put = [](char* buf, size_t& len, const uint8_t* mac, const char* role) {
    if (!mac) return;
    len = fmt::mac(buf, mac);
    if (!role) return;
    size_t n = std::strlen(role);
    std::memcpy(buf + len, role, n);
    len += n;
  };
  if (w.type != 1) {
    put(src, src_len, addr_bytes(c, addr_index(w, kSa)), nullptr);
    put(dst, dst_len, addr_bytes(c, addr_index(w, kDa)), nullptr);
    return;
  }
  if (int ta = addr_index(w, kTa)) put(src, src_len, addr_bytes(c, ta), " (TA)");
  else if (int bs = addr_index(w, kBssid); bs == 2) put(src, src_len, addr_bytes(c, bs), " (BSSID)");
  if (w.subtype == 10) put(dst, dst_len, addr_bytes(c, addr_index(w, kBssid)), " (BSSID)");
  else put(dst, dst_len, addr_bytes(c, addr_index(w, kRa)), " (RA)");
}

void register_wlan(Registry& r) {
  r.add_proto({Proto::Radiotap, "radiotap", "Radiotap", decode_radiotap, nullptr});
  r.add_dispatch(Table::LinkType, linktype::kRadiotap, Proto::Radiotap);
  r.add_field({"radiotap.version", Proto::Radiotap, du::when<whole, du::uint_at<0, 1>>});
  r.add_field({"radiotap.pad", Proto::Radiotap, du::when<whole, du::uint_at<1, 1>>});
  r.add_field({"radiotap.length", Proto::Radiotap, [](const FieldCtx& c, FieldOut& o) {
                 if (whole(c)) du::dec(o, du::get<RtFields>(c).len);
               }});
  r.add_field({"radiotap.present.word", Proto::Radiotap, [](const FieldCtx& c, FieldOut& o) {
                 if (!whole(c)) return;
                 for (uint32_t i = 0; i < du::get<RtFields>(c).nwords; ++i) du::hex(o, load_le32(wbytes(c) + 4 + 4 * i), 8);
               }});
  r.add_field({"radiotap.present.tsft", Proto::Radiotap, rt_present<0>});
  r.add_field({"radiotap.present.flags", Proto::Radiotap, rt_present<1>});
  r.add_field({"radiotap.present.rate", Proto::Radiotap, rt_present<2>});
  r.add_field({"radiotap.present.channel", Proto::Radiotap, rt_present<3>});
  r.add_field({"radiotap.present.dbm_antsignal", Proto::Radiotap, rt_present<5>});
  r.add_field({"radiotap.present.dbm_antnoise", Proto::Radiotap, rt_present<6>});
  r.add_field({"radiotap.present.antenna", Proto::Radiotap, rt_present<11>});
  r.add_field({"radiotap.present.rxflags", Proto::Radiotap, rt_present<14>});
  r.add_field({"radiotap.present.mcs", Proto::Radiotap, rt_present<19>});
  r.add_field({"radiotap.present.ampdu", Proto::Radiotap, rt_present<20>});
  r.add_field({"radiotap.present.vht", Proto::Radiotap, rt_present<21>});
  r.add_field({"radiotap.present.rtap_ns", Proto::Radiotap, rt_present<29>});
  r.add_field({"radiotap.present.vendor_ns", Proto::Radiotap, rt_present<30>});
  r.add_field({"radiotap.present.ext", Proto::Radiotap, rt_present<31>});
  r.add_field({"radiotap.mactime", Proto::Radiotap, [](const FieldCtx& c, FieldOut& o) {
                 rt_field<0>(c, [&](const uint8_t* v) { du::dec(o, load_le64(v)); });
               }});
  r.add_field({"radiotap.flags", Proto::Radiotap, [](const FieldCtx& c, FieldOut& o) {
                 rt_field<1>(c, [&](const uint8_t* v) { du::hex(o, v[0], 2); });
               }});
  r.add_field({"radiotap.flags.cfp", Proto::Radiotap, rt_flag<0x01>});
  r.add_field({"radiotap.flags.preamble", Proto::Radiotap, rt_flag<0x02>});
  r.add_field({"radiotap.flags.wep", Proto::Radiotap, rt_flag<0x04>});
  r.add_field({"radiotap.flags.frag", Proto::Radiotap, rt_flag<0x08>});
  r.add_field({"radiotap.flags.fcs", Proto::Radiotap, rt_flag<0x10>});
  r.add_field({"radiotap.flags.datapad", Proto::Radiotap, rt_flag<0x20>});
  r.add_field({"radiotap.flags.badfcs", Proto::Radiotap, rt_flag<0x40>});
  r.add_field({"radiotap.flags.shortgi", Proto::Radiotap, rt_flag<0x80>});
  // Every rate field, and an MCS field's rate (index, bandwidth and guard
  // interval known), in header order.
  r.add_field({"radiotap.datarate", Proto::Radiotap, [](const FieldCtx& c, FieldOut& o) {
                 if (c.layer->truncated) return;
                 rt_walk(
                     c.pkt.data() + c.layer->offset, du::get<RtFields>(c).len, [](uint32_t, uint32_t, bool) {},
                     [&](int b, const uint8_t* v) {
                       double mbps;
                       if (b == 2) rate(o, v[0]);
                       else if (b == 19 && mcs_rate(v, 0x07, mbps)) du::dbl(o, mbps);
                     });
               }});
  r.add_field({"radiotap.channel.freq", Proto::Radiotap, [](const FieldCtx& c, FieldOut& o) {
                 rt_field<3>(c, [&](const uint8_t* v) { du::dec(o, load_le16(v)); });
               }});
  r.add_field({"radiotap.channel.flags", Proto::Radiotap, [](const FieldCtx& c, FieldOut& o) {
                 rt_field<3>(c, [&](const uint8_t* v) { du::hex(o, load_le16(v + 2), 4); });
               }});
  r.add_field({"radiotap.channel.flags.turbo", Proto::Radiotap, rt_chan_flag<0x0010>});
  r.add_field({"radiotap.channel.flags.cck", Proto::Radiotap, rt_chan_flag<0x0020>});
  r.add_field({"radiotap.channel.flags.ofdm", Proto::Radiotap, rt_chan_flag<0x0040>});
  r.add_field({"radiotap.channel.flags.2ghz", Proto::Radiotap, rt_chan_flag<0x0080>});
  r.add_field({"radiotap.channel.flags.5ghz", Proto::Radiotap, rt_chan_flag<0x0100>});
  r.add_field({"radiotap.channel.flags.passive", Proto::Radiotap, rt_chan_flag<0x0200>});
  r.add_field({"radiotap.channel.flags.dynamic", Proto::Radiotap, rt_chan_flag<0x0400>});
  r.add_field({"radiotap.channel.flags.gfsk", Proto::Radiotap, rt_chan_flag<0x0800>});
  r.add_field({"radiotap.dbm_antsignal", Proto::Radiotap, [](const FieldCtx& c, FieldOut& o) {
                 rt_field<5>(c, [&](const uint8_t* v) { o.value(fmt::sdec(int8_t(v[0]))); });
               }});
  r.add_field({"radiotap.dbm_antnoise", Proto::Radiotap, [](const FieldCtx& c, FieldOut& o) {
                 rt_field<6>(c, [&](const uint8_t* v) { o.value(fmt::sdec(int8_t(v[0]))); });
               }});
  r.add_field({"radiotap.antenna", Proto::Radiotap, [](const FieldCtx& c, FieldOut& o) {
                 rt_field<11>(c, [&](const uint8_t* v) { du::dec(o, v[0]); });
               }});

  r.add_proto({Proto::WlanRadio, "wlan_radio", "802.11 Radio", decode_wlan_radio, nullptr});
  r.add_field({"wlan_radio.phy", Proto::WlanRadio, [](const FieldCtx& c, FieldOut& o) {
                 if (int phy = phy_of(radio_of(c))) du::dec(o, uint32_t(phy));
               }});
  r.add_field({"wlan_radio.short_preamble", Proto::WlanRadio, [](const FieldCtx& c, FieldOut& o) {
                 Radio rd = radio_of(c);
                 int phy = phy_of(rd);  // (802.11b only, in tshark 4.0)
                 if (phy == 4 && rd.flags >= 0) du::boolean(o, rd.flags & 0x02);
               }});
  r.add_field({"wlan_radio.data_rate", Proto::WlanRadio, [](const FieldCtx& c, FieldOut& o) {
                 Radio rd = radio_of(c);
                 double mbps;
                 if (rd.mcs && mcs_rate(rd.mcs, 0x03, mbps)) du::dbl(o, mbps);
                 else if (rd.rate >= 0) rate(o, uint32_t(rd.rate));
               }});
  r.add_field({"wlan_radio.channel", Proto::WlanRadio, [](const FieldCtx& c, FieldOut& o) {
                 Radio rd = radio_of(c);
                 if (rd.freq && channel_of(rd.freq) >= 0) du::dec(o, uint32_t(channel_of(rd.freq)));
               }});
  r.add_field({"wlan_radio.frequency", Proto::WlanRadio, [](const FieldCtx& c, FieldOut& o) {
                 if (uint16_t f = radio_of(c).freq) du::dec(o, f);
               }});
  r.add_field({"wlan_radio.signal_dbm", Proto::WlanRadio, [](const FieldCtx& c, FieldOut& o) {
                 Radio rd = radio_of(c);
                 if (rd.has_signal) o.value(fmt::sdec(rd.signal));
               }});
  r.add_field({"wlan_radio.noise_dbm", Proto::WlanRadio, [](const FieldCtx& c, FieldOut& o) {
                 Radio rd = radio_of(c);
                 if (rd.has_noise) o.value(fmt::sdec(rd.noise));
               }});

  r.add_proto({Proto::Wlan, "wlan", "802.11", decode_wlan, info_wlan});
  r.add_dispatch(Table::LinkType, linktype::kIeee80211, Proto::Wlan);
  r.add_field({"wlan.fc.type_subtype", Proto::Wlan, [](const FieldCtx& c, FieldOut& o) {
                 const auto& w = du::get<WlanFields>(c);
                 if (has(c, 2)) du::hex(o, uint32_t(w.type) << 4 | w.subtype, 4);
               }});
  r.add_field({"wlan.fc", Proto::Wlan, [](const FieldCtx& c, FieldOut& o) {
                 if (has(c, 2)) du::hex(o, uint32_t(wbytes(c)[0]) << 8 | wbytes(c)[1], 4);
               }});
  r.add_field({"wlan.fc.version", Proto::Wlan, [](const FieldCtx& c, FieldOut& o) {
                 if (has(c, 2)) du::dec(o, wbytes(c)[0] & 3);
               }});
  r.add_field({"wlan.fc.type", Proto::Wlan, [](const FieldCtx& c, FieldOut& o) {
                 if (has(c, 2)) du::dec(o, du::get<WlanFields>(c).type);
               }});
  r.add_field({"wlan.fc.subtype", Proto::Wlan, [](const FieldCtx& c, FieldOut& o) {
                 if (has(c, 2)) du::dec(o, du::get<WlanFields>(c).subtype);
               }});
  r.add_field({"wlan.flags", Proto::Wlan, [](const FieldCtx& c, FieldOut& o) {
                 if (has(c, 2)) du::hex(o, du::get<WlanFields>(c).flags, 2);
               }});
  r.add_field({"wlan.fc.ds", Proto::Wlan, [](const FieldCtx& c, FieldOut& o) {
                 if (has(c, 2)) du::hex(o, du::get<WlanFields>(c).flags & 3, 2);
               }});
  r.add_field({"wlan.fc.tods", Proto::Wlan, fc_flag<0x01>});
  r.add_field({"wlan.fc.fromds", Proto::Wlan, fc_flag<0x02>});
  r.add_field({"wlan.fc.frag", Proto::Wlan, fc_flag<0x04>});
  r.add_field({"wlan.fc.retry", Proto::Wlan, fc_flag<0x08>});
  r.add_field({"wlan.fc.pwrmgt", Proto::Wlan, fc_flag<0x10>});
  r.add_field({"wlan.fc.moredata", Proto::Wlan, fc_flag<0x20>});
  r.add_field({"wlan.fc.protected", Proto::Wlan, fc_flag<0x40>});
  r.add_field({"wlan.fc.order", Proto::Wlan, fc_flag<0x80>});
  r.add_field({"wlan.duration", Proto::Wlan, [](const FieldCtx& c, FieldOut& o) {
                 if (has(c, 4)) du::dec(o, load_le16(wbytes(c) + 2) & 0x7fff);
               }});
  r.add_field({"wlan.ra", Proto::Wlan, wlan_addr<kRa>});
  r.add_field({"wlan.da", Proto::Wlan, wlan_addr<kDa>});
  r.add_field({"wlan.ta", Proto::Wlan, wlan_addr<kTa>});
  r.add_field({"wlan.sa", Proto::Wlan, wlan_addr<kSa>});
  r.add_field({"wlan.bssid", Proto::Wlan, wlan_addr<kBssid>});
  r.add_field({"wlan.staa", Proto::Wlan, wlan_addr<kStaa>});
  // Every address of the frame, in tshark's order (a fourth one before the third).
  r.add_field({"wlan.addr", Proto::Wlan, [](const FieldCtx& c, FieldOut& o) {
                 const auto& w = du::get<WlanFields>(c);
                 static constexpr int kOrder3[] = {1, 2, 3}, kOrder4[] = {1, 2, 4, 3};
                 const int* ord = w.naddr == 4 ? kOrder4 : kOrder3;
                 for (int i = 0; i < (w.naddr == 4 ? 4 : w.naddr); ++i)
                   if (const uint8_t* a = addr_bytes(c, ord[i])) o.value(fmt::mac(a));
               }});
  r.add_field({"wlan.seq", Proto::Wlan, [](const FieldCtx& c, FieldOut& o) {
                 if (has(c, 24) && du::get<WlanFields>(c).has_seq) du::dec(o, load_le16(wbytes(c) + 22) >> 4);
               }});
  r.add_field({"wlan.frag", Proto::Wlan, [](const FieldCtx& c, FieldOut& o) {
                 if (has(c, 24) && du::get<WlanFields>(c).has_seq) du::dec(o, load_le16(wbytes(c) + 22) & 15);
               }});
  r.add_field({"wlan.qos", Proto::Wlan, [](const FieldCtx& c, FieldOut& o) {
                 const auto& w = du::get<WlanFields>(c);
                 if (w.has_qos && has(c, (w.naddr == 4 ? 30u : 24u) + 2)) du::hex(o, load_le16(wbytes(c) + (w.naddr == 4 ? 30 : 24)), 4);
               }});
  r.add_field({"wlan.qos.tid", Proto::Wlan, [](const FieldCtx& c, FieldOut& o) {
                 const auto& w = du::get<WlanFields>(c);
                 if (w.has_qos && has(c, (w.naddr == 4 ? 30u : 24u) + 2)) du::dec(o, wbytes(c)[w.naddr == 4 ? 30 : 24] & 15);
               }});
  r.add_field({"wlan.qos.priority", Proto::Wlan, [](const FieldCtx& c, FieldOut& o) {
                 const auto& w = du::get<WlanFields>(c);
                 if (w.has_qos && has(c, (w.naddr == 4 ? 30u : 24u) + 2)) du::dec(o, wbytes(c)[w.naddr == 4 ? 30 : 24] & 7);
               }});
  r.add_field({"wlan.fixed.timestamp", Proto::Wlan, du::when<mgmt_is<5, 6, 8>, fixed<0, 8, 0>>});
  r.add_field({"wlan.fixed.beacon", Proto::Wlan, du::when<mgmt_is<5, 6, 8>, fixed<8, 2, 0>>});
  r.add_field({"wlan.fixed.capabilities", Proto::Wlan, [](const FieldCtx& c, FieldOut& o) {
                 if (mgmt_is<5, 6, 8>(c)) fixed<10, 2, 4>(c, o);
                 else if (mgmt_is<0, 1, 2, 3>(c)) fixed<0, 2, 4>(c, o);
               }});
  r.add_field({"wlan.fixed.listen_ival", Proto::Wlan, du::when<mgmt_is<0, 2>, fixed<2, 2, 4>>});
  r.add_field({"wlan.fixed.current_ap", Proto::Wlan, [](const FieldCtx& c, FieldOut& o) {
                 const auto& w = du::get<WlanFields>(c);
                 if (mgmt_is<2>(c) && w.tags) o.value(fmt::mac(wbytes(c) + w.hdr + 4));
               }});
  r.add_field({"wlan.fixed.status_code", Proto::Wlan, [](const FieldCtx& c, FieldOut& o) {
                 if (mgmt_is<1, 3>(c)) fixed<2, 2, 4>(c, o);
                 else if (mgmt_is<11>(c)) fixed<4, 2, 4>(c, o);
               }});
  r.add_field({"wlan.fixed.aid", Proto::Wlan, du::when<mgmt_is<1, 3>, fixed<4, 2, 4, 0x3fff>>});
  r.add_field({"wlan.fixed.reason_code", Proto::Wlan, du::when<mgmt_is<10, 12>, fixed<0, 2, 4>>});
  r.add_field({"wlan.fixed.auth.alg", Proto::Wlan, du::when<mgmt_is<11>, fixed<0, 2, 0>>});
  r.add_field({"wlan.fixed.auth_seq", Proto::Wlan, du::when<mgmt_is<11>, fixed<2, 2, 4>>});
  r.add_field({"wlan.tag.number", Proto::Wlan, [](const FieldCtx& c, FieldOut& o) {
                 each_tag(c, [&](uint8_t num, const uint8_t*, uint8_t) { du::dec(o, num); });
               }});
  r.add_field({"wlan.tag.length", Proto::Wlan, [](const FieldCtx& c, FieldOut& o) {
                 each_tag(c, [&](uint8_t, const uint8_t*, uint8_t len) { du::dec(o, len); });
               }});
  r.add_field({"wlan.ssid", Proto::Wlan, [](const FieldCtx& c, FieldOut& o) {
                 bool first = true;  // tshark shows the first SSID element's only
                 each_tag(c, [&](uint8_t num, const uint8_t* v, uint8_t len) {
                   if (num != 0 || !first) return;
                   first = false;
                   if (len == 0) o.value("<MISSING>");  // what tshark prints for empty bytes
                   else du::hex_value(o, v, len);
                 });
               }});
  r.add_field({"wlan.supported_rates", Proto::Wlan, [](const FieldCtx& c, FieldOut& o) {
                 each_tag(c, [&](uint8_t num, const uint8_t* v, uint8_t len) {
                   if (num == 1)
                     for (uint8_t i = 0; i < len; ++i) du::hex(o, v[i], 2);
                 });
               }});
  r.add_field({"wlan.ds.current_channel", Proto::Wlan, [](const FieldCtx& c, FieldOut& o) {
                 each_tag(c, [&](uint8_t num, const uint8_t* v, uint8_t len) {
                   if (num == 3 && len >= 1) du::dec(o, v[0]);
                 });
               }});
  r.add_field({"wlan.fcs", Proto::Wlan, [](const FieldCtx& c, FieldOut& o) {
                 const auto& w = du::get<WlanFields>(c);
                 uint32_t at = c.layer->offset + w.end;
                 if (whole(c) && w.fcs && du::frame_has(c.pkt, at, 4)) du::hex(o, load_le32(c.pkt.data() + at), 8);
               }});
}

}  // namespace weir
