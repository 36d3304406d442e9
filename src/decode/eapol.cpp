// IEEE 802.1X (EAPOL, EtherType 0x888e, on Ethernet and after 802.11's
// LLC) with what it carries, as tshark 4.0 shows it: EAP packets (code,
// identifier, type, identity, the Nak's desired types, the TLS-based
// methods' flags and length), and the RSN/WPA key descriptor of the
// 4-way and group handshakes ("Key (Message 1 of 4)"). tshark shows EAP
// inside the EAPOL step of frame.protocols, with its own column "EAP".
#include "app_text.hpp"
#include "decode_util.hpp"
#include "protocols.hpp"

namespace weir {
namespace {

struct EapolFields {
  uint8_t type;
  uint16_t len;     // EAPOL body length (header field)
  uint32_t end;     // end of the EAPOL body within the capture, layer-relative
};

void decode_eapol(const DecodeInput& in, Layer& layer, DecodeResult& res) {
  auto& f = layer.as<EapolFields>();
  f = {};
  if (!du::whole_message(in, layer, res, 4, "truncated_eapol")) return;
  const uint8_t* p = in.frame + in.offset;
  f.type = p[1];
  f.len = load_be16(p + 2);
  f.end = du::min32(layer.hdr_len, 4u + f.len);
  layer.hdr_len = f.end;  // bytes after the body are the link's padding
  if (f.type >= 4 && f.type != 5 && f.len) {  // an alert or announcement body: bytes
    layer.hdr_len = 4;
    layer.payload_len = f.len;
  }
}

const uint8_t* bytes(const FieldCtx& c) { return c.pkt.data() + c.layer->offset; }
const EapolFields& eapol(const FieldCtx& c) { return du::get<EapolFields>(c); }

// The body's bytes [off, off + n) (layer-relative) were captured.
bool in_body(const FieldCtx& c, uint32_t off, uint32_t n) { return !c.layer->truncated && off + n <= eapol(c).end; }

// ---------------------------------------------------------------- EAP

// EAP starts at offset 4: code, identifier, length, then for requests and
// responses the type and its data.
bool is_eap(const FieldCtx& c) { return eapol(c).type == 0 && in_body(c, 4, 4); }
uint8_t eap_code(const FieldCtx& c) { return bytes(c)[4]; }
bool eap_has_type(const FieldCtx& c) { return is_eap(c) && (eap_code(c) == 1 || eap_code(c) == 2) && in_body(c, 8, 1); }
uint8_t eap_type(const FieldCtx& c) { return bytes(c)[8]; }
// The end of the EAP packet (its length field, within the EAPOL body).
uint32_t eap_end(const FieldCtx& c) { return du::min32(eapol(c).end, 4u + load_be16(bytes(c) + 6)); }

bool tls_based(uint8_t t) { return t == 13 || t == 21 || t == 25 || t == 43; }

// The flags byte of a TLS-based method (EAP-TLS, TTLS, PEAP, FAST).
bool tls_flags(const FieldCtx& c, uint8_t& f) {
  if (!eap_has_type(c) || !tls_based(eap_type(c)) || !in_body(c, 9, 1) || eap_end(c) <= 9) return false;
  f = bytes(c)[9];
  return true;
}

template <uint8_t Mask>
void tls_flag(const FieldCtx& c, FieldOut& o) {
  uint8_t f;
  if (tls_flags(c, f)) du::boolean(o, f & Mask);
}

const char* eap_type_name(uint8_t t) {
  static const char* const k[] = {
      nullptr, "Identity", "Notification", "Legacy Nak (Response Only)", "MD5-Challenge EAP (EAP-MD5-CHALLENGE)",
      "One-Time Password EAP (EAP-OTP)", "Generic Token Card EAP (EAP-GTC)", "Allocated", "Allocated",
      "RSA Public Key Authentication EAP (EAP-RSA-PKA)", "DSS Unilateral EAP (EAP-DSS)", "KEA EAP (EAP-KEA)",
      "KEA Validate EAP (EAP-KEA-VALIDATE)", "TLS EAP (EAP-TLS)", "Defender Token EAP (EAP-AXENT)",
      "RSA Security SecurID EAP (EAP-RSA-SECURID)", "Arcot Systems EAP (EAP-ARCOT-SYSTEMS)",
      "Cisco Wireless EAP / Lightweight EAP (EAP-LEAP)", "GSM Subscriber Identity Modules EAP (EAP-SIM)",
      "Secure Remote Password SHA1 Part 1 EAP (EAP-SRP-SHA1-PART1)",
      "Secure Remote Password SHA1 Part 2 EAP (EAP-SRP-SHA1-PART2)", "Tunneled TLS EAP (EAP-TTLS)",
      "Remote Access Service EAP (EAP-RAS)", "UMTS Authentication and Key Agreement EAP (EAP-AKA)",
      "3Com Wireless EAP (EAP-3COM-WIRELESS)", "Protected EAP (EAP-PEAP)", "MS-Authentication EAP (EAP-MS-AUTH)",
      "Mutual Authentication w/Key Exchange EAP (EAP-MAKE)", "CRYPTOCard EAP (EAP-CRYPTOCARD)",
      "MS-CHAP-v2 EAP (EAP-MS-CHAP-V2)", "DynamID EAP (EAP-DYNAMID)", "Rob EAP (EAP-ROB)",
      "Protected One-Time Password EAP (EAP-POTP)", "MS-Authentication TLV EAP (EAP-MS-AUTH-TLV)",
      "SentriNET (EAP-SENTRINET)", "Actiontec Wireless EAP (EAP-ACTIONTEC-WIRELESS)",
      "Cogent Systems Biometrics Authentication EAP (EAP-COGENT-BIOMETRIC)", "AirFortress EAP (EAP-AIRFORTRESS)",
      "HTTP Digest EAP (EAP-HTTP-DIGEST)", "SecureSuite EAP (EAP-SECURESUITE)",
      "DeviceConnect EAP (EAP-DEVICECONNECT)", "Simple Password Exponential Key Exchange EAP (EAP-SPEKE)",
      "MOBAC EAP (EAP-MOBAC)", "Flexible Authentication via Secure Tunneling EAP (EAP-FAST)",
      "ZoneLabs EAP (EAP-ZLXEAP)", "Link EAP (EAP-LINK)", "Password Authenticated eXchange EAP (EAP-PAX)",
      "Pre-Shared Key EAP (EAP-PSK)", "Shared-secret Authentication and Key Establishment EAP (EAP-SAKE)",
      "Internet Key Exchange v2 EAP (EAP-IKEv2)", "UMTS Authentication and Key Agreement' EAP (EAP-AKA')",
      "Generalized Pre-Shared Key EAP (EAP-GPSK)", "Password EAP (EAP-pwd)",
      "Encrypted Key Exchange v1 EAP (EAP-EKEv1)"};
  if (t < sizeof k / sizeof k[0]) return k[t];
  if (t == 55) return "Tunneled EAP protocol";
  if (t == 254) return "Expanded Type";  // (Wi-Fi Protected Setup uses it)
  if (t == 255) return "Experimental";
  return nullptr;
}

// ---------------------------------------------------------------- keys

// An RSN (2) or WPA (254) key descriptor at offset 4: type, key info (2),
// key length (2), replay counter (8), nonce (32), IV (16), RSC (8), ID (8),
// MIC (16), data length (2), data.
bool rsn_key(const FieldCtx& c) {
  return eapol(c).type == 3 && in_body(c, 4, 1) && (bytes(c)[4] == 2 || bytes(c)[4] == 254);
}
uint16_t key_info(const FieldCtx& c) { return load_be16(bytes(c) + 5); }

// Wireshark's message number: with Key Ack, 3 when Install is set, else 1;
// without, 2 when the key carries data (the supplicant's RSN element),
// else 4. Group keys (Key Type 0): 1 with Key Ack, else 2.
int key_message(const FieldCtx& c, bool& group) {
  uint16_t info = key_info(c);
  group = !(info & 0x0008);
  if (group) return (info & 0x0080) ? 1 : 2;
  if (info & 0x0080) return (info & 0x0040) ? 3 : 1;
  return in_body(c, 97, 2) && load_be16(bytes(c) + 97) ? 2 : 4;
}

template <uint32_t Off, uint32_t N>
void key_bytes(const FieldCtx& c, FieldOut& o) {
  if (rsn_key(c) && in_body(c, Off, N)) du::hex_value(o, bytes(c) + Off, N);
}

template <uint16_t Mask>
void key_bit(const FieldCtx& c, FieldOut& o) {
  if (rsn_key(c) && in_body(c, 5, 2)) du::boolean(o, key_info(c) & Mask);
}

void info_eapol(const FieldCtx& c, TextOut& o) {
  const auto& f = eapol(c);
  if (c.layer->truncated) return;
  du::Text t;
  switch (f.type) {
    case 0: {
      if (!is_eap(c)) return;
      uint8_t code = eap_code(c);
      static const char* const kCodes[] = {nullptr, "Request", "Response", "Success", "Failure", "Initiate", "Finish"};
      if (code >= 1 && code <= 6) {
        t.s(kCodes[code]);
      } else {
        char hx[2];
        fmt::hexbytes(hx, &code, 1, 0);
        t.s("Unknown code (0x").s(std::string_view(hx, 2)).s(")");
      }
      if (eap_has_type(c)) {
        uint8_t ty = eap_type(c);
        t.s(", ");
        if (const char* n = eap_type_name(ty)) {
          t.s(n);
        } else {
          char hx[2];
          fmt::hexbytes(hx, &ty, 1, 0);
          t.s("Unknown type (0x").s(std::string_view(hx, 2)).s(")");
        }
      }
      break;
    }
    case 1: t.s("Start"); break;
    case 2: t.s("Logoff"); break;
    case 3: {
      t.s("Key");
      if (rsn_key(c) && in_body(c, 5, 2) && (key_info(c) & 0x0800)) {  // a supplicant's request
        t.s((key_info(c) & 0x0400) ? " (Request, Error)" : " (Request)");
      } else if (rsn_key(c) && in_body(c, 5, 2)) {
        bool group;
        int m = key_message(c, group);
        t.s(group ? " (Group Message " : " (Message ").d(uint32_t(m)).s(group ? " of 2)" : " of 4)");
      }
      break;
    }
    case 4: t.s("Encapsulated ASF Alert"); break;
    case 6: t.s("Announcement (Generic)"); break;
    case 7: t.s("Announcement (Specific)"); break;
    case 8: t.s("Announcement Request"); break;
    default: return;
  }
  t.to(o);
}

void names_eapol(const FieldCtx& c, const char*&, const char*& display) {
  if (is_eap(c)) display = "EAP";
}

}  // namespace

void register_eapol(Registry& r) {
  r.add_proto({Proto::Eapol, "eapol", "EAPOL", decode_eapol, info_eapol, names_eapol});
  r.add_dispatch(Table::EtherType, 0x888e, Proto::Eapol);
  r.add_field({"eapol.version", Proto::Eapol, du::uint_at<0, 1>});
  r.add_field({"eapol.type", Proto::Eapol, du::uint_at<1, 1>});
  r.add_field({"eapol.len", Proto::Eapol, du::uint_at<2, 2>});
  r.add_field({"eapol.keydes.type", Proto::Eapol, [](const FieldCtx& c, FieldOut& o) {
                 if (eapol(c).type == 3 && in_body(c, 4, 1)) du::dec(o, bytes(c)[4]);
               }});
  r.add_field({"wlan_rsna_eapol.keydes.msgnr", Proto::Eapol, [](const FieldCtx& c, FieldOut& o) {
                 bool group;
                 if (rsn_key(c) && in_body(c, 5, 2) && !(key_info(c) & 0x0800)) du::dec(o, uint32_t(key_message(c, group)));
               }});
  r.add_field({"wlan_rsna_eapol.keydes.key_info", Proto::Eapol, [](const FieldCtx& c, FieldOut& o) {
                 if (rsn_key(c) && in_body(c, 5, 2)) du::hex(o, key_info(c), 4);
               }});
  r.add_field({"wlan_rsna_eapol.keydes.key_info.keydes_version", Proto::Eapol, [](const FieldCtx& c, FieldOut& o) {
                 if (rsn_key(c) && in_body(c, 5, 2)) du::dec(o, key_info(c) & 7);
               }});
  r.add_field({"wlan_rsna_eapol.keydes.key_info.key_type", Proto::Eapol, key_bit<0x0008>});
  r.add_field({"wlan_rsna_eapol.keydes.key_info.key_index", Proto::Eapol, [](const FieldCtx& c, FieldOut& o) {
                 if (rsn_key(c) && in_body(c, 5, 2)) du::dec(o, (key_info(c) >> 4) & 3);
               }});
  r.add_field({"wlan_rsna_eapol.keydes.key_info.install", Proto::Eapol, key_bit<0x0040>});
  r.add_field({"wlan_rsna_eapol.keydes.key_info.key_ack", Proto::Eapol, key_bit<0x0080>});
  r.add_field({"wlan_rsna_eapol.keydes.key_info.key_mic", Proto::Eapol, key_bit<0x0100>});
  r.add_field({"wlan_rsna_eapol.keydes.key_info.secure", Proto::Eapol, key_bit<0x0200>});
  r.add_field({"wlan_rsna_eapol.keydes.key_info.error", Proto::Eapol, key_bit<0x0400>});
  r.add_field({"wlan_rsna_eapol.keydes.key_info.request", Proto::Eapol, key_bit<0x0800>});
  r.add_field({"wlan_rsna_eapol.keydes.key_info.encrypted_key_data", Proto::Eapol, key_bit<0x1000>});
  r.add_field({"wlan_rsna_eapol.keydes.key_info.smk_message", Proto::Eapol, key_bit<0x2000>});
  r.add_field({"eapol.keydes.key_len", Proto::Eapol, [](const FieldCtx& c, FieldOut& o) {
                 if (rsn_key(c) && in_body(c, 7, 2)) du::dec(o, load_be16(bytes(c) + 7));
               }});
  r.add_field({"eapol.keydes.replay_counter", Proto::Eapol, [](const FieldCtx& c, FieldOut& o) {
                 if (rsn_key(c) && in_body(c, 9, 8)) du::dec(o, load_be64(bytes(c) + 9));
               }});
  r.add_field({"wlan_rsna_eapol.keydes.nonce", Proto::Eapol, key_bytes<17, 32>});
  r.add_field({"eapol.keydes.key_iv", Proto::Eapol, key_bytes<49, 16>});
  r.add_field({"wlan_rsna_eapol.keydes.rsc", Proto::Eapol, key_bytes<65, 8>});
  r.add_field({"wlan_rsna_eapol.keydes.id", Proto::Eapol, key_bytes<73, 8>});
  r.add_field({"wlan_rsna_eapol.keydes.mic", Proto::Eapol, key_bytes<81, 16>});
  r.add_field({"wlan_rsna_eapol.keydes.data_len", Proto::Eapol, [](const FieldCtx& c, FieldOut& o) {
                 if (rsn_key(c) && in_body(c, 97, 2)) du::dec(o, load_be16(bytes(c) + 97));
               }});
  r.add_field({"wlan_rsna_eapol.keydes.data", Proto::Eapol, [](const FieldCtx& c, FieldOut& o) {
                 if (!rsn_key(c) || !in_body(c, 97, 2)) return;
                 uint32_t n = load_be16(bytes(c) + 97);
                 if (n && in_body(c, 99, n)) du::hex_value(o, bytes(c) + 99, n);
               }});

  r.add_field({"eap.code", Proto::Eapol, du::when<is_eap, du::uint_at<4, 1>>});
  r.add_field({"eap.id", Proto::Eapol, du::when<is_eap, du::uint_at<5, 1>>});
  r.add_field({"eap.len", Proto::Eapol, du::when<is_eap, du::uint_at<6, 2>>});
  r.add_field({"eap.type", Proto::Eapol, du::when<eap_has_type, du::uint_at<8, 1>>});
  r.add_field({"eap.identity", Proto::Eapol, [](const FieldCtx& c, FieldOut& o) {
                 if (!eap_has_type(c) || eap_type(c) != 1) return;
                 // As tshark: one leading NUL skipped (RFC 4284 network
                 // information), the text ends at the next NUL, bytes above
                 // 0x7f as U+FFFD, control characters raw.
                 uint32_t at = 9, end = eap_end(c);
                 if (at < end && bytes(c)[at] == 0) ++at;
                 uint32_t stop = at;
                 while (stop < end && bytes(c)[stop]) ++stop;
                 if (stop == at) return;
                 app::Text<4096> t;
                 app::append_ascii_raw(t, bytes(c) + at, stop - at);
                 o.value(t.view());
               }});
  r.add_field({"eap.desired_type", Proto::Eapol, [](const FieldCtx& c, FieldOut& o) {
                 if (!eap_has_type(c) || eap_type(c) != 3) return;
                 if (eap_end(c) > 9) du::dec(o, bytes(c)[9]);  // (tshark shows the first only)
               }});
  r.add_field({"eap.tls.flags", Proto::Eapol, [](const FieldCtx& c, FieldOut& o) {
                 uint8_t f;
                 if (tls_flags(c, f)) du::hex(o, f, 2);
               }});
  r.add_field({"eap.tls.flags.len_included", Proto::Eapol, tls_flag<0x80>});
  r.add_field({"eap.tls.flags.more_fragments", Proto::Eapol, tls_flag<0x40>});
  r.add_field({"eap.tls.flags.start", Proto::Eapol, tls_flag<0x20>});
  r.add_field({"eap.tls.flags.version", Proto::Eapol, [](const FieldCtx& c, FieldOut& o) {
                 uint8_t f;  // (PEAP, TTLS and FAST carry a version; EAP-TLS does not)
                 if (tls_flags(c, f) && eap_type(c) != 13) du::dec(o, f & 7);
               }});
  r.add_field({"eap.tls.len", Proto::Eapol, [](const FieldCtx& c, FieldOut& o) {
                 uint8_t f;
                 if (tls_flags(c, f) && (f & 0x80) && in_body(c, 10, 4) && eap_end(c) >= 14)
                   du::dec(o, load_be32(bytes(c) + 10));
               }});
}

}  // namespace weir
