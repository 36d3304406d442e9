// SSH on TCP port 22, as tshark 4.0 shows it without keys: the version
// exchange ("SSH-2.0-..."), the binary packets of the key exchange
// (packet and padding length, message code; KEXINIT's name-lists; a group
// exchange request) and encrypted packets. One layer per SSH packet of a
// segment (consecutive layers are one dissector call: one frame.protocols
// step, infos joined as tshark joins them).
//
// Whether a packet is encrypted: tshark knows from the connection (after
// NEW KEYS); weir decides per packet, as a plain packet after NEW KEYS is
// a forgery: a plain binary packet has a length of 5 to 35000 bytes, the
// whole packet a multiple of 8 (the cipher block before keys exist) and
// 4 or more bytes of padding. An encrypted packet's length is either
// encrypted (random: one in ~10^6 passes) or, with encrypt-then-MAC and
// AES-GCM, leaves the whole packet 4 bytes off a multiple of 8.
//
// The StreamTracker adds tshark's per-connection state: the key exchange
// method the two KEXINITs agreed on names messages 30-34 (without it they
// are Diffie-Hellman's, as in tshark when it has not seen the KEXINITs);
// until the client's version line was seen the column says "SSH" and a
// segment's packets are one encrypted packet (ssh_as_encrypted); after a
// non-group key exchange tshark 4.0 shows encrypted packets bare.
#include "app_text.hpp"
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

enum SshKind : uint8_t { kVersion, kPlain, kEncrypted };

struct SshLayer {
  uint8_t kind;
  bool client;  // sent to port 22
  uint32_t len; // packet_length (plain packets)
  uint8_t pad, code;
};

bool plausible(const uint8_t* p, uint32_t n) {
  if (n < 6) return false;
  uint32_t len = load_be32(p);
  uint8_t pad = p[4];
  return len >= 5 && len <= 35000 && (len + 4) % 8 == 0 && pad >= 4 && pad < len;
}

void decode_ssh(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& s = layer.as<SshLayer>();
  s = {};
  // tshark's client is the side that sends to port 22.
  for (int i = in.self - 1; i >= 0; --i)
    if (in.pkt->layers[i].proto == Proto::Tcp) {
      s.client = in.pkt->layers[i].as<TcpFields>().dport == 22;
      break;
    }
  uint32_t n = du::min32(in.avail, in.claimed);
  const uint8_t* p = in.frame + in.offset;
  layer.payload_len = 0;
  res.stop = true;
  if (n == 0) {
    layer.hdr_len = 0;
    return;
  }
  uint32_t end = n;
  if (n >= 4 && std::memcmp(p, "SSH-", 4) == 0) {
    s.kind = kVersion;
    for (uint32_t i = 0; i < n; ++i)
      if (p[i] == '\n') {
        end = i + 1;
        break;
      }
  } else if (plausible(p, n)) {
    s.kind = kPlain;
    s.len = load_be32(p);
    s.pad = p[4];
    s.code = p[5];
    if (s.len + 4 < n) end = s.len + 4;
    else if (s.len + 4 > n) res.anomaly = "truncated_ssh_packet";
  } else {
    s.kind = kEncrypted;
  }
  layer.hdr_len = end;
  if (end < n) {
    layer.payload_len = n - end;
    res.stop = false;
    res.next_proto = Proto::Ssh;
  }
}

const char* kex_message(uint8_t code, uint8_t kex) {
  if (kex == SshKex::kGex) {
    switch (code) {
      case 30: return "Diffie-Hellman Group Exchange Request (Old)";
      case 31: return "Diffie-Hellman Group Exchange Group";
      case 32: return "Diffie-Hellman Group Exchange Init";
      case 33: return "Diffie-Hellman Group Exchange Reply";
      case 34: return "Diffie-Hellman Group Exchange Request";
      default: return nullptr;
    }
  }
  if (kex == SshKex::kEcdh) {
    if (code == 30) return "Elliptic Curve Diffie-Hellman Key Exchange Init";
    if (code == 31) return "Elliptic Curve Diffie-Hellman Key Exchange Reply";
    return nullptr;
  }
  if (code == 30) return "Diffie-Hellman Key Exchange Init";
  if (code == 31) return "Diffie-Hellman Key Exchange Reply";
  return nullptr;
}

const char* message_name(uint8_t code, uint8_t kex) {
  switch (code) {
    case 1: return "Disconnect";
    case 2: return "Ignore";
    case 3: return "Unimplemented";
    case 4: return "Debug";
    case 5: return "Service Request";
    case 6: return "Service Accept";
    case 7: return "Extension Information";
    case 20: return "Key Exchange Init";
    case 21: return "New Keys";
    case 50: return "User Authentication Request";
    case 51: return "User Authentication Failure";
    case 52: return "User Authentication Success";
    case 53: return "User Authentication Banner";
    case 80: return "Global Request";
    case 81: return "Request Success";
    case 82: return "Request Failure";
    case 90: return "Channel Open";
    case 91: return "Channel Open Confirmation";
    case 92: return "Channel Open Failure";
    case 93: return "Window Adjust";
    case 94: return "Channel Data";
    case 95: return "Channel Extended Data";
    case 96: return "Channel EOF";
    case 97: return "Channel Close";
    case 98: return "Channel Request";
    case 99: return "Channel Success";
    case 100: return "Channel Failure";
    default: break;
  }
  if (code >= 30 && code <= 49) return kex_message(code, kex);
  return nullptr;
}

// After a Diffie-Hellman or elliptic-curve key exchange (not a group
// exchange) tshark 4.0 shows an encrypted packet with no length, bytes or
// info text (measured: it does so for every cipher).
bool opaque(const FieldCtx& c) {
  return du::get<SshLayer>(c).kind == kEncrypted && (c.pkt.ssh_kex == SshKex::kDh || c.pkt.ssh_kex == SshKex::kEcdh);
}

bool first_of_run(const FieldCtx& c) {
  return c.layer == c.pkt.layers || (c.layer - 1)->proto != Proto::Ssh;
}

void info_ssh(const FieldCtx& c, TextOut& o) {
  const auto& s = du::get<SshLayer>(c);
  app::Text<512> t;
  if (first_of_run(c)) t.s(s.client ? "Client: " : "Server: ");
  const uint8_t* p = c.pkt.data() + c.layer->offset;
  uint32_t n = du::min32(c.layer->hdr_len, c.pkt.caplen() - c.layer->offset);
  switch (s.kind) {
    case kVersion: {
      while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r')) --n;
      t.s("Protocol (");
      app::append_text(t, p, n);
      t.s(")");
      break;
    }
    case kPlain: {
      const char* name = message_name(s.code, c.pkt.ssh_kex);
      if (name) t.s(name);
      else t.s("Unknown (").d(s.code).s(")");
      break;
    }
    default:
      if (!opaque(c)) t.s("Encrypted packet (len=").d(c.layer->hdr_len).s(")");
  }
  t.to(o);
}

void names_ssh(const FieldCtx& c, const char*&, const char*& display) {
  if (!c.pkt.ssh_v2) display = "SSH";
}

// KEXINIT: cookie (16 bytes at payload offset 1, i.e. layer offset 6),
// ten name-lists (uint32 length + text), first_kex_packet_follows, and 4
// reserved bytes. Calls fn(index, text, length) per name-list; returns the
// layer-relative offset after the last list, or 0 when one is cut.
template <class Fn>
uint32_t kexinit_lists(const FieldCtx& c, Fn fn) {
  const auto& s = du::get<SshLayer>(c);
  if (s.kind != kPlain || s.code != 20) return 0;
  uint32_t end = du::min32(c.layer->hdr_len, c.pkt.caplen() - c.layer->offset);
  end = du::min32(end, s.len + 4 - s.pad);  // the payload ends where the padding starts
  const uint8_t* p = c.pkt.data() + c.layer->offset;
  uint32_t at = 6 + 16;
  for (int i = 0; i < 10; ++i) {
    if (at + 4 > end) return 0;
    uint32_t len = load_be32(p + at);
    if (len > end - at - 4) return 0;
    fn(i, p + at + 4, len);
    at += 4 + len;
  }
  return at;
}

template <int Index>
void kex_list(const FieldCtx& c, FieldOut& o) {
  kexinit_lists(c, [&](int i, const uint8_t* v, uint32_t n) {
    if (i != Index) return;
    app::Text<4096> t;
    app::append_text(t, v, n);
    o.value(t.view());
  });
}

template <int Index>
void kex_list_length(const FieldCtx& c, FieldOut& o) {
  kexinit_lists(c, [&](int i, const uint8_t*, uint32_t n) {
    if (i == Index) du::dec(o, n);
  });
}

bool plain(const FieldCtx& c) { return du::get<SshLayer>(c).kind == kPlain; }
bool is_kexinit(const FieldCtx& c) { return plain(c) && du::get<SshLayer>(c).code == 20; }
bool is_gex_request(const FieldCtx& c) {
  return plain(c) && du::get<SshLayer>(c).code == 34 && c.pkt.ssh_kex == SshKex::kGex;
}

// The kex class of one algorithm name.
// tshark handles any method it does not know (sntrup761x25519, mlkem768x25519...)
// as Diffie-Hellman.
uint8_t kex_class(std::string_view a) {
  if (a == "diffie-hellman-group-exchange-sha1" || a == "diffie-hellman-group-exchange-sha256") return SshKex::kGex;
  if (a.starts_with("ecdh-sha2-") || a.starts_with("curve25519-sha256") || a.starts_with("curve448-sha512"))
    return SshKex::kEcdh;
  return SshKex::kDh;
}

bool list_has(std::string_view list, std::string_view name) {
  while (!list.empty()) {
    size_t comma = list.find(',');
    if (list.substr(0, comma) == name) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

bool ssh_kexinit(const DecodedPacket& d, const Layer& l, bool& client, std::string_view& kex_list) {
  if (l.proto != Proto::Ssh) return false;
  FieldCtx c{d, &l};
  bool got = false;
  kexinit_lists(c, [&](int i, const uint8_t* v, uint32_t n) {
    if (i != 0) return;
    kex_list = std::string_view(reinterpret_cast<const char*>(v), n);
    got = true;
  });
  client = l.as<SshLayer>().client;
  return got;
}

bool ssh_announces_v2(const DecodedPacket& d, const Layer& l) {
  if (l.proto != Proto::Ssh || l.as<SshLayer>().kind != kVersion || !l.as<SshLayer>().client) return false;
  uint32_t n = l.offset < d.caplen() ? du::min32(l.hdr_len, d.caplen() - l.offset) : 0;
  std::string_view v(reinterpret_cast<const char*>(d.data() + l.offset), n);
  return v.starts_with("SSH-2.") || v.starts_with("SSH-1.99");
}

uint8_t ssh_negotiate(std::string_view client_list, std::string_view server_list) {
  while (!client_list.empty()) {
    size_t comma = client_list.find(',');
    std::string_view a = client_list.substr(0, comma);
    if (list_has(server_list, a)) return kex_class(a);
    if (comma == std::string_view::npos) break;
    client_list.remove_prefix(comma + 1);
  }
  return SshKex::kUnknown;
}

void ssh_as_encrypted(DecodedPacket& d, int first) {
  while (first < d.nlayers && d.layers[first].proto == Proto::Ssh && d.layers[first].as<SshLayer>().kind == kVersion)
    ++first;  // version lines stay
  if (first >= d.nlayers || d.layers[first].proto != Proto::Ssh) return;
  Layer& l = d.layers[first];
  auto& s = l.as<SshLayer>();
  uint32_t end = l.hdr_len;
  for (int i = first + 1; i < d.nlayers && d.layers[i].proto == Proto::Ssh; ++i)
    end = d.layers[i].offset + d.layers[i].hdr_len - l.offset;
  s.kind = kEncrypted;
  l.hdr_len = end;
  l.payload_len = 0;
  d.nlayers = uint8_t(first + 1);
}

void register_ssh(Registry& r) {
  r.add_proto({Proto::Ssh, "ssh", "SSHv2", decode_ssh, info_ssh, names_ssh, true});
  r.add_dispatch(Table::TcpPort, 22, Proto::Ssh);
  r.add_field({"ssh.protocol", Proto::Ssh, [](const FieldCtx& c, FieldOut& o) {
                 if (du::get<SshLayer>(c).kind != kVersion) return;
                 const uint8_t* p = c.pkt.data() + c.layer->offset;
                 uint32_t n = du::min32(c.layer->hdr_len, c.pkt.caplen() - c.layer->offset);
                 while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r')) --n;
                 app::Text<1024> t;
                 app::append_text(t, p, n);
                 o.value(t.view());
               }});
  r.add_field({"ssh.direction", Proto::Ssh, [](const FieldCtx& c, FieldOut& o) {
                 if (first_of_run(c)) du::boolean(o, !du::get<SshLayer>(c).client);  // once per segment
               }});
  r.add_field({"ssh.packet_length", Proto::Ssh, du::when<plain, du::uint_at<0, 4>>});
  r.add_field({"ssh.padding_length", Proto::Ssh, du::when<plain, du::uint_at<4, 1>>});
  r.add_field({"ssh.message_code", Proto::Ssh, du::when<plain, du::uint_at<5, 1>>});
  r.add_field({"ssh.padding_string", Proto::Ssh, [](const FieldCtx& c, FieldOut& o) {
                 const auto& s = du::get<SshLayer>(c);
                 if (s.kind != kPlain || s.len + 4 > c.layer->hdr_len) return;
                 uint32_t at = c.layer->offset + s.len + 4 - s.pad;
                 if (du::frame_has(c.pkt, at, s.pad)) du::hex_value(o, c.pkt.data() + at, s.pad);
               }});
  r.add_field({"ssh.packet_length_encrypted", Proto::Ssh, [](const FieldCtx& c, FieldOut& o) {
                 if (du::get<SshLayer>(c).kind != kEncrypted || opaque(c) || c.layer->hdr_len <= 4) return;
                 if (du::frame_has(c.pkt, c.layer->offset, 4)) du::hex_value(o, c.pkt.data() + c.layer->offset, 4);
               }});
  r.add_field({"ssh.encrypted_packet", Proto::Ssh, [](const FieldCtx& c, FieldOut& o) {
                 if (du::get<SshLayer>(c).kind != kEncrypted || opaque(c) || c.layer->hdr_len <= 4) return;
                 uint32_t n = du::min32(c.layer->hdr_len, c.pkt.caplen() - c.layer->offset);
                 if (n > 4) du::hex_value(o, c.pkt.data() + c.layer->offset + 4, n - 4);
               }});
  r.add_field({"ssh.cookie", Proto::Ssh, [](const FieldCtx& c, FieldOut& o) {
                 if (is_kexinit(c) && c.layer->hdr_len >= 22 && du::frame_has(c.pkt, c.layer->offset + 6, 16))
                   du::hex_value(o, c.pkt.data() + c.layer->offset + 6, 16);
               }});
  r.add_field({"ssh.kex_algorithms_length", Proto::Ssh, kex_list_length<0>});
  r.add_field({"ssh.kex_algorithms", Proto::Ssh, kex_list<0>});
  r.add_field({"ssh.server_host_key_algorithms_length", Proto::Ssh, kex_list_length<1>});
  r.add_field({"ssh.server_host_key_algorithms", Proto::Ssh, kex_list<1>});
  r.add_field({"ssh.encryption_algorithms_client_to_server_length", Proto::Ssh, kex_list_length<2>});
  r.add_field({"ssh.encryption_algorithms_client_to_server", Proto::Ssh, kex_list<2>});
  r.add_field({"ssh.encryption_algorithms_server_to_client_length", Proto::Ssh, kex_list_length<3>});
  r.add_field({"ssh.encryption_algorithms_server_to_client", Proto::Ssh, kex_list<3>});
  r.add_field({"ssh.mac_algorithms_client_to_server_length", Proto::Ssh, kex_list_length<4>});
  r.add_field({"ssh.mac_algorithms_client_to_server", Proto::Ssh, kex_list<4>});
  r.add_field({"ssh.mac_algorithms_server_to_client_length", Proto::Ssh, kex_list_length<5>});
  r.add_field({"ssh.mac_algorithms_server_to_client", Proto::Ssh, kex_list<5>});
  r.add_field({"ssh.compression_algorithms_client_to_server_length", Proto::Ssh, kex_list_length<6>});
  r.add_field({"ssh.compression_algorithms_client_to_server", Proto::Ssh, kex_list<6>});
  r.add_field({"ssh.compression_algorithms_server_to_client_length", Proto::Ssh, kex_list_length<7>});
  r.add_field({"ssh.compression_algorithms_server_to_client", Proto::Ssh, kex_list<7>});
  r.add_field({"ssh.languages_client_to_server_length", Proto::Ssh, kex_list_length<8>});
  r.add_field({"ssh.languages_client_to_server", Proto::Ssh, kex_list<8>});
  r.add_field({"ssh.languages_server_to_client_length", Proto::Ssh, kex_list_length<9>});
  r.add_field({"ssh.languages_server_to_client", Proto::Ssh, kex_list<9>});
  r.add_field({"ssh.first_kex_packet_follows", Proto::Ssh, [](const FieldCtx& c, FieldOut& o) {
                 uint32_t at = kexinit_lists(c, [](int, const uint8_t*, uint32_t) {});
                 if (at && du::frame_has(c.pkt, c.layer->offset + at, 1) && at < c.layer->hdr_len)
                   du::dec(o, c.pkt.data()[c.layer->offset + at]);
               }});
  r.add_field({"ssh.kex.reserved", Proto::Ssh, [](const FieldCtx& c, FieldOut& o) {
                 uint32_t at = kexinit_lists(c, [](int, const uint8_t*, uint32_t) {});
                 if (at && at + 5 <= c.layer->hdr_len && du::frame_has(c.pkt, c.layer->offset + at + 1, 4))
                   du::hex_value(o, c.pkt.data() + c.layer->offset + at + 1, 4);
               }});
  r.add_field({"ssh.dh_gex.min", Proto::Ssh, du::when<is_gex_request, du::uint_at<6, 4>>});
  r.add_field({"ssh.dh_gex.nbits", Proto::Ssh, du::when<is_gex_request, du::uint_at<10, 4>>});
  r.add_field({"ssh.dh_gex.max", Proto::Ssh, du::when<is_gex_request, du::uint_at<14, 4>>});
}

}  // namespace weir
