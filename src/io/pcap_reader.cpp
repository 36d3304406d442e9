// Classic pcap reader: micro- and nanosecond magics, either byte order.
#include <cstdio>
#include <string>

#include "io/capfile_reader.hpp"

namespace weir::capio {
namespace {

constexpr uint32_t kMaxPlausibleDelta = 366u * 86400u;  // salvage: timestamp jump allowed

class PcapReader final : public ReaderBase {
 public:
  PcapReader(std::string name, const ReadOptions& opt, Input&& in) : ReaderBase(std::move(name), opt, std::move(in)) {}

  bool init(Status& err) {
    if (!in_.fill_retry(24)) {
      err = Status::error(name_ + ": truncated pcap file header (" + std::to_string(in_.avail()) +
                          " of 24 bytes)");
      return false;
    }
    const uint8_t* h = in_.cur();
    uint32_t magic = ld32(h, false);
    swap_ = !(magic == 0xa1b2c3d4 || magic == 0xa1b23c4d);
    magic = ld32(h, swap_);
    nsec_ = magic == 0xa1b23c4d;
    uint16_t major = ld16(h + 4, swap_), minor = ld16(h + 6, swap_);
    if (major != 2) {
      err = Status::error(name_ + ": unsupported pcap version " + std::to_string(major) + "." +
                          std::to_string(minor));
      return false;
    }
    snaplen_ = ld32(h + 16, swap_);
    uint32_t network = ld32(h + 20, swap_);
    InterfaceInfo info;
    info.linktype = network & 0x03FFFFFF;
    info.snaplen = snaplen_;
    info.ts_units_per_sec = nsec_ ? 1'000'000'000 : 1'000'000;
    linktype_ = info.linktype;
    ifaces_.push_back(std::move(info));
    frac_mul_ = nsec_ ? 1 : 1000;
    frac_limit_ = nsec_ ? 1'000'000'000u : 1'000'000u;
    // Like libpcap: records up to max(snaplen, 256 KiB) are fine; beyond is
    // corrupt (bounded by kMaxRecord whatever the header says).
    limit_ = snaplen_ > 262144 ? snaplen_ : 262144;
    if (limit_ > kMaxRecord) limit_ = kMaxRecord;
    in_.advance(24);
    return true;
  }

  FileFormat format() const override { return FileFormat::Pcap; }

  RecvStatus receive(std::span<PacketView> out, size_t& n) override {
    n = 0;
    if (state_ != State::Reading) return state_ == State::Eof ? RecvStatus::Eof : RecvStatus::Error;
    in_.prefault();
    const bool swap = swap_;
    while (n < out.size()) {
      const bool io = n == 0;
      if (!in_.fill(16, io)) [[unlikely]] {
        if (in_.more_possible()) break;  // more may come; deliver this batch first
        if (!in_.io_error().empty()) {  // a read or gzip error, not a cut file
          if (n) break;
          return fail(in_.io_error());
        }
        if (in_.avail() == 0) {
          state_ = State::Eof;
          break;
        }
        if (n) break;
        if (!damage(trunc_header_msg())) break;
        continue;
      }
      const uint8_t* h = in_.cur();
      uint32_t caplen = ld32(h + 8, swap);
      if (caplen > limit_) [[unlikely]] {
        if (n) break;
        if (!damage(absurd_msg(caplen))) break;
        continue;
      }
      if (!in_.fill(16 + size_t(caplen), io)) [[unlikely]] {
        if (in_.more_possible() || n) break;
        if (!in_.io_error().empty()) return fail(in_.io_error());
        if (!damage(trunc_record_msg(caplen))) break;
        continue;
      }
      h = in_.cur();  // a stream refill may have moved the buffer
      uint32_t sec = ld32(h, swap);
      PacketView& v = out[n++];
      v.data = h + 16;
      v.caplen = caplen;
      v.origlen = ld32(h + 12, swap);
      v.ts_ns = int64_t(sec) * 1'000'000'000 + int64_t(ld32(h + 4, swap)) * frac_mul_;
      v.linktype = linktype_;
      v.iface = 0;
      v.iface_known = false;
      v.dir = Direction::Unknown;
      v.file_offset = in_.offset();
      last_sec_ = sec;
      in_.advance(16 + size_t(caplen));
      in_.prefetch_ahead();
    }
    stats_.packets += n;
    if (state_ == State::Eof) return RecvStatus::Eof;
    if (state_ == State::Failed && n == 0) return RecvStatus::Error;
    if (n == 0) return RecvStatus::Interrupted;  // a signal interrupted a stream read
    return RecvStatus::Ok;
  }

 private:
  std::string at() const { return " at offset " + std::to_string(in_.offset()); }
  std::string trunc_header_msg() const {
    return "truncated record header" + at() + ": 16 bytes needed, " + std::to_string(in_.avail()) + " left";
  }
  std::string absurd_msg(uint32_t caplen) const {
    return "corrupt record" + at() + ": captured length " + std::to_string(caplen) +
           " exceeds the maximum of " + std::to_string(limit_);
  }
  std::string trunc_record_msg(uint32_t caplen) const {
    return "truncated record" + at() + ": header says " + std::to_string(caplen) + " bytes, " +
           std::to_string(in_.avail() - 16) + " left";
  }

  // Damage at the current position: ReaderBase::resync with a 16-byte
  // record header as the candidate test.
  bool damage(const std::string& msg) {
    return resync(msg, 16, [this] { return candidate_ok(); });
  }

  bool header_ok(const uint8_t* h, uint32_t ref_sec, bool have_ref) const {
    uint32_t sec = ld32(h, swap_), frac = ld32(h + 4, swap_);
    uint32_t caplen = ld32(h + 8, swap_), origlen = ld32(h + 12, swap_);
    if (frac >= frac_limit_ || caplen > limit_ || origlen == 0 || caplen > origlen ||
        origlen > kMaxRecord)
      return false;
    if (have_ref) {
      uint32_t d = sec > ref_sec ? sec - ref_sec : ref_sec - sec;
      if (d > kMaxPlausibleDelta) return false;
    }
    return true;
  }

  // A sane header followed by another sane header or the exact end of file.
  bool candidate_ok() {
    const bool have_ref = stats_.packets > 0;
    if (!header_ok(in_.cur(), last_sec_, have_ref)) return false;
    size_t len = 16 + size_t(ld32(in_.cur() + 8, swap_));
    if (!in_.fill(len, true)) return false;
    // Either the file ends right after it (known only at EOF: on a stream
    // the buffer may just end there), or a sane header follows.
    if (!in_.fill(len + 16, true)) return !in_.more_possible() && in_.avail() == len;
    const uint8_t* h = in_.cur();
    return header_ok(h + len, ld32(h, swap_), true);
  }

  bool swap_ = false;
  bool nsec_ = false;
  uint32_t snaplen_ = 0;
  uint32_t linktype_ = 0;
  uint32_t limit_ = 262144;
  int64_t frac_mul_ = 1000;
  uint32_t frac_limit_ = 1'000'000;
  uint32_t last_sec_ = 0;
};

}  // namespace

std::unique_ptr<ReaderBase> make_pcap_reader(std::string name, const ReadOptions& opt, Input&& in,
                                             Status& err) {
  auto r = std::make_unique<PcapReader>(std::move(name), opt, std::move(in));
  if (!r->init(err)) return nullptr;
  return r;
}

}  // namespace weir::capio
