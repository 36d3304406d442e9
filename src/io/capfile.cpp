// Opening capture files: input windows (mmap / stream buffer) and format
// detection. The formats themselves are in pcap_reader.cpp / pcapng_reader.cpp.
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <cstdio>
#include <cstring>

#include "io/capfile_reader.hpp"

namespace weir {
namespace capio {

namespace {
constexpr size_t kStreamBuf = 4u << 20;  // initial stream buffer

std::string errno_text(int e) { return std::strerror(e); }
std::atomic<int> g_wake_fd{-1};
}  // namespace

// gzip state: zlib's stream and the compressed bytes, from a mapping (the
// Input's own, kept until release) or read from fd_.
struct Input::Gzip {
  z_stream zs{};
  bool inited = false;
  const uint8_t* mem = nullptr;  // compressed bytes when they are in memory
  size_t mem_len = 0;
  std::unique_ptr<uint8_t[]> in;  // compressed bytes read from the stream
  static constexpr size_t kIn = 256 * 1024;
  bool src_eof = false;
  uint64_t consumed = 0;  // compressed bytes zlib has taken (for messages)
  uint64_t read = 0;      // compressed bytes read from the stream
  bool in_member = false;  // a member has begun and not ended yet
  std::string pending_err;  // an error to report once the bytes before it are out
  ~Gzip() {
    if (inited) inflateEnd(&zs);
  }
};

void Input::GzipDelete::operator()(Gzip* g) const { delete g; }

Input::~Input() { release(); }

void Input::release() {
  gz_.reset();
  if (unmap_ && map_) munmap(const_cast<uint8_t*>(map_), map_len_);
  if (close_fd_ && fd_ >= 0) ::close(fd_);
  map_ = nullptr;
  unmap_ = false;
  fd_ = -1;
  close_fd_ = false;
}

Input& Input::operator=(Input&& o) noexcept {
  if (this == &o) return *this;
  release();
  data_ = o.data_;
  len_ = o.len_;
  pos_ = o.pos_;
  base_ = o.base_;
  eof_ = o.eof_;
  map_ = o.map_;
  map_len_ = o.map_len_;
  unmap_ = o.unmap_;
  populated_ = o.populated_;
  pf_ = 0;
  fd_ = o.fd_;
  close_fd_ = o.close_fd_;
  buf_ = std::move(o.buf_);
  cap_ = o.cap_;
  io_error_ = std::move(o.io_error_);
  gz_ = std::move(o.gz_);
  o.map_ = nullptr;
  o.unmap_ = false;
  o.fd_ = -1;
  o.close_fd_ = false;
  o.data_ = nullptr;
  o.len_ = o.pos_ = 0;
  return *this;
}

void Input::set_memory(const uint8_t* data, size_t size, bool unmap) {
  data_ = map_ = data;
  len_ = map_len_ = size;
  unmap_ = unmap;
  pos_ = 0;
  base_ = 0;
  eof_ = true;
}

void Input::set_stream(int fd, bool close_fd) {
  fd_ = fd;
  close_fd_ = close_fd;
  cap_ = kStreamBuf;
  buf_.reset(new uint8_t[cap_]);
  data_ = buf_.get();
  len_ = pos_ = 0;
  base_ = 0;
  eof_ = false;
}

void Input::prefault_slow() {
#ifdef MADV_POPULATE_READ
  size_t page = size_t(sysconf(_SC_PAGESIZE));
  size_t from = populated_ & ~(page - 1);
  size_t to = pos_ + kPrefaultAhead;
  if (to > map_len_) to = map_len_;
  if (to > from &&
      madvise(const_cast<uint8_t*>(map_) + from, to - from, MADV_POPULATE_READ) != 0) {
    populated_ = map_len_;  // not supported (old kernel): fault pages in as usual
    return;
  }
  populated_ = to;
#else
  populated_ = map_len_;
#endif
}

bool Input::set_gzip() {
  std::unique_ptr<Gzip, GzipDelete> g(new Gzip);
  if (inflateInit2(&g->zs, 15 + 16) != Z_OK) {  // 16: gzip members only
    io_error_ = "cannot start zlib";
    return false;
  }
  g->inited = true;
  size_t have = len_ - pos_;
  if (fd_ < 0) {
    // A mapping (or memory): inflate it in place; it stays mapped.
    g->mem = data_ + pos_;
    g->mem_len = have;
    g->zs.next_in = const_cast<Bytef*>(g->mem);
    g->zs.avail_in = uInt(have > UINT32_MAX ? UINT32_MAX : have);
    g->src_eof = have <= UINT32_MAX;
    buf_.reset(new uint8_t[kStreamBuf]);
    cap_ = kStreamBuf;
  } else {
    // A stream: what was read already is the start of the compressed data.
    g->in.reset(new uint8_t[Gzip::kIn > have ? Gzip::kIn : have]);
    std::memcpy(g->in.get(), data_ + pos_, have);
    g->zs.next_in = g->in.get();
    g->zs.avail_in = uInt(have);
    g->read = have;
  }
  gz_ = std::move(g);
  data_ = buf_.get();
  len_ = pos_ = 0;
  base_ = 0;
  eof_ = false;
  return true;
}

ssize_t Input::read_fd(uint8_t* dst, size_t n, bool wakeable, uint64_t at) {
  if (int wfd = wakeable ? g_wake_fd.load(std::memory_order_relaxed) : -1; wfd >= 0) {
    // Wait for data or the wake descriptor: a signal that came before this
    // point has already made the latter readable.
    pollfd p[2] = {{fd_, POLLIN, 0}, {wfd, POLLIN, 0}};
    int pr = ::poll(p, 2, -1);
    if (pr < 0 && errno == EINTR) return -2;  // receive() reports Interrupted
    if (pr > 0 && (p[1].revents & POLLIN)) return -2;
  }
  ssize_t r = ::read(fd_, dst, n);
  if (r >= 0) return r;
  if (errno == EINTR) return -2;  // a signal: receive() reports Interrupted
  io_error_ = "read error at offset " + std::to_string(at) + ": " + errno_text(errno);
  return -1;
}

ssize_t Input::read_gzip(uint8_t* dst, size_t n, bool wakeable) {
  Gzip& g = *gz_;
  z_stream& zs = g.zs;
  if (!g.pending_err.empty()) {  // the bytes before it went out last time
    io_error_ = std::move(g.pending_err);
    return -1;
  }
  for (;;) {
    if (zs.avail_in == 0 && !g.src_eof) {
      if (g.mem) {  // the rest of a mapping above 4 GiB
        size_t done = size_t(zs.next_in - g.mem);
        size_t rest = g.mem_len - done;
        zs.avail_in = uInt(rest > UINT32_MAX ? UINT32_MAX : rest);
        g.src_eof = rest <= UINT32_MAX;
      } else {
        ssize_t r = read_fd(g.in.get(), Gzip::kIn, wakeable, g.read);
        if (r < 0) return r;
        if (r == 0) g.src_eof = true;
        g.read += uint64_t(r);
        zs.next_in = g.in.get();
        zs.avail_in = uInt(r);
      }
    }
    zs.next_out = dst;
    zs.avail_out = uInt(n > UINT32_MAX ? UINT32_MAX : n);
    uInt before = zs.avail_in;
    int rc = inflate(&zs, Z_NO_FLUSH);
    g.consumed += before - zs.avail_in;
    if (before != zs.avail_in) g.in_member = true;
    size_t produced = size_t(zs.next_out - dst);
    if (rc == Z_STREAM_END) {
      // Another member may follow (gzip -c a b > c): start over on it.
      g.in_member = false;
      if (zs.avail_in > 0 || !g.src_eof) inflateReset(&zs);
      else if (produced == 0) return 0;
      if (produced > 0) return ssize_t(produced);
      continue;
    }
    std::string err;
    if (rc != Z_OK && rc != Z_BUF_ERROR)
      err = "gzip data error after " + std::to_string(g.consumed) + " compressed bytes" +
            (zs.msg ? std::string(": ") + zs.msg : std::string());
    else if (produced == 0 && zs.avail_in == 0 && g.src_eof && g.in_member)
      err = "gzip data cut short after " + std::to_string(g.consumed) + " compressed bytes";
    if (!err.empty()) {
      // What was inflated before the damage is good: it goes out first.
      if (produced > 0) {
        g.pending_err = std::move(err);
        return ssize_t(produced);
      }
      io_error_ = std::move(err);
      return -1;
    }
    if (produced > 0) return ssize_t(produced);
    if (zs.avail_in == 0 && g.src_eof) return 0;  // the end, after a whole member
  }
}

// Compacts (moves the unread bytes to the front), grows if one record needs
// more than the buffer holds, then reads (or inflates) until n bytes are
// there or EOF.
bool Input::fill_slow(size_t n, bool wakeable) {
  if (fd_ < 0 && !gz_) return false;
  size_t have = len_ - pos_;
  if (pos_ + n > cap_) {
    // Grow when n is more than half the buffer: otherwise a reader asking
    // for nearly a buffer's worth while stepping one byte at a time (salvage
    // on a pipe) would move the whole buffer on every step.
    if (n > cap_ / 2) {
      size_t ncap = cap_;
      while (ncap < 2 * n) ncap *= 2;
      std::unique_ptr<uint8_t[]> nb(new uint8_t[ncap]);
      std::memcpy(nb.get(), buf_.get() + pos_, have);
      buf_ = std::move(nb);
      cap_ = ncap;
    } else {
      std::memmove(buf_.get(), buf_.get() + pos_, have);
    }
    base_ += pos_;
    pos_ = 0;
    len_ = have;
    data_ = buf_.get();
  }
  while (len_ - pos_ < n) {
    ssize_t r = gz_ ? read_gzip(buf_.get() + len_, cap_ - len_, wakeable)
                    : read_fd(buf_.get() + len_, cap_ - len_, wakeable, base_ + len_);
    if (r > 0) {
      len_ += size_t(r);
      continue;
    }
    if (r == -2) return false;  // interrupted: receive() reports Interrupted
    eof_ = true;  // the end, or an error (io_error_)
    return false;
  }
  return true;
}

}  // namespace capio

void set_read_wake_fd(int fd) { capio::g_wake_fd.store(fd, std::memory_order_relaxed); }

namespace {

std::unique_ptr<CaptureReader> open_input(std::string name, capio::Input&& in,
                                          const ReadOptions& opt, Status& err) {
  if (!in.fill_retry(4)) {
    if (!in.io_error().empty())
      err = Status::error(name + ": " + in.io_error());
    else if (in.avail() == 0)
      err = Status::error(name + ": file is empty");
    else
      err = Status::error(name + ": file too short (" + std::to_string(in.avail()) +
                          " bytes) to be a capture file");
    return nullptr;
  }
  const uint8_t* head = in.cur();
  if (head[0] == 0x1f && head[1] == 0x8b && !in.is_gzip()) {
    // gzip-compressed, as tshark reads it (file.pcap.gz, or piped).
    if (!in.set_gzip() || !in.fill_retry(4)) {
      err = Status::error(name + ": " + (in.io_error().empty() ? std::string("gzip data holds no capture")
                                                                : in.io_error()));
      return nullptr;
    }
  }
  uint32_t magic = capio::ld32(in.cur(), false);
  uint32_t swapped = capio::bswap32(magic);
  auto is = [&](uint32_t m) { return magic == m || swapped == m; };
  std::unique_ptr<capio::ReaderBase> r;
  if (is(0xa1b2c3d4) || is(0xa1b23c4d)) {
    r = capio::make_pcap_reader(std::move(name), opt, std::move(in), err);
  } else if (magic == 0x0a0d0d0a) {
    r = capio::make_pcapng_reader(std::move(name), opt, std::move(in), err);
  } else if (is(0xa1b2cd34)) {
    err = Status::error(name + ": modified (Kuznetzov) pcap format, magic 0xa1b2cd34, is not supported");
  } else if (is(0xa1b234cd)) {
    err = Status::error(name + ": Navtel/AIX pcap variant (magic 0xa1b234cd) is not supported");
  } else {
    const uint8_t* p = in.cur();
    char hex[16];
    std::snprintf(hex, sizeof hex, "%02x%02x%02x%02x", p[0], p[1], p[2], p[3]);
    err = Status::error(name + ": not a pcap or pcapng file (first bytes " + hex + ")");
  }
  if (!r) return nullptr;
  err = Status::ok();
  return r;
}

}  // namespace

std::unique_ptr<CaptureReader> open_capture_reader(const std::string& path, const ReadOptions& opt,
                                                   Status& err) {
  capio::Input in;
  if (path == "-") {
    in.set_stream(0, false);
    return open_input("-", std::move(in), opt, err);
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    err = Status::error(path + ": cannot open: " + capio::errno_text(errno));
    return nullptr;
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    err = Status::error(path + ": cannot stat: " + capio::errno_text(errno));
    ::close(fd);
    return nullptr;
  }
  if (S_ISDIR(st.st_mode)) {
    err = Status::error(path + ": is a directory");
    ::close(fd);
    return nullptr;
  }
  if (S_ISREG(st.st_mode)) {
    if (st.st_size == 0) {
      in.set_memory(nullptr, 0, false);
    } else {
      void* m = mmap(nullptr, size_t(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (m == MAP_FAILED) {
        // Fall back to reading it as a stream.
        in.set_stream(fd, true);
        return open_input(path, std::move(in), opt, err);
      }
      madvise(m, size_t(st.st_size), MADV_SEQUENTIAL);
      in.set_memory(static_cast<const uint8_t*>(m), size_t(st.st_size), true);
    }
    ::close(fd);
    return open_input(path, std::move(in), opt, err);
  }
  in.set_stream(fd, true);
  return open_input(path, std::move(in), opt, err);
}

std::unique_ptr<PacketSource> open_capture_file(const std::string& path, const ReadOptions& opt,
                                                Status& err) {
  return open_capture_reader(path, opt, err);
}

std::unique_ptr<CaptureReader> open_capture_memory(const uint8_t* data, size_t size,
                                                   const std::string& name, const ReadOptions& opt,
                                                   Status& err) {
  capio::Input in;
  in.set_memory(data, size, false);
  return open_input(name, std::move(in), opt, err);
}

bool capture_file_stats(const PacketSource& src, CaptureFileStats& out) {
  auto* r = dynamic_cast<const CaptureReader*>(&src);
  if (!r) return false;
  out = r->stats();
  return true;
}

}  // namespace weir
