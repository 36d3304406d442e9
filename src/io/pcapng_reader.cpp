// pcapng reader: sections in either byte order (several per file), several
// interfaces per section, if_tsresol / if_tsoffset, EPB, SPB, obsolete Packet
// Block; every other block (NRB, ISB, DSB, custom, unknown) is skipped.
#include <cstdio>
#include <string>

#include "io/capfile_reader.hpp"

namespace weir::capio {
namespace {

constexpr uint32_t kShb = 0x0A0D0D0A;
constexpr uint32_t kIdb = 1;
constexpr uint32_t kOpb = 2;  // obsolete Packet Block
constexpr uint32_t kSpb = 3;
constexpr uint32_t kNrb = 4;
constexpr uint32_t kIsb = 5;
constexpr uint32_t kEpb = 6;
constexpr uint32_t kBom = 0x1A2B3C4D;

bool known_block_type(uint32_t t) {
  return t == kShb || (t >= 1 && t <= 10) || t == 0x00000BAD || t == 0x40000BAD;
}

Direction dir_from_flags(uint32_t flags) {
  switch (flags & 3) {
    case 1: return Direction::Inbound;
    case 2: return Direction::Outbound;
    default: return Direction::Unknown;
  }
}

// Per-interface state used on the packet path.
struct IfState {
  uint32_t linktype = 0;
  uint32_t snaplen = 0;
  enum : uint8_t { kMul, kDiv, kShift } mode = kMul;
  uint8_t shift = 0;
  uint64_t factor = 1000;     // kMul: ns per unit; kDiv: units per ns
  uint64_t offset_ns = 0;     // if_tsoffset in ns (two's complement)
};

// Options of a block: code, length, value padded to 4 bytes.
template <class F>
void for_each_option(const uint8_t* p, const uint8_t* end, bool swap, F&& f) {
  while (end - p >= 4) {
    uint16_t code = ld16(p, swap), len = ld16(p + 2, swap);
    p += 4;
    if (code == 0) return;  // opt_endofopt
    if (size_t(end - p) < len) return;  // malformed option list: ignore the rest
    f(code, p, len);
    size_t padded = (size_t(len) + 3) & ~size_t(3);
    if (size_t(end - p) < padded) return;
    p += padded;
  }
}

std::string opt_string(const uint8_t* v, uint16_t len) {
  size_t n = 0;
  while (n < len && v[n] != 0) ++n;  // values may carry NUL padding
  return std::string(reinterpret_cast<const char*>(v), n);
}

class PcapngReader final : public ReaderBase {
 public:
  PcapngReader(std::string name, const ReadOptions& opt, Input&& in)
      : ReaderBase(std::move(name), opt, std::move(in)) {}

  bool init(Status& err) {
    if (!in_.fill_retry(28)) {
      err = Status::error(name_ + ": truncated pcapng section header (" + std::to_string(in_.avail()) +
                          " of at least 28 bytes)");
      return false;
    }
    bool swap;
    if (!shb_byte_order(in_.cur(), swap)) {
      err = Status::error(name_ + ": not a pcapng file: bad byte-order magic in the section header");
      return false;
    }
    uint16_t major = ld16(in_.cur() + 12, swap), minor = ld16(in_.cur() + 14, swap);
    if (major != 1) {
      err = Status::error(name_ + ": unsupported pcapng version " + std::to_string(major) + "." +
                          std::to_string(minor));
      return false;
    }
    swap_ = swap;
    return true;
  }

  FileFormat format() const override { return FileFormat::PcapNg; }

  RecvStatus receive(std::span<PacketView> out, size_t& n) override {
    n = 0;
    if (state_ != State::Reading) return state_ == State::Eof ? RecvStatus::Eof : RecvStatus::Error;
    in_.prefault();
    while (n < out.size()) {
      const bool io = n == 0;
      if (!in_.fill(12, io)) [[unlikely]] {
        if (in_.more_possible()) break;
        if (!in_.io_error().empty()) {  // a read or gzip error, not a cut file
          if (n) break;
          return fail(in_.io_error());
        }
        if (in_.avail() == 0) {
          state_ = State::Eof;
          break;
        }
        if (n) break;
        if (!damage("truncated block header" + at() + ": 12 bytes needed, " + std::to_string(in_.avail()) +
                    " left"))
          break;
        continue;
      }
      const uint8_t* b = in_.cur();
      bool swap = swap_;
      uint32_t type = ld32(b, swap);
      if (type == kShb && !shb_byte_order(b, swap)) [[unlikely]] {
        if (n) break;
        if (!damage("corrupt section header block" + at() + ": bad byte-order magic")) break;
        continue;
      }
      uint32_t len = ld32(b + 4, swap);
      if (len < 12 || (len & 3) || len > kMaxRecord) [[unlikely]] {
        if (n) break;
        if (!damage("corrupt block" + at() + ": block length " + std::to_string(len) + " is invalid")) break;
        continue;
      }
      if (!in_.fill(len, io)) [[unlikely]] {
        if (in_.more_possible() || n) break;
        if (!in_.io_error().empty()) return fail(in_.io_error());
        if (!damage("truncated block" + at() + ": header says " + std::to_string(len) + " bytes, " +
                    std::to_string(in_.avail()) + " left"))
          break;
        continue;
      }
      b = in_.cur();
      uint32_t trailer = ld32(b + len - 4, swap);
      bool ok = true;
      if (trailer != len) [[unlikely]] {
        msg_ = "corrupt block" + at() + ": trailing length " + std::to_string(trailer) +
               " does not match leading length " + std::to_string(len);
        ok = false;
      } else if (type == kEpb || type == kOpb) {
        ok = packet_block(type, b, len, out[n]);
        if (ok) ++n;
      } else if (type == kSpb) {
        ok = simple_packet(b, len, out[n]);
        if (ok) ++n;
      } else if (type == kIdb) {
        ok = interface_block(b, len);
      } else if (type == kShb) {
        ok = section_header(b, len, swap);
      } else {
        stats_.blocks_skipped++;  // NRB, ISB, DSB, custom, unknown
      }
      if (!ok) [[unlikely]] {
        if (n) break;
        if (!damage(msg_)) break;
        continue;
      }
      in_.advance(len);
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

  // b has at least 12 bytes.
  static bool shb_byte_order(const uint8_t* b, bool& swap) {
    uint32_t bom = ld32(b + 8, false);
    if (bom == kBom) {
      swap = false;
      return true;
    }
    if (bom == bswap32(kBom)) {
      swap = true;
      return true;
    }
    return false;
  }

  int64_t to_ns(const IfState& s, uint64_t units) const {
    uint64_t ns;
    if (s.mode == IfState::kMul) [[likely]]
      ns = units * s.factor;
    else if (s.mode == IfState::kDiv)
      ns = units / s.factor;
    else
      ns = uint64_t((unsigned __int128)units * 1'000'000'000u >> s.shift);
    return int64_t(ns + s.offset_ns);
  }

  // EPB and the obsolete Packet Block share a layout apart from the interface
  // id width and the option carrying the flags (code 2 in both).
  bool packet_block(uint32_t type, const uint8_t* b, uint32_t len, PacketView& v) {
    const bool swap = swap_;
    uint32_t blen = len - 12;
    const uint8_t* body = b + 8;
    const char* what = type == kEpb ? "enhanced packet block" : "packet block";
    if (blen < 20) [[unlikely]] {
      msg_ = std::string("corrupt ") + what + at() + ": " + std::to_string(len) + " bytes is too short";
      return false;
    }
    uint32_t id = type == kEpb ? ld32(body, swap) : ld16(body, swap);
    if (id >= sec_count_) [[unlikely]] {
      msg_ = std::string("corrupt ") + what + at() + ": interface id " + std::to_string(id) +
             " is not defined (" + std::to_string(sec_count_) + " interfaces in this section)";
      return false;
    }
    uint32_t caplen = ld32(body + 12, swap);
    if (caplen > blen - 20) [[unlikely]] {
      msg_ = std::string("corrupt ") + what + at() + ": captured length " + std::to_string(caplen) +
             " exceeds the block (" + std::to_string(blen - 20) + " bytes of data)";
      return false;
    }
    uint32_t gid = sec_base_ + id;
    const IfState& s = ifst_[gid];
    uint64_t units = uint64_t(ld32(body + 4, swap)) << 32 | ld32(body + 8, swap);
    v.data = body + 20;
    v.caplen = caplen;
    v.origlen = ld32(body + 16, swap);
    v.ts_ns = to_ns(s, units);
    v.linktype = s.linktype;
    v.iface = gid;
    v.iface_known = true;
    v.dir = Direction::Unknown;
    v.file_offset = in_.offset();
    size_t opt_at = 20 + ((size_t(caplen) + 3) & ~size_t(3));
    if (opt_at < blen) {
      for_each_option(body + opt_at, body + blen, swap, [&](uint16_t code, const uint8_t* val, uint16_t olen) {
        if (code == 2 && olen >= 4) v.dir = dir_from_flags(ld32(val, swap));
      });
    }
    return true;
  }

  bool simple_packet(const uint8_t* b, uint32_t len, PacketView& v) {
    uint32_t blen = len - 12;
    if (blen < 4) [[unlikely]] {
      msg_ = "corrupt simple packet block" + at() + ": " + std::to_string(len) + " bytes is too short";
      return false;
    }
    if (sec_count_ == 0) [[unlikely]] {
      msg_ = "corrupt simple packet block" + at() + ": no interface defined in this section";
      return false;
    }
    const IfState& s = ifst_[sec_base_];
    uint32_t origlen = ld32(b + 8, swap_);
    uint32_t caplen = origlen < blen - 4 ? origlen : blen - 4;
    if (s.snaplen != 0 && caplen > s.snaplen) caplen = s.snaplen;
    v.data = b + 12;
    v.caplen = caplen;
    v.origlen = origlen;
    v.ts_ns = 0;  // SPBs carry no timestamp
    v.linktype = s.linktype;
    v.iface = sec_base_;
    v.iface_known = true;
    v.dir = Direction::Unknown;
    v.file_offset = in_.offset();
    return true;
  }

  bool interface_block(const uint8_t* b, uint32_t len) {
    uint32_t blen = len - 12;
    if (blen < 8) {
      msg_ = "corrupt interface description block" + at() + ": " + std::to_string(len) + " bytes is too short";
      return false;
    }
    const uint8_t* body = b + 8;
    InterfaceInfo info;
    IfState s;
    info.linktype = s.linktype = ld16(body, swap_);
    info.snaplen = s.snaplen = ld32(body + 4, swap_);
    info.ts_units_per_sec = 1'000'000;
    bool bad_res = false;
    uint8_t res = 6;
    int64_t tsoffset = 0;
    for_each_option(body + 8, body + blen, swap_, [&](uint16_t code, const uint8_t* val, uint16_t olen) {
      if (code == 2) info.name = opt_string(val, olen);
      else if (code == 3) info.description = opt_string(val, olen);
      else if (code == 9 && olen >= 1) res = val[0];
      else if (code == 14 && olen >= 8) tsoffset = int64_t(ld64(val, swap_));
    });
    if (res & 0x80) {
      unsigned e = res & 0x7f;
      if (e > 63) bad_res = true;
      else {
        s.mode = IfState::kShift;
        s.shift = uint8_t(e);
        info.ts_units_per_sec = uint64_t(1) << e;
      }
    } else {
      unsigned e = res;
      if (e > 19) bad_res = true;
      else {
        uint64_t p = 1;
        for (unsigned i = 0; i < e; ++i) p *= 10;
        info.ts_units_per_sec = p;
        if (e <= 9) {
          s.mode = IfState::kMul;
          s.factor = 1'000'000'000ull / p;
        } else {
          s.mode = IfState::kDiv;
          s.factor = p / 1'000'000'000ull;
        }
      }
    }
    if (bad_res) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02x", res);
      msg_ = "corrupt interface description block" + at() + ": if_tsresol " + hex + " is out of range";
      return false;
    }
    s.offset_ns = uint64_t(tsoffset) * 1'000'000'000ull;  // wraps like the sum it feeds
    ifaces_.push_back(std::move(info));
    ifst_.push_back(s);
    sec_count_++;
    return true;
  }

  bool section_header(const uint8_t* b, uint32_t len, bool swap) {
    if (len < 28) {
      msg_ = "corrupt section header block" + at() + ": " + std::to_string(len) + " bytes is too short";
      return false;
    }
    uint16_t major = ld16(b + 12, swap), minor = ld16(b + 14, swap);
    if (major != 1) {
      msg_ = "unsupported pcapng version " + std::to_string(major) + "." + std::to_string(minor) +
             " in section header" + at();
      return false;
    }
    swap_ = swap;
    sec_base_ = uint32_t(ifaces_.size());
    sec_count_ = 0;
    return true;
  }

  // See PcapReader::damage.
  bool damage(const std::string& msg) {
    return resync(msg, 12, [this] { return candidate_ok(); });
  }

  bool candidate_ok() {
    const uint8_t* b = in_.cur();
    bool swap = swap_;
    uint32_t type = ld32(b, swap);
    if (!known_block_type(type)) return false;
    if (type == kShb && !shb_byte_order(b, swap)) return false;
    uint32_t len = ld32(b + 4, swap);
    if (len < 12 || (len & 3) || len > kMaxRecord) return false;
    if (!in_.fill(len, true)) return false;
    b = in_.cur();
    if (ld32(b + len - 4, swap) != len) return false;
    if (type == kEpb || type == kOpb) {
      if (len < 32) return false;
      uint32_t id = type == kEpb ? ld32(b + 8, swap) : ld16(b + 8, swap);
      if (id >= sec_count_) return false;
    }
    if (type == kSpb && sec_count_ == 0) return false;
    return true;
  }

  bool swap_ = false;
  uint32_t sec_base_ = 0;   // index in ifaces_ of this section's interface 0
  uint32_t sec_count_ = 0;  // interfaces defined in this section
  std::vector<IfState> ifst_;
  std::string msg_;
};

}  // namespace

std::unique_ptr<ReaderBase> make_pcapng_reader(std::string name, const ReadOptions& opt,
                                               Input&& in, Status& err) {
  auto r = std::make_unique<PcapngReader>(std::move(name), opt, std::move(in));
  if (!r->init(err)) return nullptr;
  return r;
}

}  // namespace weir::capio
