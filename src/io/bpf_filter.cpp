#include <pcap/pcap.h>

#include "weir/filter.hpp"

namespace weir {

struct BpfFilter::Compiled {
  uint32_t linktype = UINT32_MAX;  // UINT32_MAX: slot unused
  bool ok = false;
  struct bpf_program prog {};
  std::string error;
};

static constexpr int kCacheSlots = 16;

BpfFilter::BpfFilter() : cache_(new Compiled[kCacheSlots]) {}

BpfFilter::~BpfFilter() {
  if (!cache_) return;
  for (int i = 0; i < kCacheSlots; ++i)
    if (cache_[i].ok) pcap_freecode(&cache_[i].prog);
}

BpfFilter::BpfFilter(BpfFilter&& o) noexcept = default;
BpfFilter& BpfFilter::operator=(BpfFilter&& o) noexcept = default;

// File link types (LINKTYPE_*) equal libpcap's DLT_* values except for a few
// historical ones; pcap_open_dead wants the DLT.
static uint32_t linktype_to_dlt(uint32_t lt) {
  switch (lt) {
    case 100: return DLT_ATM_RFC1483;
    case 101: return DLT_RAW;
    case 102: return DLT_SLIP_BSDOS;
    case 103: return DLT_PPP_BSDOS;
    default: return lt;
  }
}

static bool compile(const std::string& expr, uint32_t linktype, uint32_t snaplen, bpf_program* prog,
                    std::string& err) {
  pcap_t* p = pcap_open_dead(int(linktype), int(snaplen));
  if (!p) {
    err = "pcap_open_dead failed";
    return false;
  }
  // Netmask 0, as tcpdump when it reads a file: 'ip broadcast' then means
  // 255.255.255.255 (with an unknown netmask libpcap refuses it).
  int rc = pcap_compile(p, prog, expr.c_str(), 1, 0);
  if (rc != 0) err = pcap_geterr(p);
  pcap_close(p);
  return rc == 0;
}

Status BpfFilter::set(const std::string& expr, uint32_t snaplen) {
  for (int i = 0; i < kCacheSlots; ++i) {
    if (cache_[i].ok) pcap_freecode(&cache_[i].prog);
    cache_[i] = Compiled{};
  }
  last_ = nullptr;
  last_linktype_ = UINT32_MAX;
  expr_ = expr;
  snaplen_ = snaplen;
  if (expr.empty()) return Status::ok();
  // Syntax check: the expression must compile for some common link type
  // (Ethernet first; "type mgt" only for 802.11). Whether it applies to the
  // input's link type is known per packet (program(), matches()).
  std::string err, first_err;
  static const int kDlts[] = {DLT_EN10MB, DLT_RAW, DLT_LINUX_SLL, DLT_IEEE802_11_RADIO, DLT_IEEE802_11};
  for (int dlt : kDlts) {
    bpf_program prog{};
    if (compile(expr, uint32_t(dlt), snaplen, &prog, err)) {
      pcap_freecode(&prog);
      return Status::ok();
    }
    if (first_err.empty()) first_err = err;
  }
  expr_.clear();
  return Status::error("invalid filter expression '" + expr + "': " + first_err);
}

BpfFilter::Compiled* BpfFilter::get(uint32_t lt) {
  if (lt == last_linktype_) return last_;
  int free_slot = -1;
  for (int i = 0; i < kCacheSlots; ++i) {
    if (cache_[i].linktype == lt) {
      last_linktype_ = lt;
      return last_ = &cache_[i];
    }
    if (cache_[i].linktype == UINT32_MAX && free_slot < 0) free_slot = i;
  }
  if (free_slot < 0) free_slot = kCacheSlots - 1;  // pathological: many link types
  Compiled& c = cache_[free_slot];
  if (c.ok) pcap_freecode(&c.prog);
  c = Compiled{};
  c.linktype = lt;
  c.ok = compile(expr_, linktype_to_dlt(lt), snaplen_, &c.prog, c.error);
  last_linktype_ = lt;
  return last_ = &c;
}

bool BpfFilter::matches(const PacketView& pkt) {
  if (expr_.empty()) return true;
  Compiled* c = get(pkt.linktype);
  if (!c->ok) return false;
  return bpf_filter(c->prog.bf_insns, pkt.data, pkt.origlen, pkt.caplen) != 0;
}

const bpf_program* BpfFilter::program(uint32_t lt, Status* err) {
  if (expr_.empty()) return nullptr;
  Compiled* c = get(lt);
  if (!c->ok) {
    if (err) *err = Status::error("filter '" + expr_ + "' does not apply to link type " + std::to_string(lt) + ": " + c->error);
    return nullptr;
  }
  return &c->prog;
}

}  // namespace weir
