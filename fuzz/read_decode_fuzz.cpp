// libFuzzer target: the input is a capture file. It is read from memory
// (both plainly and with salvage), and every packet goes through the
// decoder, the stream tracker (conversations, sequence analysis, per-
// connection protocol), a BPF filter, and every printer `weir read` has:
// the summary line, -V, -T json and -T fields with every known field.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "weir/capfile.hpp"
#include "weir/decode.hpp"
#include "weir/filter.hpp"
#include "weir/outbuf.hpp"
#include "engine/printer.hpp"
#include "engine/defrag.hpp"
#include "engine/quic_crypto.hpp"
#include "engine/streams.hpp"
#include "engine/tcp_reasm.hpp"

#include <fcntl.h>
#include <string>

namespace {

weir::BpfFilter& filter() {
  static weir::BpfFilter* f = [] {
    auto* p = new weir::BpfFilter;
    (void)p->set("tcp or udp");
    return p;
  }();
  return *f;
}

struct Printers {
  weir::OutBuf out{::open("/dev/null", O_WRONLY | O_CLOEXEC), 1 << 16};
  weir::Printer pr{weir::Registry::builtin(), out};
  Printers() {
    size_t n = 0;
    const weir::FieldDef* defs = weir::Registry::builtin().all_fields(n);
    std::vector<std::string> names;
    for (size_t i = 0; i < n; ++i) names.emplace_back(defs[i].name);
    names.emplace_back("_ws.col.Info");
    names.emplace_back("_ws.col.Protocol");
    names.emplace_back("frame.protocols");
    weir::FieldsFormat ff;
    if (!pr.set_fields(names, ff)) __builtin_trap();
  }
};

Printers& printers() {
  static Printers* p = new Printers;
  return *p;
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
  static weir::StreamTracker* tracker = nullptr;
  delete tracker;  // fresh conversation state per input
  tracker = new weir::StreamTracker;
  tracker->set_analysis(true);
  static weir::Defragmenter* defrag = nullptr;
  delete defrag;  // and fresh IP reassembly
  defrag = new weir::Defragmenter;
  static weir::TcpReassembler* tcp_reasm = nullptr;
  delete tcp_reasm;  // and TCP reassembly
  tcp_reasm = new weir::TcpReassembler;
  static weir::QuicTracker* quic = nullptr;
  delete quic;  // and QUIC connections
  quic = new weir::QuicTracker;
  Printers& P = printers();
  for (int calls = 0; calls < 100000; ++calls) {
    size_t n = 0;
    weir::RecvStatus st = src->receive(views, n);
    for (size_t i = 0; i < n; ++i) {
      const weir::PacketView& v = views[i];
      if (v.caplen > 0 && (v.data < data || v.data + v.caplen > data + size)) __builtin_trap();
      if (v.iface >= src->interfaces().size()) __builtin_trap();
      dp.number = ++number;
      weir::decode_packet(reg, v, dp);
      defrag->process(reg, dp, true);
      tcp_reasm->process(reg, dp, true);
      quic->process(reg, dp, true);
      tracker->annotate(dp);
      tcp_reasm->after_tracker(dp);
      P.pr.summary(dp);
      P.pr.fields(dp);
      P.pr.json(dp);
      P.pr.verbose(dp);
      P.out.flush();
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
