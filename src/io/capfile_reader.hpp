// Private: the input window shared by the pcap and pcapng readers, and the
// reader base class. See include/weir/capfile.hpp for the behaviour.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "weir/capfile.hpp"

namespace weir::capio {

inline uint16_t bswap16(uint16_t v) { return __builtin_bswap16(v); }
inline uint32_t bswap32(uint32_t v) { return __builtin_bswap32(v); }
inline uint64_t bswap64(uint64_t v) { return __builtin_bswap64(v); }

// Loads in host order, optionally swapped. Callers check bounds first.
inline uint16_t ld16(const uint8_t* p, bool swap) {
  uint16_t v;
  std::memcpy(&v, p, 2);
  return swap ? bswap16(v) : v;
}
inline uint32_t ld32(const uint8_t* p, bool swap) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return swap ? bswap32(v) : v;
}
inline uint64_t ld64(const uint8_t* p, bool swap) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return swap ? bswap64(v) : v;
}

// A window onto the file: the whole mapping/memory block, or a growable
// buffer refilled from a stream. `cur()` is the parse position.
class Input {
 public:
  Input() = default;
  ~Input();
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;
  Input(Input&& o) noexcept { *this = std::move(o); }
  Input& operator=(Input&& o) noexcept;

  // Whole file/memory present at once. `unmap` = munmap on destruction.
  void set_memory(const uint8_t* data, size_t size, bool unmap);
  // A stream (stdin, pipe, ...). `close_fd` = close on destruction.
  void set_stream(int fd, bool close_fd);
  // The bytes from cur() on (and the rest of the mapping or stream) are
  // gzip (several members allowed, as gzip -c a b): from now on the input
  // is their decompressed content, as a stream from offset 0. False, with
  // io_error(), when zlib cannot start.
  bool set_gzip();
  bool is_gzip() const { return gz_ != nullptr; }

  const uint8_t* cur() const { return data_ + pos_; }
  size_t avail() const { return len_ - pos_; }
  uint64_t offset() const { return base_ + pos_; }  // file offset of cur()
  void advance(size_t n) { pos_ += n; }

  // Makes at least n bytes available at cur(). Reads from a stream only if
  // may_io (reading may move the buffer, invalidating earlier pointers).
  // False when fewer are available: then either more_possible() (may_io was
  // false, or a signal interrupted read(2)) or the end of input was reached
  // (or a read failed: io_error()).
  bool fill(size_t n, bool may_io) {
    if (len_ - pos_ >= n) return true;
    if (eof_ || !may_io) return false;
    return fill_slow(n);
  }
  // fill() that retries when a signal interrupts the read (for file headers,
  // where there is no receive() to report Interrupted from).
  // It does not watch the wake descriptor (set_read_wake_fd): that stays
  // readable once written, and a retry loop would spin on it.
  bool fill_retry(size_t n) {
    while (len_ - pos_ < n) {
      if (eof_) return false;
      fill_slow(n, false);
    }
    return true;
  }
  bool more_possible() const { return !eof_; }
  // Software prefetch of the bytes ahead of the parse position. The next
  // record's address depends on this record's length, so hardware prefetch
  // does not help and every header would be a cache miss. Called per record;
  // usually issues a few prefetch instructions.
  void prefetch_ahead() {
    uintptr_t c = reinterpret_cast<uintptr_t>(data_) + pos_;
    uintptr_t end = reinterpret_cast<uintptr_t>(data_) + len_;
    uintptr_t want = end - c > kPrefetchAhead ? c + kPrefetchAhead : end;
    if (pf_ < c) pf_ = c & ~uintptr_t(63);
    while (pf_ < want) {
      __builtin_prefetch(reinterpret_cast<const void*>(pf_));
      pf_ += 64;
    }
  }
  // For a mapping: prefaults the next window of pages in one system call, so
  // the parser does not take a page fault every few packets. Called once per
  // receive(); cheap when the window is still ahead.
  void prefault() {
    if (unmap_ && !gz_ && populated_ < map_len_ && pos_ + kPrefaultAhead / 2 > populated_) prefault_slow();
  }
  const std::string& io_error() const { return io_error_; }
  bool is_stream() const { return fd_ >= 0 || gz_; }

 private:
  struct Gzip;
  struct GzipDelete {
    void operator()(Gzip* g) const;  // (Gzip is complete only in capfile.cpp)
  };
  bool fill_slow(size_t n, bool wakeable = true);
  // read(2) on the stream, waiting on the wake descriptor first (see
  // set_read_wake_fd): > 0 bytes, 0 at the end, -1 on an error (io_error_
  // set, naming file offset `at`), -2 when a signal or the wake descriptor
  // interrupted it.
  ssize_t read_fd(uint8_t* dst, size_t n, bool wakeable, uint64_t at);
  // The next decompressed bytes into dst (same results as read_fd).
  ssize_t read_gzip(uint8_t* dst, size_t n, bool wakeable);
  void release();  // unmap / close what this owns
  void prefault_slow();
  static constexpr size_t kPrefaultAhead = 16u << 20;
  size_t populated_ = 0;  // mapping prefaulted up to here
  static constexpr uintptr_t kPrefetchAhead = 4096;
  uintptr_t pf_ = 0;  // prefetched up to this address
  const uint8_t* data_ = nullptr;
  size_t len_ = 0;   // valid bytes at data_
  size_t pos_ = 0;
  uint64_t base_ = 0;  // file offset of data_[0]
  bool eof_ = true;
  // memory mode
  const uint8_t* map_ = nullptr;
  size_t map_len_ = 0;
  bool unmap_ = false;
  // stream mode
  int fd_ = -1;
  bool close_fd_ = false;
  std::unique_ptr<uint8_t[]> buf_;
  size_t cap_ = 0;
  std::string io_error_;
  std::unique_ptr<Gzip, GzipDelete> gz_;  // gzip mode (set_gzip)
};

// Largest record/block accepted; anything bigger is treated as corrupt.
inline constexpr uint32_t kMaxRecord = 16u << 20;

class ReaderBase : public CaptureReader {
 public:
  ReaderBase(std::string name, const ReadOptions& opt, Input&& in)
      : name_(std::move(name)), opt_(opt), in_(std::move(in)) {}
  const Status& error() const override { return error_; }
  const std::vector<InterfaceInfo>& interfaces() const override { return ifaces_; }
  const CaptureFileStats& stats() const override {
    stats_.bytes_read = in_.offset();
    return stats_;
  }
  const std::string& name() const override { return name_; }

 protected:
  enum class State { Reading, Eof, Failed };
  // Records a fatal error; returns RecvStatus::Error.
  RecvStatus fail(std::string msg) {
    error_ = Status::error(name_ + ": " + msg);
    state_ = State::Failed;
    return RecvStatus::Error;
  }
  // Handles damage at the current position with no packets pending, for
  // both formats. Without salvage: records the error. With salvage: scans
  // forward byte by byte to the next position where `header` bytes are
  // available and plausible() accepts them. Returns true to keep reading,
  // false to stop (state_ set).
  template <class Plausible>
  bool resync(const std::string& msg, size_t header, Plausible plausible) {
    if (!opt_.salvage) {
      fail(msg);
      return false;
    }
    uint64_t start = in_.offset();
    in_.advance(1);
    for (;;) {
      if (!in_.fill(header, true)) {
        if (in_.more_possible()) {  // interrupted: resume scanning on the next receive()
          note_damage(msg, in_.offset() - start);
          return true;
        }
        // Nothing plausible before the end: skip the rest.
        in_.advance(in_.avail());
        note_damage(msg, in_.offset() - start);
        if (!in_.io_error().empty()) {
          fail(in_.io_error());
          return false;
        }
        state_ = State::Eof;
        return false;
      }
      if (plausible()) {
        note_damage(msg, in_.offset() - start);
        return true;
      }
      in_.advance(1);
    }
  }
  // Salvage bookkeeping.
  void note_damage(const std::string& msg, uint64_t skipped) {
    if (stats_.first_damage.empty()) stats_.first_damage = name_ + ": " + msg;
    stats_.damaged_regions++;
    stats_.bytes_skipped += skipped;
  }

  std::string name_;
  ReadOptions opt_;
  Input in_;
  Status error_;
  State state_ = State::Reading;
  std::vector<InterfaceInfo> ifaces_;
  mutable CaptureFileStats stats_;
};

// Factories, called after the magic has been recognised (Input at offset 0).
// They check the file header; on failure return nullptr and set err.
std::unique_ptr<ReaderBase> make_pcap_reader(std::string name, const ReadOptions& opt, Input&& in,
                                             Status& err);
std::unique_ptr<ReaderBase> make_pcapng_reader(std::string name, const ReadOptions& opt,
                                               Input&& in, Status& err);

}  // namespace weir::capio
