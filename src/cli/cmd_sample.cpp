// weir sample OUT: writes the bundled sample capture (data/sample.pcapng).
// Deterministic: the same bytes on every run. Traffic uses 198.18.0.0/15,
// 2001:db8::/32 and locally administered MACs only.
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"
#include "weir/capfile.hpp"

namespace weir::cli {

namespace {

using Bytes = std::vector<uint8_t>;

struct Mac {
  uint8_t b[6];
};
struct Ip4 {
  uint8_t b[4];
};
struct Ip6 {
  uint8_t b[16];
};

const Mac kClientMac{{0x02, 0, 0, 0, 0, 0x01}};
const Mac kServerMac{{0x02, 0, 0, 0, 0, 0x02}};
const Mac kGwMac{{0x02, 0, 0, 0, 0, 0xfe}};
const Mac kBcast{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};
const Mac kZero{{0, 0, 0, 0, 0, 0}};
const Ip4 kClient{{198, 18, 0, 1}};
const Ip4 kServer{{198, 18, 0, 2}};
const Ip4 kDns{{198, 18, 0, 53}};
const Ip4 kGw{{198, 18, 0, 254}};
const Ip4 kMail{{198, 18, 0, 25}};
const Ip4 kFtp{{198, 18, 0, 21}};
const Ip4 kNtp{{198, 18, 1, 123}};
const Ip4 kVlanA{{198, 19, 0, 10}};
const Ip4 kVlanB{{198, 19, 0, 11}};
const Ip4 kAny{{0, 0, 0, 0}};
const Ip4 kAllOnes{{255, 255, 255, 255}};

void put16(Bytes& b, uint16_t v) {
  b.push_back(uint8_t(v >> 8));
  b.push_back(uint8_t(v));
}
void put32(Bytes& b, uint32_t v) {
  put16(b, uint16_t(v >> 16));
  put16(b, uint16_t(v));
}
void put(Bytes& b, const void* p, size_t n) {
  const auto* q = static_cast<const uint8_t*>(p);
  b.insert(b.end(), q, q + n);
}
void put(Bytes& b, std::string_view s) { put(b, s.data(), s.size()); }
void set16(Bytes& b, size_t at, uint16_t v) {
  b[at] = uint8_t(v >> 8);
  b[at + 1] = uint8_t(v);
}

uint32_t sum(const uint8_t* p, size_t n, uint32_t acc = 0) {
  for (size_t i = 0; i + 1 < n; i += 2) acc += uint32_t(p[i] << 8 | p[i + 1]);
  if (n & 1) acc += uint32_t(p[n - 1] << 8);
  return acc;
}
uint16_t fold(uint32_t acc) {
  while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
  return uint16_t(~acc);
}

Bytes eth(const Mac& dst, const Mac& src, uint16_t type, const Bytes& payload, int vlan = -1) {
  Bytes b;
  put(b, dst.b, 6);
  put(b, src.b, 6);
  if (vlan >= 0) {
    put16(b, 0x8100);
    put16(b, uint16_t(vlan));
  }
  put16(b, type);
  put(b, payload.data(), payload.size());
  while (b.size() < 60) b.push_back(0);  // Ethernet minimum frame (padding)
  return b;
}

uint16_t g_ip_id = 0x1000;

Bytes ipv4(const Ip4& src, const Ip4& dst, uint8_t proto, const Bytes& payload, uint8_t ttl = 64) {
  Bytes b;
  b.push_back(0x45);
  b.push_back(0);
  put16(b, uint16_t(20 + payload.size()));
  put16(b, g_ip_id++);
  put16(b, 0x4000);  // DF
  b.push_back(ttl);
  b.push_back(proto);
  put16(b, 0);
  put(b, src.b, 4);
  put(b, dst.b, 4);
  set16(b, 10, fold(sum(b.data(), 20)));
  put(b, payload.data(), payload.size());
  return b;
}

Bytes ipv6(const Ip6& src, const Ip6& dst, uint8_t next, const Bytes& payload, uint8_t hlim = 64) {
  Bytes b;
  put32(b, 0x60000000);
  put16(b, uint16_t(payload.size()));
  b.push_back(next);
  b.push_back(hlim);
  put(b, src.b, 16);
  put(b, dst.b, 16);
  put(b, payload.data(), payload.size());
  return b;
}

// Transport checksum with the IPv4/IPv6 pseudo header; `at` is the checksum offset.
void l4_csum4(Bytes& seg, size_t at, const Ip4& s, const Ip4& d, uint8_t proto) {
  uint32_t acc = sum(s.b, 4) + sum(d.b, 4) + proto + uint32_t(seg.size());
  set16(seg, at, 0);
  uint16_t c = fold(sum(seg.data(), seg.size(), acc));
  if (proto == 17 && c == 0) c = 0xffff;
  set16(seg, at, c);
}
void l4_csum6(Bytes& seg, size_t at, const Ip6& s, const Ip6& d, uint8_t proto) {
  uint32_t acc = sum(s.b, 16) + sum(d.b, 16) + proto + uint32_t(seg.size());
  set16(seg, at, 0);
  set16(seg, at, fold(sum(seg.data(), seg.size(), acc)));
}

Bytes udp4(const Ip4& s, const Ip4& d, uint16_t sp, uint16_t dp, const Bytes& payload) {
  Bytes b;
  put16(b, sp);
  put16(b, dp);
  put16(b, uint16_t(8 + payload.size()));
  put16(b, 0);
  put(b, payload.data(), payload.size());
  l4_csum4(b, 6, s, d, 17);
  return ipv4(s, d, 17, b);
}

struct Writer {
  std::unique_ptr<PacketWriter> w;
  int64_t ts = 1767225600LL * 1000000000LL;  // 2026-01-01T00:00:00Z
  uint64_t count = 0;
  bool ok = true;
  void frame(const Bytes& f, int64_t gap_us = 1000, uint32_t caplen = 0) {
    ts += gap_us * 1000;
    PacketView v;
    v.data = f.data();
    v.origlen = uint32_t(f.size());
    v.caplen = caplen && caplen < f.size() ? caplen : uint32_t(f.size());
    v.ts_ns = ts;
    v.linktype = 1;
    ok = w->write(v) && ok;
    ++count;
  }
};

// A TCP connection between two IPv4 hosts on one Ethernet segment.
struct Tcp {
  Writer& w;
  Mac cmac, smac;
  Ip4 cip, sip;
  uint16_t cport, sport;
  uint32_t cseq = 0, sseq = 0;

  void seg(bool from_client, uint8_t flags, std::string_view data, int64_t gap_us, bool syn_opts = false) {
    const Ip4& s = from_client ? cip : sip;
    const Ip4& d = from_client ? sip : cip;
    uint32_t& seq = from_client ? cseq : sseq;
    uint32_t ack = from_client ? sseq : cseq;
    Bytes t;
    put16(t, from_client ? cport : sport);
    put16(t, from_client ? sport : cport);
    put32(t, seq);
    put32(t, (flags & 0x10) ? ack : 0);
    uint8_t hl = syn_opts ? 28 : 20;
    t.push_back(uint8_t(hl / 4 << 4));
    t.push_back(flags);
    put16(t, 64240);
    put16(t, 0);
    put16(t, 0);
    if (syn_opts) {  // MSS 1460, SACK permitted, NOP, NOP
      const uint8_t o[8] = {2, 4, 0x05, 0xb4, 4, 2, 1, 1};
      put(t, o, 8);
    }
    put(t, data);
    l4_csum4(t, 16, s, d, 6);
    seq += uint32_t(data.size()) + ((flags & 0x03) ? 1 : 0);  // SYN/FIN take one
    w.frame(eth(from_client ? smac : cmac, from_client ? cmac : smac, 0x0800, ipv4(s, d, 6, t)), gap_us);
  }
  void handshake() {
    cseq = 0x10000000u + cport;
    sseq = 0x20000000u + sport;
    seg(true, 0x02, "", 2000, true);
    seg(false, 0x12, "", 300, true);
    seg(true, 0x10, "", 100);
  }
  // Sends data in MSS-sized segments; the peer acknowledges every other one.
  void send(bool from_client, std::string_view data, int64_t gap_us = 500) {
    size_t n = 0;
    for (size_t off = 0; off < data.size(); off += 1448, ++n) {
      seg(from_client, 0x18, data.substr(off, 1448), off ? 120 : gap_us);
      if (n % 2 == 1) seg(!from_client, 0x10, "", 40);
    }
    seg(!from_client, 0x10, "", 60);
  }
  void close() {
    seg(true, 0x11, "", 1000);
    seg(false, 0x11, "", 200);
    seg(true, 0x10, "", 100);
  }
};

Bytes dns_name(std::string_view name) {
  Bytes b;
  size_t start = 0;
  while (start <= name.size()) {
    size_t dot = name.find('.', start);
    if (dot == std::string_view::npos) dot = name.size();
    b.push_back(uint8_t(dot - start));
    put(b, name.substr(start, dot - start));
    start = dot + 1;
  }
  b.push_back(0);
  return b;
}

Bytes dns_msg(uint16_t id, bool response, std::string_view name, uint16_t qtype, const Ip4* answer) {
  Bytes b;
  put16(b, id);
  put16(b, response ? 0x8180 : 0x0100);
  put16(b, 1);
  put16(b, answer ? 1 : 0);
  put16(b, 0);
  put16(b, 0);
  Bytes q = dns_name(name);
  put(b, q.data(), q.size());
  put16(b, qtype);
  put16(b, 1);
  if (answer) {
    put16(b, 0xc00c);  // pointer to the question name
    put16(b, 1);
    put16(b, 1);
    put32(b, 300);
    put16(b, 4);
    put(b, answer->b, 4);
  }
  return b;
}

Bytes dhcp_msg(uint8_t op, uint8_t msgtype, uint32_t xid, const Ip4& yiaddr) {
  Bytes b;
  b.push_back(op);
  b.push_back(1);
  b.push_back(6);
  b.push_back(0);
  put32(b, xid);
  put16(b, 0);
  put16(b, 0x8000);  // broadcast flag
  put(b, kAny.b, 4);
  put(b, yiaddr.b, 4);
  put(b, op == 2 ? kGw.b : kAny.b, 4);
  put(b, kAny.b, 4);
  put(b, kClientMac.b, 6);
  b.resize(b.size() + 10 + 64 + 128);  // chaddr padding, sname, file
  put32(b, 0x63825363);                 // magic cookie
  const uint8_t mt[3] = {53, 1, msgtype};
  put(b, mt, 3);
  if (op == 2) {
    const uint8_t sid[6] = {54, 4, 198, 18, 0, 254};
    put(b, sid, 6);
    const uint8_t lease[6] = {51, 4, 0, 0, 0x0e, 0x10};
    put(b, lease, 6);
    const uint8_t mask[6] = {1, 4, 255, 254, 0, 0};
    put(b, mask, 6);
    const uint8_t router[6] = {3, 4, 198, 18, 0, 254};
    put(b, router, 6);
  } else {
    const uint8_t prl[5] = {55, 3, 1, 3, 6};
    put(b, prl, 5);
    const uint8_t host[8] = {12, 6, 's', 'a', 'm', 'p', 'l', 'e'};
    put(b, host, 8);
  }
  b.push_back(255);
  while (b.size() < 300) b.push_back(0);
  return b;
}

Bytes ntp_msg(bool server, uint32_t sec) {
  Bytes b;
  b.push_back(server ? 0x24 : 0x23);  // LI 0, VN 4, mode 4 / 3
  b.push_back(server ? 2 : 0);        // stratum
  b.push_back(6);
  b.push_back(server ? 0xe9 : 0xe9);
  put32(b, server ? 0x00000100 : 0);
  put32(b, server ? 0x00000200 : 0);
  if (server) put(b, "\xc6\x12\x00\x01", 4);
  else put32(b, 0);
  uint32_t ntp = sec + 2208988800u;
  put32(b, server ? ntp - 10 : 0);  // reference
  put32(b, 0);
  put32(b, server ? ntp : 0);  // origin
  put32(b, server ? 0x10000000 : 0);
  put32(b, server ? ntp : 0);  // receive
  put32(b, server ? 0x20000000 : 0);
  put32(b, ntp);  // transmit
  put32(b, server ? 0x30000000 : 0x10000000);
  return b;
}

Bytes tls_client_hello(std::string_view sni) {
  Bytes ext;
  // server_name
  put16(ext, 0);
  put16(ext, uint16_t(sni.size() + 5));
  put16(ext, uint16_t(sni.size() + 3));
  ext.push_back(0);
  put16(ext, uint16_t(sni.size()));
  put(ext, sni);
  // supported_groups x25519, secp256r1
  const uint8_t groups[] = {0, 10, 0, 6, 0, 4, 0, 0x1d, 0, 0x17};
  put(ext, groups, sizeof groups);
  // ALPN h2, http/1.1
  const uint8_t alpn[] = {0, 16, 0, 14, 0, 12, 2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
  put(ext, alpn, sizeof alpn);
  // supported_versions TLS 1.3, 1.2
  const uint8_t ver[] = {0, 43, 0, 5, 4, 3, 4, 3, 3};
  put(ext, ver, sizeof ver);

  Bytes hello;
  put16(hello, 0x0303);
  for (int i = 0; i < 32; ++i) hello.push_back(uint8_t(i * 13 + 1));  // random
  hello.push_back(32);
  for (int i = 0; i < 32; ++i) hello.push_back(uint8_t(0xa0 + i));  // session id
  const uint8_t suites[] = {0, 6, 0x13, 0x01, 0x13, 0x02, 0xc0, 0x2f};
  put(hello, suites, sizeof suites);
  hello.push_back(1);
  hello.push_back(0);
  put16(hello, uint16_t(ext.size()));
  put(hello, ext.data(), ext.size());

  Bytes hs;
  hs.push_back(1);  // ClientHello
  hs.push_back(0);
  put16(hs, uint16_t(hello.size()));
  put(hs, hello.data(), hello.size());
  Bytes rec;
  rec.push_back(22);
  put16(rec, 0x0301);
  put16(rec, uint16_t(hs.size()));
  put(rec, hs.data(), hs.size());
  return rec;
}

Bytes arp(uint16_t op, const Mac& sha, const Ip4& spa, const Mac& tha, const Ip4& tpa) {
  Bytes b;
  put16(b, 1);
  put16(b, 0x0800);
  b.push_back(6);
  b.push_back(4);
  put16(b, op);
  put(b, sha.b, 6);
  put(b, spa.b, 4);
  put(b, tha.b, 6);
  put(b, tpa.b, 4);
  return b;
}

Bytes icmp_echo(uint8_t type, uint16_t id, uint16_t seq) {
  Bytes b;
  b.push_back(type);
  b.push_back(0);
  put16(b, 0);
  put16(b, id);
  put16(b, seq);
  for (int i = 0; i < 48; ++i) b.push_back(uint8_t(0x10 + i));
  set16(b, 2, fold(sum(b.data(), b.size())));
  return b;
}

Ip6 ip6(std::initializer_list<uint16_t> words) {
  Ip6 a{};
  int i = 0;
  for (uint16_t w : words) {
    a.b[i * 2] = uint8_t(w >> 8);
    a.b[i * 2 + 1] = uint8_t(w);
    ++i;
  }
  return a;
}

std::string repeat_text(std::string_view unit, size_t n) {
  std::string s;
  while (s.size() < n) s += unit;
  s.resize(n);
  return s;
}

}  // namespace

int cmd_sample(int argc, char** argv) {
  if (argc != 2 || argv[1][0] == '-') {
    std::fputs("usage: weir sample OUT.pcapng\n  writes the deterministic sample capture bundled as data/sample.pcapng\n",
               argc == 2 ? stdout : stderr);
    return argc == 2 && !std::strcmp(argv[1], "--help") ? 0 : 1;
  }
  WriteOptions wo;
  InterfaceInfo eth0;
  eth0.name = "eth0";
  eth0.description = "weir sample";
  eth0.linktype = 1;
  eth0.ts_units_per_sec = 1'000'000'000;
  wo.interfaces = {eth0};
  wo.user_appl = "weir sample";
  Status err;
  Writer w;
  w.w = create_capture_file(argv[1], wo, err);
  if (!w.w) {
    std::fprintf(stderr, "weir sample: %s\n", err.message().c_str());
    return 1;
  }

  // ARP: client resolves the gateway and the server.
  w.frame(eth(kBcast, kClientMac, 0x0806, arp(1, kClientMac, kClient, kZero, kGw)), 0);
  w.frame(eth(kClientMac, kGwMac, 0x0806, arp(2, kGwMac, kGw, kClientMac, kClient)), 200);
  w.frame(eth(kBcast, kClientMac, 0x0806, arp(1, kClientMac, kClient, kZero, kServer)), 500);
  w.frame(eth(kClientMac, kServerMac, 0x0806, arp(2, kServerMac, kServer, kClientMac, kClient)), 150);

  // DHCP discover / offer / request / ack.
  w.frame(eth(kBcast, kClientMac, 0x0800, udp4(kAny, kAllOnes, 68, 67, dhcp_msg(1, 1, 0x5eed0001, kAny))), 3000);
  w.frame(eth(kBcast, kGwMac, 0x0800, udp4(kGw, kAllOnes, 67, 68, dhcp_msg(2, 2, 0x5eed0001, kClient))), 800);
  w.frame(eth(kBcast, kClientMac, 0x0800, udp4(kAny, kAllOnes, 68, 67, dhcp_msg(1, 3, 0x5eed0001, kAny))), 900);
  w.frame(eth(kBcast, kGwMac, 0x0800, udp4(kGw, kAllOnes, 67, 68, dhcp_msg(2, 5, 0x5eed0001, kClient))), 700);

  // ICMP ping: 5 requests and replies.
  for (uint16_t i = 1; i <= 5; ++i) {
    w.frame(eth(kServerMac, kClientMac, 0x0800, ipv4(kClient, kServer, 1, icmp_echo(8, 0x77, i))), 100000);
    w.frame(eth(kClientMac, kServerMac, 0x0800, ipv4(kServer, kClient, 1, icmp_echo(0, 0x77, i))), 350);
  }

  // DNS: A and AAAA queries with responses.
  const char* names[] = {"www.example.com", "mail.example.com", "ftp.example.com", "ntp.example.net",
                         "secure.example.org"};
  uint16_t qid = 0x3000;
  for (const char* n : names) {
    for (uint16_t qt : {uint16_t(1), uint16_t(28)}) {
      ++qid;
      uint16_t sp = uint16_t(50000 + qid % 1000);
      w.frame(eth(kGwMac, kClientMac, 0x0800, udp4(kClient, kDns, sp, 53, dns_msg(qid, false, n, qt, nullptr))), 5000);
      w.frame(eth(kClientMac, kGwMac, 0x0800,
                  udp4(kDns, kClient, 53, sp, dns_msg(qid, true, n, qt, qt == 1 ? &kServer : nullptr))),
              1200);
    }
  }

  // HTTP: GET and a ~20 KB response.
  {
    Tcp t{w, kClientMac, kServerMac, kClient, kServer, 40000, 80};
    t.handshake();
    t.send(true,
           "GET /index.html HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: weir-sample/1.0\r\nAccept: */*\r\n\r\n");
    std::string body = repeat_text("<p>weir sample page: the quick brown fox jumps over the lazy dog.</p>\n", 100000);
    std::string resp = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + std::to_string(body.size()) +
                       "\r\nServer: weir-sample\r\n\r\n" + body;
    t.send(false, resp, 2000);
    t.send(true, "GET /missing HTTP/1.1\r\nHost: www.example.com\r\n\r\n", 30000);
    t.send(false, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", 900);
    t.close();
  }

  // TLS: ClientHello with SNI, and some opaque application data back.
  {
    Tcp t{w, kClientMac, kServerMac, kClient, kServer, 40001, 443};
    t.handshake();
    Bytes ch = tls_client_hello("secure.example.org");
    t.send(true, std::string_view(reinterpret_cast<const char*>(ch.data()), ch.size()));
    // ServerHello: TLS 1.2 legacy version, supported_versions says TLS 1.3.
    std::string sh = std::string("\x16\x03\x03\x00\x32\x02\x00\x00\x2e\x03\x03", 11) + repeat_text("\x42", 32) +
                     std::string("\x00\x13\x01\x00\x00\x06\x00\x2b\x00\x02\x03\x04", 12);
    t.send(false, sh, 1500);
    std::string app = std::string("\x17\x03\x03\x10\x00", 5) + repeat_text("\x5a\xa5\x3c", 4096);
    t.send(false, app, 800);
    t.close();
  }

  // SMTP: a short mail session.
  {
    Tcp t{w, kClientMac, kGwMac, kClient, kMail, 40002, 25};
    t.handshake();
    t.send(false, "220 mail.example.com ESMTP weir\r\n", 3000);
    t.send(true, "EHLO client.example.com\r\n");
    t.send(false, "250-mail.example.com\r\n250-SIZE 10240000\r\n250 8BITMIME\r\n");
    t.send(true, "MAIL FROM:<alice@example.com>\r\n");
    t.send(false, "250 2.1.0 Ok\r\n");
    t.send(true, "RCPT TO:<bob@example.com>\r\n");
    t.send(false, "250 2.1.5 Ok\r\n");
    t.send(true, "DATA\r\n");
    t.send(false, "354 End data with <CR><LF>.<CR><LF>\r\n");
    t.send(true, "Subject: hello\r\nFrom: alice@example.com\r\nTo: bob@example.com\r\n\r\nHi Bob.\r\n.\r\n");
    t.send(false, "250 2.0.0 Ok: queued as 1234\r\n");
    t.send(true, "QUIT\r\n");
    t.send(false, "221 2.0.0 Bye\r\n");
    t.close();
  }

  // FTP control connection.
  {
    Tcp t{w, kClientMac, kGwMac, kClient, kFtp, 40003, 21};
    t.handshake();
    t.send(false, "220 weir FTP ready\r\n", 2000);
    t.send(true, "USER anonymous\r\n");
    t.send(false, "331 Please specify the password.\r\n");
    t.send(true, "PASS guest@\r\n");
    t.send(false, "230 Login successful.\r\n");
    t.send(true, "PWD\r\n");
    t.send(false, "257 \"/\" is the current directory\r\n");
    t.send(true, "QUIT\r\n");
    t.send(false, "221 Goodbye.\r\n");
    t.close();
  }

  // NTP client/server exchange, twice.
  for (uint32_t i = 0; i < 2; ++i) {
    uint32_t sec = uint32_t(w.ts / 1000000000);
    w.frame(eth(kGwMac, kClientMac, 0x0800, udp4(kClient, kNtp, 123, 123, ntp_msg(false, sec))), 400000);
    w.frame(eth(kClientMac, kGwMac, 0x0800, udp4(kNtp, kClient, 123, 123, ntp_msg(true, sec))), 2500);
  }

  // VLAN 100: a ping between two hosts on a tagged segment.
  for (uint16_t i = 1; i <= 3; ++i) {
    const Mac a{{0x02, 0, 0, 0, 1, 0x0a}}, b{{0x02, 0, 0, 0, 1, 0x0b}};
    w.frame(eth(b, a, 0x0800, ipv4(kVlanA, kVlanB, 1, icmp_echo(8, 0x100, i)), 100), 20000);
    w.frame(eth(a, b, 0x0800, ipv4(kVlanB, kVlanA, 1, icmp_echo(0, 0x100, i)), 100), 300);
  }

  // IPv6: neighbour discovery, then a UDP (DNS) exchange over IPv6.
  {
    Ip6 c6 = ip6({0x2001, 0xdb8, 0, 0, 0, 0, 0, 1}), s6 = ip6({0x2001, 0xdb8, 0, 0, 0, 0, 0, 2});
    Ip6 sn = ip6({0xff02, 0, 0, 0, 0, 1, 0xff00, 2});  // solicited-node of ::2
    Mac sn_mac{{0x33, 0x33, 0xff, 0, 0, 2}};
    Bytes ns;
    ns.push_back(135);
    ns.push_back(0);
    put16(ns, 0);
    put32(ns, 0);
    put(ns, s6.b, 16);
    const uint8_t opt_src[2] = {1, 1};
    put(ns, opt_src, 2);
    put(ns, kClientMac.b, 6);
    l4_csum6(ns, 2, c6, sn, 58);
    w.frame(eth(sn_mac, kClientMac, 0x86dd, ipv6(c6, sn, 58, ns, 255)), 50000);
    Bytes na;
    na.push_back(136);
    na.push_back(0);
    put16(na, 0);
    put32(na, 0x60000000);  // solicited + override
    put(na, s6.b, 16);
    const uint8_t opt_tgt[2] = {2, 1};
    put(na, opt_tgt, 2);
    put(na, kServerMac.b, 6);
    l4_csum6(na, 2, s6, c6, 58);
    w.frame(eth(kClientMac, kServerMac, 0x86dd, ipv6(s6, c6, 58, na, 255)), 400);
    for (uint16_t i = 0; i < 2; ++i) {
      Bytes q = dns_msg(uint16_t(0x6000 + i), false, "v6.example.com", 28, nullptr);
      Bytes u;
      put16(u, uint16_t(53000 + i));
      put16(u, 53);
      put16(u, uint16_t(8 + q.size()));
      put16(u, 0);
      put(u, q.data(), q.size());
      l4_csum6(u, 6, c6, s6, 17);
      w.frame(eth(kServerMac, kClientMac, 0x86dd, ipv6(c6, s6, 17, u)), 3000);
      Bytes r = dns_msg(uint16_t(0x6000 + i), true, "v6.example.com", 28, nullptr);
      Bytes u2;
      put16(u2, 53);
      put16(u2, uint16_t(53000 + i));
      put16(u2, uint16_t(8 + r.size()));
      put16(u2, 0);
      put(u2, r.data(), r.size());
      l4_csum6(u2, 6, s6, c6, 17);
      w.frame(eth(kClientMac, kServerMac, 0x86dd, ipv6(s6, c6, 17, u2)), 700);
    }
  }

  // Damaged traffic: a frame cut short by the snap length, and a frame whose
  // IPv4/TCP header is truncated on the wire.
  {
    Bytes t_hdr;
    put16(t_hdr, 40004);
    put16(t_hdr, 8080);
    put32(t_hdr, 0x11111111);
    put32(t_hdr, 0x22222222);
    t_hdr.push_back(0x50);
    t_hdr.push_back(0x18);
    put16(t_hdr, 1024);
    put16(t_hdr, 0);
    put16(t_hdr, 0);
    put(t_hdr, repeat_text("payload cut by snaplen ", 400));
    l4_csum4(t_hdr, 16, kClient, kServer, 6);
    w.frame(eth(kServerMac, kClientMac, 0x0800, ipv4(kClient, kServer, 6, t_hdr)), 10000, 96);
    Bytes bad = ipv4(kClient, kServer, 6, Bytes(t_hdr.begin(), t_hdr.begin() + 40));
    bad.resize(20 + 8);  // only 8 bytes of the TCP header are on the wire
    Bytes f = eth(kServerMac, kClientMac, 0x0800, bad);
    f.resize(14 + bad.size());  // no Ethernet padding: the frame really ends here
    w.frame(f, 2000);
  }

  if (!w.ok || !w.w->close()) {
    std::fprintf(stderr, "weir sample: %s\n", w.w->error().message().c_str());
    return 1;
  }
  std::fprintf(stderr, "weir sample: wrote %llu packets to %s\n", (unsigned long long)w.count, argv[1]);
  return 0;
}

}  // namespace weir::cli
