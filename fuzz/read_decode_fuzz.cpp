// libFuzzer target: the input is a capture file. It is read from memory
// (both plainly and with salvage), and every packet goes through the
// decoder and a BPF filter, as `weir read` would do.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "weir/capfile.hpp"
#include "weir/decode.hpp"
#include "weir/filter.hpp"

namespace {

weir::BpfFilter& filter() {
  static weir::BpfFilter* f = [] {
    auto* p = new weir::BpfFilter;
    (void)p->set("tcp or udp");
    return p;
  }();
  return *f;
}

void run(const uint8_t* data, size_t size, bool salvage) {
  weir::ReadOptions ro;
  ro.salvage = salvage;
  weir::Status err;
  auto src = weir::open_capture_memory(data, size, "fuzz", ro, err);
  if (!src) return;
  const weir::Registry& reg = weir::Registry::builtin();
  static weir::DecodedPacket dp;  // large: keep it off the stack
  weir::PacketView views[32];
  uint64_t number = 0;
  for (int calls = 0; calls < 100000; ++calls) {
    size_t n = 0;
    weir::RecvStatus st = src->receive(views, n);
    for (size_t i = 0; i < n; ++i) {
      const weir::PacketView& v = views[i];
      if (v.caplen > 0 && (v.data < data || v.data + v.caplen > data + size)) __builtin_trap();
      if (v.iface >= src->interfaces().size()) __builtin_trap();
      dp.number = ++number;
      weir::decode_packet(reg, v, dp);
      (void)filter().matches(v);
    }
    if (st == weir::RecvStatus::Eof || st == weir::RecvStatus::Error) break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  run(data, size, false);
  run(data, size, true);
  return 0;
}
