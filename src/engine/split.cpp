#include "split.hpp"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "weir/bytes.hpp"
#include "weir/format.hpp"
#include "weir/layers.hpp"
#include "weir/stats.hpp"

namespace weir {

namespace {

void put(SplitName& n, std::string_view s) {
  size_t k = s.size() < sizeof n.s - n.n ? s.size() : sizeof n.s - n.n;
  std::memcpy(n.s + n.n, s.data(), k);
  n.n += k;
}

void put_addr(SplitName& n, uint8_t family, const uint8_t* a) {
  char buf[64];
  size_t l = family == 6 ? fmt::ipv6(buf, a) : fmt::ipv4(buf, a);
  put(n, std::string_view(buf, l));
}

void put_dec(SplitName& n, uint64_t v) {
  char buf[24];
  put(n, std::string_view(buf, fmt::dec(buf, v)));
}

std::string errno_text(const std::string& what) { return what + ": " + std::strerror(errno); }

// A part file mapped read-only for merging (a long flow's part can be large:
// no copy into memory).
struct MappedFile {
  const char* data = nullptr;
  size_t size = 0;
  ~MappedFile() {
    if (data && size) ::munmap(const_cast<char*>(data), size);
  }
  bool open(const std::string& path, Status& err) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      err = Status::error(errno_text(path));
      return false;
    }
    struct stat st;
    if (::fstat(fd, &st) != 0) {
      err = Status::error(errno_text(path));
      ::close(fd);
      return false;
    }
    size = size_t(st.st_size);
    if (size) {
      void* m = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
      if (m == MAP_FAILED) {
        err = Status::error(errno_text(path));
        size = 0;
        ::close(fd);
        return false;
      }
      data = static_cast<const char*>(m);
      ::madvise(m, size, MADV_SEQUENTIAL);
    }
    ::close(fd);
    return true;
  }
};

bool append_bytes(int fd, const char* p, size_t n) {
  while (n) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += w;
    n -= size_t(w);
  }
  return true;
}

}  // namespace

size_t split_names(SplitBy by, const DecodedPacket& d, SplitName out[2]) {
  int ip = -1;
  for (int i = 0; i < d.nlayers; ++i)
    if (d.layers[i].proto == Proto::Ipv4 || d.layers[i].proto == Proto::Ipv6) {
      ip = i;
      break;
    }
  if (ip < 0 || d.layers[ip].truncated) return 0;
  const Layer& L = d.layers[ip];
  uint8_t family = L.proto == Proto::Ipv4 ? 4 : 6;
  const uint8_t* src = family == 4 ? L.as<Ipv4Fields>().src : L.as<Ipv6Fields>().src;
  const uint8_t* dst = family == 4 ? L.as<Ipv4Fields>().dst : L.as<Ipv6Fields>().dst;
  uint8_t ipproto = family == 4 ? L.as<Ipv4Fields>().proto : L.as<Ipv6Fields>().final_next;

  if (by == SplitBy::Ip) {
    out[0].n = 0;
    put_addr(out[0], family, src);
    if (std::memcmp(src, dst, family == 4 ? 4 : 16) == 0) return 1;
    out[1].n = 0;
    put_addr(out[1], family, dst);
    return 2;
  }

  // Transport right above the IP header (skipping IPv6 extension headers).
  int tl = -1;
  for (int i = ip + 1; i < d.nlayers; ++i) {
    Proto p = d.layers[i].proto;
    if (p == Proto::Ipv6HopOpts || p == Proto::Ipv6Routing || p == Proto::Ipv6DestOpts ||
        p == Proto::Ipv6Fragment || p == Proto::Ah)
      continue;
    if ((p == Proto::Tcp || p == Proto::Udp) && !d.layers[i].truncated) tl = i;
    break;
  }
  uint16_t sport = 0, dport = 0;
  if (tl >= 0) {
    const Layer& T = d.layers[tl];
    sport = T.proto == Proto::Tcp ? T.as<TcpFields>().sport : T.as<UdpFields>().sport;
    dport = T.proto == Proto::Tcp ? T.as<TcpFields>().dport : T.as<UdpFields>().dport;
  }

  if (by == SplitBy::Port) {
    if (tl < 0) return 0;
    out[0].n = 0;
    put(out[0], "port-");
    put_dec(out[0], sport < dport ? sport : dport);
    return 1;
  }

  // Flow.
  ConvKey k;
  make_conv_key(family, ipproto, src, sport, dst, dport, k);
  SplitName& n = out[0];
  n.n = 0;
  put_addr(n, family, k.addr_a);
  if (tl >= 0) {
    put(n, "_");
    put_dec(n, k.port_a);
  }
  put(n, "-");
  put_addr(n, family, k.addr_b);
  if (tl >= 0) {
    put(n, "_");
    put_dec(n, k.port_b);
    put(n, d.layers[tl].proto == Proto::Tcp ? "_tcp" : "_udp");
  } else if (ipproto == 1) {
    put(n, "_icmp");
  } else if (ipproto == 58) {
    put(n, "_icmpv6");
  } else {
    put(n, "_ip");
    put_dec(n, ipproto);
  }
  return 1;
}

Status append_capture_part(const std::string& main, const std::string& part, FileFormat format,
                           uint32_t main_ifaces, uint32_t& ifaces_after) {
  ifaces_after = main_ifaces;
  MappedFile data;
  Status err;
  if (!data.open(part, err)) return err;
  const auto* p = reinterpret_cast<const uint8_t*>(data.data);
  size_t n = data.size;
  int fd = ::open(main.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) return Status::error(errno_text(main));
  bool ok = true;
  if (format == FileFormat::Pcap) {
    if (n < 24) {
      ::close(fd);
      return Status::error(part + ": too short for a pcap header");
    }
    ok = append_bytes(fd, data.data + 24, n - 24);
  } else {
    // pcapng: blocks of (type, total length, body, total length).
    if (n < 28 || load_le32(p) != 0x0A0D0D0A) {
      ::close(fd);
      return Status::error(part + ": not a pcapng section");
    }
    bool le = load_le32(p + 8) == 0x1A2B3C4D;
    auto u32 = [le](const uint8_t* q) { return le ? load_le32(q) : load_be32(q); };
    size_t off = 0;
    uint32_t idb = 0;
    while (off < n) {
      if (n - off < 12) {
        ok = false;
        break;
      }
      uint32_t type = u32(p + off);
      uint32_t len = u32(p + off + 4);
      if (len < 12 || len % 4 || len > n - off) {
        ok = false;
        break;
      }
      bool keep = true;
      if (type == 0x0A0D0D0A) {
        keep = off != 0 ? (ok = false) : false;  // a second section is not expected
        if (!ok) break;
      } else if (type == 1) {
        keep = idb >= main_ifaces;
        ++idb;
      }
      if (keep && !append_bytes(fd, data.data + off, len)) {
        ::close(fd);
        return Status::error(errno_text(main));
      }
      off += len;
    }
    if (idb > ifaces_after) ifaces_after = idb;
    if (!ok) {
      ::close(fd);
      return Status::error(part + ": malformed pcapng block while merging");
    }
  }
  if (::close(fd) != 0 || !ok) return Status::error(errno_text(main));
  return Status::ok();
}

struct SplitWriter::Entry {
  std::string path;
  std::string part;
  std::unique_ptr<PacketWriter> w;
  bool created = false;       // main file exists
  bool writing_part = false;  // current writer writes `part`
  uint32_t linktype = 0;      // pcap: the file's link type
  uint32_t main_ifaces = 0;   // interface descriptions in the main file
  uint32_t cur_ifaces = 0;    // interfaces added to the current writer
  std::list<Entry*>::iterator lru;
  bool in_lru = false;
};

SplitWriter::SplitWriter(SplitBy by, std::string dir, WriteOptions wo, size_t max_open)
    : by_(by), dir_(std::move(dir)), wo_(std::move(wo)), max_open_(max_open ? max_open : 1) {}

SplitWriter::~SplitWriter() { finish(); }

Status SplitWriter::init() {
  while (dir_.size() > 1 && dir_.back() == '/') dir_.pop_back();
  if (dir_.empty()) return Status::error("--split-by needs an output directory");
  struct stat st;
  if (::stat(dir_.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) return Status::error(dir_ + ": not a directory");
    return Status::ok();
  }
  if (::mkdir(dir_.c_str(), 0755) != 0) return Status::error(errno_text("cannot create directory " + dir_));
  return Status::ok();
}

bool SplitWriter::open(Entry& e, const std::vector<InterfaceInfo>& ifaces) {
  WriteOptions wo = wo_;
  if (wo.format == FileFormat::Pcap) {
    InterfaceInfo info;
    info.linktype = e.linktype;
    wo.interfaces = {info};
  } else {
    wo.interfaces = ifaces;
  }
  Status err;
  const std::string& target = e.created ? e.part : e.path;
  e.w = create_capture_file(target, wo, err);
  if (!e.w) {
    err_ = err.is_ok() ? Status::error("cannot create " + target) : err;
    return false;
  }
  if (e.created) ++reopens_;
  e.writing_part = e.created;
  e.created = true;
  e.cur_ifaces = uint32_t(wo.interfaces.size());
  return true;
}

bool SplitWriter::close(Entry& e) {
  if (!e.w) return true;
  bool ok = e.w->close();
  if (!ok && err_.is_ok()) err_ = e.w->error();
  e.w.reset();
  if (e.in_lru) {
    lru_.erase(e.lru);
    e.in_lru = false;
  }
  if (e.writing_part) {
    uint32_t after = 0;
    Status s = append_capture_part(e.path, e.part, wo_.format, e.main_ifaces, after);
    ::unlink(e.part.c_str());
    if (!s) {
      if (err_.is_ok()) err_ = s;
      return false;
    }
    e.main_ifaces = after;
    e.writing_part = false;
  } else {
    e.main_ifaces = e.cur_ifaces;
  }
  return ok;
}

bool SplitWriter::write(const DecodedPacket& d, const std::vector<InterfaceInfo>& ifaces) {
  if (!err_.is_ok()) return false;
  SplitName names[2];
  size_t nn = split_names(by_, d, names);
  if (nn == 0) {
    ++unsplit_;
    return true;
  }
  const PacketView& pkt = *d.pkt;
  const char* ext = wo_.format == FileFormat::Pcap ? ".pcap" : ".pcapng";
  for (size_t i = 0; i < nn; ++i) {
    auto it = entries_.find(names[i].view());
    if (it == entries_.end()) {
      if (entries_.size() >= kMaxFiles) {
        ++overflow_;
        continue;
      }
      auto e = std::make_unique<Entry>();
      std::string base(names[i].view());
      e->path = dir_ + "/" + base + ext;
      e->part = dir_ + "/." + base + ext + ".part";
      e->linktype = pkt.linktype;
      it = entries_.emplace(std::move(base), std::move(e)).first;
    }
    Entry& e = *it->second;
    if (wo_.format == FileFormat::Pcap && pkt.linktype != e.linktype) {
      ++unsplit_;  // a pcap file has one link type
      continue;
    }
    if (!e.w) {
      if (lru_.size() >= max_open_ && !close(*lru_.back())) return false;
      if (!open(e, ifaces)) return false;
      lru_.push_front(&e);
      e.lru = lru_.begin();
      e.in_lru = true;
    } else if (e.lru != lru_.begin()) {
      lru_.splice(lru_.begin(), lru_, e.lru);
    }
    if (wo_.format == FileFormat::PcapNg) {
      while (e.cur_ifaces <= pkt.iface && e.cur_ifaces < ifaces.size()) e.w->add_interface(ifaces[e.cur_ifaces++]);
    }
    if (!e.w->write(pkt)) {
      if (err_.is_ok()) err_ = e.w->error();
      return false;
    }
  }
  return true;
}

Status SplitWriter::finish() {
  while (!lru_.empty()) close(*lru_.back());
  return err_;
}

}  // namespace weir
