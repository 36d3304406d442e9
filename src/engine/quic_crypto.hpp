// QUIC Initial packets, decrypted as tshark does without any secrets: the
// Initial keys derive from the client's first Destination Connection ID
// (RFC 9001 section 5.2; RFC 9369 for version 2; the drafts' salts), so a
// reader can remove the header protection and decrypt them. Handshake,
// 0-RTT and 1-RTT packets need the TLS secrets and stay protected.
//
// Connections are tracked by their UDP endpoints (tshark tracks them by
// connection ID; the same for a connection that does not migrate): the
// sender of the first Initial is the client. As tshark, a connection's keys
// derive from its first Initial's DCID and version, again from the client's
// next Initial after a Retry, and again when a server Initial names another
// version (so a client Initial in a new version with the DCID of an Initial
// in an unknown one is not decrypted, as in tshark). Per
// direction, the CRYPTO data of Initial packets is reassembled as tshark's
// stream reassembly does (frames in any order, across packets): a datagram
// whose data continues the stream calls TLS on what is contiguous (a
// message not complete yet is a `tls` step without fields), out-of-order
// data waits, a repeat (a ClientHello sent again after a Retry) is not
// decoded again. The bytes TLS sees follow the frame in the tracker's
// buffer (DecodedPacket::quic.tls_at), the layers below QUIC running to
// its end, as for IP reassembly.
//
// The tracker also gives the decoder what one packet cannot tell: the
// connection number, the direction, and the length of the connection IDs a
// short header carries (DecodedPacket::quic).
//
// Memory: the connection table and a frame buffer are allocated when the
// first QUIC packet comes; key derivation and the ciphers use OpenSSL.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "weir/decode.hpp"

namespace weir {

class QuicTracker {
 public:
  static constexpr int kSlots = 64;  // connections tracked at once (least recently used gives way)

  QuicTracker();
  ~QuicTracker();
  QuicTracker(const QuicTracker&) = delete;
  QuicTracker& operator=(const QuicTracker&) = delete;

  // After the packet was decoded (and reassembled): fills d.quic for a
  // QUIC datagram, and decodes it again from the tracker's buffer when it
  // removed the protection of an Initial packet.
  void process(const Registry& reg, DecodedPacket& d, bool heuristics);

  // Initial secrets of a version for a connection ID (client or server
  // side): key (16), iv (12) and header protection key (16). For tests.
  static void initial_keys(uint32_t version, const uint8_t* dcid, uint8_t dcid_len, bool server, uint8_t key[16],
                           uint8_t iv[12], uint8_t hp[16]);

  // RFC 9000 A.3: the packet number whose low `bits` bits were sent, the
  // closest to the largest seen (-1: none) plus one.
  static uint64_t expand_pn(int64_t largest, uint64_t truncated, uint32_t bits);

  uint64_t decrypted() const { return decrypted_; }

 private:
  struct Keys {
    uint8_t key[16], iv[12], hp[16];
  };
  struct Conn {
    bool used = false;
    uint8_t a[16] = {}, b[16] = {};  // endpoints' addresses (a: the client)
    uint16_t pa = 0, pb = 0;
    bool v6 = false;
    uint64_t last_use = 0;
    uint32_t number = 0;
    uint8_t odcid[20] = {};  // the client's first DCID (after a Retry: its next Initial's)
    uint8_t odcid_len = 0;
    bool odcid_set = false;  // false after a Retry, until the client's next Initial
    uint32_t version = 0;    // the version the Initial keys are for
    int8_t client_cid = -1, server_cid = -1;  // connection ID lengths each side chose (-1: not seen)
    uint8_t server_cid_bytes[20] = {};        // the server's (server_cid bytes)
    Keys client{}, server{};
    // The Initial CRYPTO stream of each direction (client, server): the
    // received byte ranges below kCryptoMax (their bytes in the slot's
    // stream buffer), and where TLS's next message starts.
    struct Stream {
      uint64_t next = 0;
      uint8_t nranges = 0;
      uint32_t lo[8] = {}, hi[8] = {};
    };
    Stream crypto[2];
    int64_t largest_pn[2] = {-1, -1};  // largest Initial packet number decrypted, client / server
  };
  static constexpr uint32_t kCryptoMax = 16384;  // Initial CRYPTO bytes reassembled per direction

  // Adds [a, b) to a stream's ranges (merged); false when they are full.
  static bool add_range(Conn::Stream& s, uint32_t a, uint32_t b);
  // End of the received bytes contiguous from the stream's start.
  static uint32_t contiguous(const Conn::Stream& s);
  struct Impl;

  Conn* find(const uint8_t* src, const uint8_t* dst, uint16_t sp, uint16_t dp, bool v6, bool& from_server);
  void derive(Conn& c);
  static void set_server_cid(Conn& c, const uint8_t* cid, uint8_t n);

  std::unique_ptr<Conn[]> conns_;
  std::vector<uint8_t> buf_;  // the datagram's frame, unprotected, then CRYPTO data for TLS
  std::unique_ptr<uint8_t[]> streams_[kSlots][2];  // kCryptoMax bytes each, on first use
  std::unique_ptr<Impl> impl_;
  uint64_t clock_ = 0;
  uint32_t next_number_ = 0;
  uint64_t decrypted_ = 0;
};

}  // namespace weir
