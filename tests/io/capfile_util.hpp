// Helpers for capture-file tests: hand-built pcap/pcapng images in either
// byte order, temporary files, and reading a whole source into copies.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "weir/capfile.hpp"

namespace weir::testing {

// Appends integers in a chosen byte order.
struct Bytes {
  std::vector<uint8_t> b;
  bool be = false;
  explicit Bytes(bool big_endian = false) : be(big_endian) {}
  Bytes& u8(uint8_t v) {
    b.push_back(v);
    return *this;
  }
  Bytes& u16(uint16_t v) {
    if (be) {
      u8(uint8_t(v >> 8));
      u8(uint8_t(v));
    } else {
      u8(uint8_t(v));
      u8(uint8_t(v >> 8));
    }
    return *this;
  }
  Bytes& u32(uint32_t v) {
    if (be) {
      u16(uint16_t(v >> 16));
      u16(uint16_t(v));
    } else {
      u16(uint16_t(v));
      u16(uint16_t(v >> 16));
    }
    return *this;
  }
  Bytes& u64(uint64_t v) {
    if (be) {
      u32(uint32_t(v >> 32));
      u32(uint32_t(v));
    } else {
      u32(uint32_t(v));
      u32(uint32_t(v >> 32));
    }
    return *this;
  }
  Bytes& raw(const std::vector<uint8_t>& v) {
    b.insert(b.end(), v.begin(), v.end());
    return *this;
  }
  Bytes& raw(const void* p, size_t n) {
    auto* c = static_cast<const uint8_t*>(p);
    b.insert(b.end(), c, c + n);
    return *this;
  }
  Bytes& pad4() {
    while (b.size() % 4) b.push_back(0);
    return *this;
  }
  // pcapng option (code, value) padded to 4 bytes.
  Bytes& opt(uint16_t code, const void* v, size_t len) {
    u16(code).u16(uint16_t(len)).raw(v, len).pad4();
    return *this;
  }
  Bytes& opt_str(uint16_t code, const std::string& s) { return opt(code, s.data(), s.size()); }
  Bytes& opt_u32(uint16_t code, uint32_t v) {
    Bytes t(be);
    t.u32(v);
    return opt(code, t.b.data(), 4);
  }
  Bytes& opt_u64(uint16_t code, uint64_t v) {
    Bytes t(be);
    t.u64(v);
    return opt(code, t.b.data(), 8);
  }
  Bytes& end_opts() { return u32(0); }
  size_t size() const { return b.size(); }
};

// A deterministic frame of n bytes (seeded so frames differ).
inline std::vector<uint8_t> frame(size_t n, uint8_t seed) {
  std::vector<uint8_t> f(n);
  for (size_t i = 0; i < n; ++i) f[i] = uint8_t(seed * 31 + i * 7);
  return f;
}

// pcap pieces.
inline Bytes pcap_header(bool be, bool nsec, uint32_t linktype, uint32_t snaplen = 65535) {
  Bytes h(be);
  h.u32(nsec ? 0xa1b23c4d : 0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0).u32(snaplen).u32(linktype);
  return h;
}
inline void pcap_record(Bytes& f, uint32_t sec, uint32_t frac, const std::vector<uint8_t>& data,
                        uint32_t origlen = 0) {
  f.u32(sec).u32(frac).u32(uint32_t(data.size())).u32(origlen ? origlen : uint32_t(data.size())).raw(data);
}

// pcapng block: type, body (already in the right byte order), lengths added.
inline void ng_block(Bytes& f, uint32_t type, const Bytes& body) {
  uint32_t len = uint32_t(12 + ((body.size() + 3) & ~size_t(3)));
  f.u32(type).u32(len).raw(body.b);
  for (size_t i = body.size(); i % 4; ++i) f.u8(0);
  f.u32(len);
}
inline void ng_shb(Bytes& f, const std::string& appl = "") {
  Bytes body(f.be);
  body.u32(0x1A2B3C4D).u16(1).u16(0).u64(~uint64_t(0));
  if (!appl.empty()) body.opt_str(4, appl).end_opts();
  ng_block(f, 0x0A0D0D0A, body);
}
inline void ng_idb(Bytes& f, uint16_t linktype, uint32_t snaplen, const std::string& name = "",
                   int tsresol = -1, bool has_offset = false, int64_t tsoffset = 0,
                   const std::string& descr = "") {
  Bytes body(f.be);
  body.u16(linktype).u16(0).u32(snaplen);
  bool opts = false;
  if (!name.empty()) body.opt_str(2, name), opts = true;
  if (!descr.empty()) body.opt_str(3, descr), opts = true;
  if (tsresol >= 0) {
    uint8_t r = uint8_t(tsresol);
    body.opt(9, &r, 1);
    opts = true;
  }
  if (has_offset) body.opt_u64(14, uint64_t(tsoffset)), opts = true;
  if (opts) body.end_opts();
  ng_block(f, 1, body);
}
inline void ng_epb(Bytes& f, uint32_t iface, uint64_t ts_units, const std::vector<uint8_t>& data,
                   int flags = -1, uint32_t origlen = 0) {
  Bytes body(f.be);
  body.u32(iface).u32(uint32_t(ts_units >> 32)).u32(uint32_t(ts_units)).u32(uint32_t(data.size()));
  body.u32(origlen ? origlen : uint32_t(data.size())).raw(data).pad4();
  if (flags >= 0) body.opt_u32(2, uint32_t(flags)).end_opts();
  ng_block(f, 6, body);
}

// Temporary directory removed at destruction.
struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/weir-io-test-XXXXXX";
    char* p = mkdtemp(tmpl);
    path = p ? p : "/tmp";
  }
  ~TempDir() {
    if (path.rfind("/tmp/weir-io-test-", 0) == 0) {
      std::string cmd = "rm -rf '" + path + "'";
      (void)std::system(cmd.c_str());
    }
  }
  std::string file(const std::string& name) const { return path + "/" + name; }
};

inline void write_file(const std::string& path, const std::vector<uint8_t>& data) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return;
  if (!data.empty()) std::fwrite(data.data(), 1, data.size(), f);
  std::fclose(f);
}
inline std::vector<uint8_t> read_file(const std::string& path) {
  std::vector<uint8_t> out;
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return out;
  uint8_t buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.insert(out.end(), buf, buf + n);
  std::fclose(f);
  return out;
}

// A packet copied out of a source.
struct Got {
  std::vector<uint8_t> data;
  uint32_t origlen = 0;
  int64_t ts_ns = 0;
  uint32_t linktype = 0;
  uint32_t iface = 0;
  Direction dir = Direction::Unknown;
  uint64_t file_offset = 0;
};

struct ReadAll {
  std::vector<Got> pkts;
  RecvStatus last = RecvStatus::Ok;  // Eof or Error
  std::string error;
  size_t calls = 0;
};

// Reads until Eof/Error with small batches (to cross batch boundaries).
inline ReadAll read_all(PacketSource& src, size_t batch = 7) {
  ReadAll r;
  std::vector<PacketView> views(batch);
  for (;;) {
    size_t n = 0;
    RecvStatus st = src.receive(views, n);
    r.calls++;
    for (size_t i = 0; i < n; ++i) {
      const PacketView& v = views[i];
      Got g;
      g.data.assign(v.data, v.data + v.caplen);
      g.origlen = v.origlen;
      g.ts_ns = v.ts_ns;
      g.linktype = v.linktype;
      g.iface = v.iface;
      g.dir = v.dir;
      g.file_offset = v.file_offset;
      r.pkts.push_back(std::move(g));
    }
    if (st == RecvStatus::Eof || st == RecvStatus::Error) {
      r.last = st;
      if (st == RecvStatus::Error) r.error = src.error().message();
      return r;
    }
    if (r.calls > 10'000'000) return r;  // bounded
  }
}

inline ReadAll read_memory(const std::vector<uint8_t>& bytes, const ReadOptions& opt = {},
                           Status* open_err = nullptr, size_t batch = 7) {
  Status err;
  auto r = open_capture_memory(bytes.data(), bytes.size(), "mem.pcap", opt, err);
  if (open_err) *open_err = err;
  if (!r) {
    ReadAll ra;
    ra.last = RecvStatus::Error;
    ra.error = err.message();
    return ra;
  }
  return read_all(*r, batch);
}

}  // namespace weir::testing
