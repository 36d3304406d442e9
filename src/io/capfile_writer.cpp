// pcap and pcapng writers. Each packet is assembled in one large buffer
// (header fields stored in place, then one memcpy of the frame); the buffer
// goes to the OS with one write(2) when full, on flush(), or after every
// packet in flush_each_packet mode.
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "weir/capfile.hpp"

namespace weir {
namespace {

// The smaller of two snaplens, 0 meaning no limit.
uint32_t smaller_snaplen(uint32_t a, uint32_t b) {
  if (a == 0) return b;
  if (b == 0) return a;
  return a < b ? a : b;
}

constexpr size_t kBufSize = 1u << 20;

inline void st16(uint8_t* p, uint16_t v) { std::memcpy(p, &v, 2); }
inline void st32(uint8_t* p, uint32_t v) { std::memcpy(p, &v, 4); }
inline void st64(uint8_t* p, uint64_t v) { std::memcpy(p, &v, 8); }
inline size_t pad4(size_t n) { return (n + 3) & ~size_t(3); }

class WriterBase : public PacketWriter {
 public:
  WriterBase(std::string path, const WriteOptions& opt, int fd, bool close_fd)
      : path_(std::move(path)), opt_(opt), fd_(fd), close_fd_(close_fd), buf_(new uint8_t[kBufSize]),
        cut_(opt.snaplen ? opt.snaplen : UINT32_MAX) {}
  // Derived classes call close() in their destructors (it needs ensure_header).

  bool flush() override {
    if (!ensure_header()) return false;
    return drain();
  }
  bool close() override {
    if (closed_) return !broken_;
    bool ok = flush();
    closed_ = true;
    if (close_fd_ && fd_ >= 0) {
      if (::close(fd_) != 0 && ok) ok = io_fail("close");
    }
    fd_ = -1;
    return ok;
  }
  const Status& error() const override { return error_; }
  uint64_t bytes_written() const override { return bytes_; }
  uint64_t packets_written() const override { return packets_; }

 protected:
  // Writes the file header if not yet done (pcap defers it until the link
  // type is known).
  virtual bool ensure_header() = 0;

  bool io_fail(const char* what) {
    error_ = Status::error(path_ + ": " + what + " failed: " + std::strerror(errno));
    broken_ = true;
    return false;
  }
  // Room for n bytes at buf_+len_ (n <= kBufSize), draining first if needed.
  bool reserve(size_t n) {
    if (len_ + n <= kBufSize) return true;
    return drain();
  }
  bool write_all(const uint8_t* p, size_t n) {
    while (n) {
      ssize_t r = ::write(fd_, p, n);
      if (r < 0) {
        if (errno == EINTR) continue;
        return io_fail("write");
      }
      p += r;
      n -= size_t(r);
    }
    return true;
  }
  bool drain() {
    if (broken_) return false;
    if (len_ == 0) return true;
    bool ok = write_all(buf_.get(), len_);
    len_ = 0;
    return ok;
  }
  // Appends bytes (any size: large ones bypass the buffer).
  bool append(const uint8_t* p, size_t n) {
    if (n > kBufSize / 2) {
      if (!drain()) return false;
      bytes_ += n;
      return write_all(p, n);
    }
    if (!reserve(n)) return false;
    std::memcpy(buf_.get() + len_, p, n);
    len_ += n;
    bytes_ += n;
    return true;
  }
  bool usable() {
    if (closed_) {
      error_ = Status::error(path_ + ": write after close");
      return false;
    }
    return !broken_;
  }

  std::string path_;
  WriteOptions opt_;
  int fd_;
  bool close_fd_;
  bool closed_ = false;
  bool broken_ = false;  // an I/O error happened: nothing more is written
  std::unique_ptr<uint8_t[]> buf_;
  size_t len_ = 0;
  uint64_t bytes_ = 0;
  uint64_t packets_ = 0;
  uint32_t cut_;  // packets are cut to this (snaplen; 0 = no limit)
  Status error_;
};

// ---------------------------------------------------------------- pcap

class PcapWriter final : public WriterBase {
 public:
  using WriterBase::WriterBase;
  ~PcapWriter() override { close(); }

  bool init() {
    if (!opt_.interfaces.empty()) {
      linktype_ = opt_.interfaces[0].linktype;
      if (!ensure_header()) return false;
      return opt_.flush_each_packet ? drain() : true;
    }
    return true;
  }

  uint32_t add_interface(const InterfaceInfo& info) override {
    opt_.interfaces.push_back(info);
    if (!header_done_) linktype_ = opt_.interfaces[0].linktype;
    return uint32_t(opt_.interfaces.size() - 1);
  }

  bool write(const PacketView& pkt) override {
    if (!usable()) return false;
    if (!header_done_) [[unlikely]] {
      linktype_ = pkt.linktype;
      if (!ensure_header()) return false;
    }
    if (pkt.linktype != linktype_) [[unlikely]] {
      error_ = Status::error(path_ + ": pcap file has link type " + std::to_string(linktype_) +
                             " but a packet has link type " + std::to_string(pkt.linktype) +
                             " (pcapng can mix link types)");
      return false;
    }
    uint32_t caplen = pkt.caplen < cut_ ? pkt.caplen : cut_;
    int64_t ts = pkt.ts_ns;
    int64_t sec = floor_seconds(ts);
    uint32_t frac = uint32_t(ts_frac(ts));
    if (!opt_.nanosecond) frac /= 1000;
    size_t need = 16 + size_t(caplen);
    if (need <= kBufSize / 2) [[likely]] {
      if (!reserve(need)) return false;
      uint8_t* p = buf_.get() + len_;
      st32(p, uint32_t(sec));
      st32(p + 4, frac);
      st32(p + 8, caplen);
      st32(p + 12, pkt.origlen);
      std::memcpy(p + 16, pkt.data, caplen);
      len_ += need;
      bytes_ += need;
    } else {
      uint8_t h[16];
      st32(h, uint32_t(sec));
      st32(h + 4, frac);
      st32(h + 8, caplen);
      st32(h + 12, pkt.origlen);
      if (!append(h, 16) || !append(pkt.data, caplen)) return false;
    }
    packets_++;
    if (opt_.flush_each_packet) return drain();
    return true;
  }

 protected:
  bool ensure_header() override {
    if (header_done_) return true;
    if (broken_) return false;
    if (closed_) return true;
    uint8_t h[24];
    st32(h, opt_.nanosecond ? 0xa1b23c4d : 0xa1b2c3d4);
    st16(h + 4, 2);
    st16(h + 6, 4);
    st32(h + 8, 0);
    st32(h + 12, 0);
    // The input's snaplen where it is smaller (as tcpdump -r -w keeps it).
    uint32_t snap = opt_.snaplen;
    for (const auto& i : opt_.interfaces)
      if (i.linktype == linktype_) {
        snap = smaller_snaplen(snap, i.snaplen);
        break;
      }
    st32(h + 16, snap ? snap : 262144);
    if (snap && snap < cut_) cut_ = snap;  // records no longer than the header says
    st32(h + 20, linktype_);
    header_done_ = true;
    return append(h, 24);
  }

 private:
  bool header_done_ = false;
  uint32_t linktype_ = linktype::kEthernet;
};

// ---------------------------------------------------------------- pcapng

class PcapngWriter final : public WriterBase {
 public:
  using WriterBase::WriterBase;
  ~PcapngWriter() override { close(); }

  bool init() {
    if (!write_shb()) return false;
    for (const auto& i : opt_.interfaces)
      if (!write_idb(i)) return false;
    return opt_.flush_each_packet ? drain() : true;
  }

  uint32_t add_interface(const InterfaceInfo& info) override {
    opt_.interfaces.push_back(info);
    write_idb(info);
    if (opt_.flush_each_packet) drain();
    return uint32_t(opt_.interfaces.size() - 1);
  }

  bool write(const PacketView& pkt) override {
    if (!usable()) return false;
    uint32_t iface = pkt.iface;
    if (iface >= opt_.interfaces.size() || opt_.interfaces[iface].linktype != pkt.linktype) [[unlikely]] {
      iface = interface_for(pkt.linktype);
      if (broken_) return false;
    }
    // Cut to the snaplen the interface's IDB declares (as a reader would).
    uint32_t lim = smaller_snaplen(opt_.snaplen, opt_.interfaces[iface].snaplen);
    if (lim == 0) lim = UINT32_MAX;
    uint32_t caplen = pkt.caplen < lim ? pkt.caplen : lim;
    uint64_t units = uint64_t(pkt.ts_ns);
    if (!opt_.nanosecond) units = uint64_t(pkt.ts_ns / 1000);
    const bool flags = pkt.dir != Direction::Unknown;
    size_t padded = pad4(caplen);
    size_t total = 32 + padded + (flags ? 12 : 0);
    uint8_t hdr[28];
    uint8_t* p;
    const bool inplace = total <= kBufSize / 2;
    if (inplace) [[likely]] {
      if (!reserve(total)) return false;
      p = buf_.get() + len_;
    } else {
      p = hdr;
    }
    st32(p, 6);
    st32(p + 4, uint32_t(total));
    st32(p + 8, iface);
    st32(p + 12, uint32_t(units >> 32));
    st32(p + 16, uint32_t(units));
    st32(p + 20, caplen);
    st32(p + 24, pkt.origlen);
    uint8_t tail[16];
    uint8_t* t = inplace ? p + 28 + padded : tail;
    size_t tlen = 0;
    if (inplace) {
      std::memcpy(p + 28, pkt.data, caplen);
      if (padded != caplen) std::memset(p + 28 + caplen, 0, padded - caplen);
    }
    if (flags) {
      st16(t, 2);  // epb_flags
      st16(t + 2, 4);
      st32(t + 4, pkt.dir == Direction::Inbound ? 1u : 2u);
      st32(t + 8, 0);  // opt_endofopt
      tlen = 12;
    }
    st32(t + tlen, uint32_t(total));
    tlen += 4;
    if (inplace) {
      len_ += total;
      bytes_ += total;
    } else {
      static const uint8_t zeros[4] = {};
      if (!append(hdr, 28) || !append(pkt.data, caplen) || !append(zeros, padded - caplen) ||
          !append(tail, tlen))
        return false;
    }
    packets_++;
    if (opt_.flush_each_packet) return drain();
    return true;
  }

 protected:
  bool ensure_header() override { return true; }  // written at creation

 private:
  // Builds a block from a body; options are appended with add_opt.
  struct Block {
    uint8_t b[4096];
    size_t n = 0;
    void u16(uint16_t v) { st16(b + n, v), n += 2; }
    void u32(uint32_t v) { st32(b + n, v), n += 4; }
    void u64(uint64_t v) { st64(b + n, v), n += 8; }
    // Adds an option; values are cut to 1 KiB so any block fits in b.
    void opt(uint16_t code, const void* v, size_t len) {
      if (len > 1024) len = 1024;
      u16(code);
      u16(uint16_t(len));
      std::memcpy(b + n, v, len);
      std::memset(b + n + len, 0, pad4(len) - len);
      n += pad4(len);
    }
  };

  bool emit(Block& blk, uint32_t type) {
    // blk.b starts with 8 bytes reserved for type+length.
    blk.u32(0);  // trailer placeholder
    st32(blk.b, type);
    st32(blk.b + 4, uint32_t(blk.n));
    st32(blk.b + blk.n - 4, uint32_t(blk.n));
    return append(blk.b, blk.n);
  }

  bool write_shb() {
    Block blk;
    blk.n = 8;
    blk.u32(0x1A2B3C4D);
    blk.u16(1);
    blk.u16(0);
    blk.u64(~uint64_t(0));  // section length unknown
    if (!opt_.user_appl.empty()) {
      blk.opt(4, opt_.user_appl.data(), opt_.user_appl.size());
      blk.u32(0);  // opt_endofopt
    }
    return emit(blk, 0x0A0D0D0A);
  }

  bool write_idb(const InterfaceInfo& i) {
    Block blk;
    blk.n = 8;
    blk.u16(uint16_t(i.linktype));
    blk.u16(0);
    blk.u32(smaller_snaplen(opt_.snaplen, i.snaplen));
    if (!i.name.empty()) blk.opt(2, i.name.data(), i.name.size());
    if (!i.description.empty()) blk.opt(3, i.description.data(), i.description.size());
    uint8_t res = opt_.nanosecond ? 9 : 6;
    blk.opt(9, &res, 1);
    blk.u32(0);  // opt_endofopt
    return emit(blk, 1);
  }

  // First interface with this link type, added if there is none.
  uint32_t interface_for(uint32_t lt) {
    for (size_t i = 0; i < opt_.interfaces.size(); ++i)
      if (opt_.interfaces[i].linktype == lt) return uint32_t(i);
    InterfaceInfo info;
    info.linktype = lt;
    info.snaplen = opt_.snaplen;
    opt_.interfaces.push_back(info);
    write_idb(info);
    return uint32_t(opt_.interfaces.size() - 1);
  }
};

}  // namespace

std::unique_ptr<PacketWriter> create_capture_file(const std::string& path, const WriteOptions& opt,
                                                  Status& err) {
  int fd;
  bool close_fd;
  if (path == "-") {
    fd = 1;
    close_fd = false;
  } else {
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
      err = Status::error(path + ": cannot create: " + std::strerror(errno));
      return nullptr;
    }
    close_fd = true;
  }
  bool ok;
  std::unique_ptr<PacketWriter> w;
  if (opt.format == FileFormat::Pcap) {
    auto p = std::make_unique<PcapWriter>(path, opt, fd, close_fd);
    ok = p->init();
    w = std::move(p);
  } else {
    auto p = std::make_unique<PcapngWriter>(path, opt, fd, close_fd);
    ok = p->init();
    w = std::move(p);
  }
  if (!ok) {
    err = w->error();
    return nullptr;
  }
  err = Status::ok();
  return w;
}

}  // namespace weir
