// Micro-benchmarks of the per-packet path: decode_packet on typical stacks,
// BpfFilter::matches, and -T fields formatting of 10 fields into an OutBuf.
// Packets are built in code (no corpus needed). Run:
//   build/weir_bench --benchmark_min_time=0.5
// Items/s in the output is packets/s; "ns" per iteration is ns per packet.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "../tests/decode/packet_builder.hpp"
#include "engine/printer.hpp"
#include "weir/decode.hpp"
#include "weir/engine.hpp"
#include "weir/filter.hpp"
#include "weir/outbuf.hpp"

namespace {

using namespace weir;
using namespace weir::testpkt;

Bytes dns_query(const char* name, uint16_t id) {
  Bytes b;
  put16(b, id);
  put16(b, 0x0100);  // standard query, RD
  put16(b, 1);       // QDCOUNT
  put16(b, 0);
  put16(b, 0);
  put16(b, 0);
  const char* p = name;
  while (*p) {
    const char* dot = p;
    while (*dot && *dot != '.') ++dot;
    b.push_back(uint8_t(dot - p));
    b.insert(b.end(), p, dot);
    p = *dot ? dot + 1 : dot;
  }
  b.push_back(0);
  put16(b, 1);  // A
  put16(b, 1);  // IN
  return b;
}

Bytes tcp_syn_options() {
  // MSS 1460, SACK permitted, timestamps, NOP, window scale 7 (Linux SYN).
  return hex("020405b4 0402 080a 0001e240 00000000 01 030307");
}

// The typical stacks, each a complete Ethernet frame.
struct Stacks {
  Bytes syn = eth_ipv4_tcp("198.18.0.1", 43512, "198.18.0.2", 443, {},
                           TcpOpts{123456789, 0, tcpflag::SYN, 64240, 0, tcp_syn_options()});
  Bytes dns = eth_ipv4_udp("198.18.0.1", 53001, "198.18.0.53", 53, dns_query("www.example.com", 0x1a2b));
  Bytes vlan_v6 = eth(0x8100, vlan_tag(100, 0x86dd,
                                       ipv6_tcp("2001:db8::1", 51000, "2001:db8::2", 22,
                                                bytes("SSH-2.0-OpenSSH_9.2\r\n"),
                                                TcpOpts{1000, 2000, tcpflag::ACK | tcpflag::PSH})));
  Bytes http = eth_ipv4_tcp("198.18.0.1", 40000, "198.18.0.80", 80,
                            bytes("GET /index.html?q=1 HTTP/1.1\r\nHost: www.example.com\r\n"
                                  "User-Agent: weir-bench/1.0\r\nAccept: */*\r\n\r\n"),
                            TcpOpts{1, 1, tcpflag::ACK | tcpflag::PSH});
};

const Stacks& stacks() {
  static const Stacks s;
  return s;
}

PacketView view_of(const Bytes& f) {
  PacketView v;
  v.data = f.data();
  v.caplen = uint32_t(f.size());
  v.origlen = uint32_t(f.size());
  v.ts_ns = 1700000000'000000000;
  v.linktype = linktype::kEthernet;
  return v;
}

void run_decode(benchmark::State& state, const Bytes& frame, int min_layers) {
  const Registry& reg = Registry::builtin();
  PacketView v = view_of(frame);
  auto out = std::make_unique<DecodedPacket>();
  decode_packet(reg, v, *out);
  // Guard against benchmarking a decoder that stops early (e.g. not built):
  // the numbers would be meaningless.
  if (out->nlayers < min_layers) {
    state.SkipWithError("packet decoded to fewer layers than expected");
    return;
  }
  for (auto _ : state) {
    decode_packet(reg, v, *out);
    benchmark::DoNotOptimize(out->nlayers);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(int64_t(state.iterations()));
  state.counters["layers"] = out->nlayers;
  state.counters["bytes"] = double(frame.size());
}

void BM_Decode_Eth_IPv4_TCP_SYN(benchmark::State& s) { run_decode(s, stacks().syn, 3); }
void BM_Decode_Eth_IPv4_UDP_DNS(benchmark::State& s) { run_decode(s, stacks().dns, 4); }
void BM_Decode_Eth_VLAN_IPv6_TCP(benchmark::State& s) { run_decode(s, stacks().vlan_v6, 4); }
void BM_Decode_Eth_IPv4_TCP_HTTP(benchmark::State& s) { run_decode(s, stacks().http, 4); }
BENCHMARK(BM_Decode_Eth_IPv4_TCP_SYN);
BENCHMARK(BM_Decode_Eth_IPv4_UDP_DNS);
BENCHMARK(BM_Decode_Eth_VLAN_IPv6_TCP);
BENCHMARK(BM_Decode_Eth_IPv4_TCP_HTTP);

// BpfFilter::matches over the four stacks in turn (2 of 4 match).
void BM_BpfFilter_Matches(benchmark::State& state) {
  BpfFilter f;
  Status st = f.set("tcp port 80 or udp port 53");
  if (!st) {
    state.SkipWithError(st.message().c_str());
    return;
  }
  const Stacks& s = stacks();
  PacketView v[4] = {view_of(s.syn), view_of(s.dns), view_of(s.vlan_v6), view_of(s.http)};
  int expect = 0;
  for (auto& p : v) expect += f.matches(p);
  if (expect != 2) {
    state.SkipWithError("filter did not match exactly the DNS and HTTP packets");
    return;
  }
  size_t i = 0, hits = 0;
  for (auto _ : state) {
    hits += f.matches(v[i]);
    i = (i + 1) & 3;
  }
  benchmark::DoNotOptimize(hits);
  state.SetItemsProcessed(int64_t(state.iterations()));
}
BENCHMARK(BM_BpfFilter_Matches);

// -T fields with 10 fields: decode once, then format the line into an OutBuf
// (flushed to /dev/null when full), as `weir read -T fields` does per packet.
const std::vector<std::string> kTenFields = {
    "frame.len", "eth.src", "ip.src", "ip.dst", "ip.proto",
    "tcp.srcport", "tcp.dstport", "tcp.flags", "udp.dstport", "dns.qry.name"};

void run_fields(benchmark::State& state, const Bytes& frame) {
  int fd = open("/dev/null", O_WRONLY);
  if (fd < 0) {
    state.SkipWithError("cannot open /dev/null");
    return;
  }
  {
    const Registry& reg = Registry::builtin();
    OutBuf out(fd);
    Printer printer(reg, out);
    FieldsFormat ff;
    Status st = printer.set_fields(kTenFields, ff);
    if (!st) {
      state.SkipWithError(st.message().c_str());
    } else {
      PacketView v = view_of(frame);
      auto d = std::make_unique<DecodedPacket>();
      d->number = 1;
      decode_packet(reg, v, *d);
      for (auto _ : state) {
        printer.fields(*d);
        out.maybe_flush(1 << 19);
      }
      state.SetItemsProcessed(int64_t(state.iterations()));
    }
    out.flush();
  }
  close(fd);
}
void BM_Fields10_TCP_SYN(benchmark::State& s) { run_fields(s, stacks().syn); }
void BM_Fields10_UDP_DNS(benchmark::State& s) { run_fields(s, stacks().dns); }
BENCHMARK(BM_Fields10_TCP_SYN);
BENCHMARK(BM_Fields10_UDP_DNS);

// Decode + format together for the DNS packet: the per-packet CPU of
// `weir read -T fields` minus file reading.
void BM_DecodeAndFields10_UDP_DNS(benchmark::State& state) {
  int fd = open("/dev/null", O_WRONLY);
  if (fd < 0) {
    state.SkipWithError("cannot open /dev/null");
    return;
  }
  {
    const Registry& reg = Registry::builtin();
    OutBuf out(fd);
    Printer printer(reg, out);
    Status st = printer.set_fields(kTenFields, FieldsFormat{});
    if (!st) {
      state.SkipWithError(st.message().c_str());
    } else {
      PacketView v = view_of(stacks().dns);
      auto d = std::make_unique<DecodedPacket>();
      uint64_t n = 0;
      for (auto _ : state) {
        decode_packet(reg, v, *d);
        d->number = ++n;
        printer.fields(*d);
        out.maybe_flush(1 << 19);
      }
      state.SetItemsProcessed(int64_t(state.iterations()));
    }
    out.flush();
  }
  close(fd);
}
BENCHMARK(BM_DecodeAndFields10_UDP_DNS);

}  // namespace
