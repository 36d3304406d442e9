#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <string>
#include <vector>

#include "decode/packet_builder.hpp"
#include "engine/engine_test_util.hpp"
#include "engine/split.hpp"
#include "weir/capfile.hpp"
#include "weir/engine.hpp"

namespace weir {
namespace {

// ---- split-by naming -------------------------------------------------------

TEST(SplitNames, IpGivesBothHosts) {
  DecodedPacket d;
  PacketView pv;
  testutil::make_ip4_packet(d, pv, {198, 18, 0, 1}, {198, 18, 0, 2}, Proto::Tcp, 40000, 25);
  SplitName n[2];
  ASSERT_EQ(split_names(SplitBy::Ip, d, n), 2u);
  EXPECT_EQ(n[0].view(), "198.18.0.1");
  EXPECT_EQ(n[1].view(), "198.18.0.2");
  // Same host both ways: one file.
  testutil::make_ip4_packet(d, pv, {198, 18, 0, 1}, {198, 18, 0, 1}, Proto::Udp, 1, 2);
  EXPECT_EQ(split_names(SplitBy::Ip, d, n), 1u);
}

TEST(SplitNames, FlowIsCanonicalAndPortIsTheLowerOne) {
  DecodedPacket d;
  PacketView pv;
  SplitName a[2], b[2];
  testutil::make_ip4_packet(d, pv, {198, 18, 0, 1}, {198, 18, 0, 2}, Proto::Tcp, 40000, 25);
  ASSERT_EQ(split_names(SplitBy::Flow, d, a), 1u);
  testutil::make_ip4_packet(d, pv, {198, 18, 0, 2}, {198, 18, 0, 1}, Proto::Tcp, 25, 40000);
  ASSERT_EQ(split_names(SplitBy::Flow, d, b), 1u);
  EXPECT_EQ(a[0].view(), "198.18.0.1_40000-198.18.0.2_25_tcp");
  EXPECT_EQ(b[0].view(), a[0].view());
  ASSERT_EQ(split_names(SplitBy::Port, d, b), 1u);
  EXPECT_EQ(b[0].view(), "port-25");
  testutil::make_ip4_packet(d, pv, {198, 18, 0, 9}, {198, 18, 0, 3}, Proto::Udp, 53, 5353);
  split_names(SplitBy::Flow, d, a);
  EXPECT_EQ(a[0].view(), "198.18.0.3_5353-198.18.0.9_53_udp");
  testutil::make_ip4_packet(d, pv, {198, 18, 0, 9}, {198, 18, 0, 3}, Proto::Icmp, 0, 0);
  split_names(SplitBy::Flow, d, a);
  EXPECT_EQ(a[0].view(), "198.18.0.3-198.18.0.9_icmp");
  EXPECT_EQ(split_names(SplitBy::Port, d, a), 0u) << "no ports, no port file";
}

TEST(SplitNames, Ipv6AndNonIp) {
  DecodedPacket d;
  PacketView pv;
  d.pkt = &pv;
  d.nlayers = 0;
  testutil::add_layer(d, Proto::Eth);
  auto& f = testutil::add_layer(d, Proto::Ipv6).as<Ipv6Fields>();
  f.src[0] = 0x20;
  f.src[1] = 0x01;
  f.src[2] = 0x0d;
  f.src[3] = 0xb8;
  f.src[15] = 1;
  std::memcpy(f.dst, f.src, 16);
  f.dst[15] = 2;
  f.final_next = 17;
  auto& u = testutil::add_layer(d, Proto::Udp).as<UdpFields>();
  u.sport = 53000;
  u.dport = 53;
  SplitName n[2];
  ASSERT_EQ(split_names(SplitBy::Flow, d, n), 1u);
  EXPECT_EQ(n[0].view(), "2001:db8::1_53000-2001:db8::2_53_udp");
  d.nlayers = 1;  // Ethernet only
  EXPECT_EQ(split_names(SplitBy::Ip, d, n), 0u);
}

// ---- the Analyzer over an in-memory source ---------------------------------

class VectorSource : public PacketSource {
 public:
  explicit VectorSource(std::vector<PacketView> v, size_t batch = 3) : pkts_(std::move(v)), batch_(batch) {
    ifaces_.push_back(InterfaceInfo{});
  }
  RecvStatus receive(std::span<PacketView> out, size_t& n) override {
    n = 0;
    while (n < out.size() && n < batch_ && pos_ < pkts_.size()) out[n++] = pkts_[pos_++];
    return pos_ == pkts_.size() ? RecvStatus::Eof : RecvStatus::Ok;
  }
  const Status& error() const override { return err_; }
  const std::vector<InterfaceInfo>& interfaces() const override { return ifaces_; }

 private:
  std::vector<PacketView> pkts_;
  size_t batch_;
  size_t pos_ = 0;
  Status err_;
  std::vector<InterfaceInfo> ifaces_;
};

// Ethernet + IPv4 + UDP frames (real bytes, so the filter and decoders run).
struct Frames {
  std::vector<std::vector<uint8_t>> bytes;
  std::vector<PacketView> views;
  void add(uint8_t src_last, uint16_t sport, uint16_t dport, int64_t ts) {
    std::vector<uint8_t> f = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00,
                              0x45, 0, 0, 32, 0, 1, 0, 0, 64, 17, 0, 0, 198, 18, 0, src_last, 198, 18, 0, 99,
                              uint8_t(sport >> 8), uint8_t(sport), uint8_t(dport >> 8), uint8_t(dport), 0, 12, 0, 0,
                              'a', 'b', 'c', 'd'};
    bytes.push_back(f);
    PacketView v;
    v.caplen = v.origlen = uint32_t(f.size());
    v.ts_ns = ts;
    views.push_back(v);
  }
  std::vector<PacketView> finish() {
    for (size_t i = 0; i < views.size(); ++i) views[i].data = bytes[i].data();
    return views;
  }
};

std::string read_all(FILE* f) {
  std::string s;
  std::rewind(f);
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
  return s;
}

size_t count_lines(const std::string& s) { return size_t(std::count(s.begin(), s.end(), '\n')); }

TEST(Analyzer, FilterCountLimitAndStats) {
  Frames fr;
  for (int i = 0; i < 10; ++i) fr.add(uint8_t(1 + i % 2), uint16_t(1000 + i), i % 2 ? 53 : 123, i * 1000000);
  auto pkts = fr.finish();

  FILE* tmp = std::tmpfile();
  OutBuf out(fileno(tmp));
  AnalyzerOptions opt;
  opt.filter = "udp port 53";
  opt.print_limit = 2;
  opt.stats = true;
  Status err;
  auto an = Analyzer::create(opt, &out, err);
  ASSERT_TRUE(an) << err.message();
  VectorSource src(pkts);
  ASSERT_TRUE(run_analyzer(src, *an));
  std::string text = read_all(tmp);
  EXPECT_EQ(count_lines(text), 2u) << text;  // --limit: 2 lines printed...
  EXPECT_EQ(an->stats().packets(), 5u);      // ...but all 5 matches analysed
  EXPECT_EQ(an->stats().filtered(), 5u);
  EXPECT_EQ(an->packets_seen(), 10u);
  // Frame numbers are positions in the source (2 and 4 are the first matches).
  EXPECT_EQ(text.substr(0, 6), "    2 ") << text;
  std::fclose(tmp);

  // -c stops after N matches even mid-batch.
  opt.print_limit = UINT64_MAX;
  opt.count = 3;
  auto an2 = Analyzer::create(opt, nullptr, err);
  EXPECT_FALSE(an2) << "text output needs an OutBuf";
  opt.mode = OutputMode::None;
  an2 = Analyzer::create(opt, nullptr, err);
  ASSERT_TRUE(an2) << err.message();
  VectorSource src2(pkts, 100);
  ASSERT_TRUE(run_analyzer(src2, *an2));
  EXPECT_EQ(an2->packets_passed(), 3u);
  EXPECT_EQ(an2->packets_seen(), 6u);
  EXPECT_TRUE(an2->done());
}

TEST(Analyzer, WorkersMergeToTheSameStats) {
  Frames fr;
  for (int i = 0; i < 12; ++i) fr.add(uint8_t(1 + i % 3), uint16_t(2000 + i % 4), 53, i * 1000);
  auto pkts = fr.finish();
  AnalyzerOptions opt;
  opt.mode = OutputMode::None;
  opt.stats = true;
  Status err;
  auto all = Analyzer::create(opt, nullptr, err);
  auto w1 = Analyzer::create(opt, nullptr, err);
  auto w2 = Analyzer::create(opt, nullptr, err);
  ASSERT_TRUE(all && w1 && w2);
  std::vector<InterfaceInfo> ifs(1);
  all->process(pkts, ifs);
  w1->process(std::span<const PacketView>(pkts.data(), 5), ifs);
  w2->process(std::span<const PacketView>(pkts.data() + 5, pkts.size() - 5), ifs);
  Stats merged = w1->stats();
  merged.merge(w2->stats());
  EXPECT_EQ(merged.to_json(), all->stats().to_json());
  EXPECT_EQ(merged.packets(), 12u);
}

TEST(Analyzer, InvalidOptionsAreReported) {
  AnalyzerOptions opt;
  opt.filter = "tcp port";
  Status err;
  FILE* tmp = std::tmpfile();
  OutBuf out(fileno(tmp));
  EXPECT_FALSE(Analyzer::create(opt, &out, err));
  EXPECT_NE(err.message().find("tcp port"), std::string::npos) << err.message();
  opt.filter.clear();
  opt.mode = OutputMode::Fields;
  opt.fields = {"no.such.field"};
  EXPECT_FALSE(Analyzer::create(opt, &out, err));
  EXPECT_NE(err.message().find("no.such.field"), std::string::npos);
  std::fclose(tmp);
}

// ---- split-by writers: LRU eviction and re-opening --------------------------

std::string make_tmpdir() {
  char tmpl[] = "/tmp/weir-split-test.XXXXXX";
  const char* d = mkdtemp(tmpl);
  return d ? d : "";
}

TEST(SplitWriter, ReopenedFilesEqualFilesWrittenInOneGo) {
  Frames fr;
  // Interleave 4 flows so a 1-file LRU must close and re-open constantly.
  for (int i = 0; i < 40; ++i) fr.add(uint8_t(1 + i % 4), uint16_t(3000 + i % 4), 53, i * 1000);
  auto pkts = fr.finish();
  for (FileFormat format : {FileFormat::PcapNg, FileFormat::Pcap}) {
    std::string d1 = make_tmpdir(), d2 = make_tmpdir();
    ASSERT_FALSE(d1.empty() || d2.empty());
    for (auto [dir, max_open] : {std::pair{d1, size_t(64)}, std::pair{d2, size_t(1)}}) {
      AnalyzerOptions opt;
      opt.mode = OutputMode::None;
      opt.split_by = SplitBy::Flow;
      opt.split_dir = dir;
      opt.split_max_open = max_open;
      opt.write_options.format = format;
      Status err;
      auto an = Analyzer::create(opt, nullptr, err);
      ASSERT_TRUE(an) << err.message();
      VectorSource src(pkts, 7);
      ASSERT_TRUE(run_analyzer(src, *an));
    }
    const char* ext = format == FileFormat::Pcap ? ".pcap" : ".pcapng";
    for (int h = 1; h <= 4; ++h) {
      std::string name = "/198.18.0." + std::to_string(h) + "_" + std::to_string(3000 + (h - 1)) +
                         "-198.18.0.99_53_udp" + ext;
      FILE* a = std::fopen((d1 + name).c_str(), "rb");
      FILE* b = std::fopen((d2 + name).c_str(), "rb");
      ASSERT_TRUE(a && b) << d1 + name;
      std::string sa = read_all(a), sb = read_all(b);
      EXPECT_GT(sa.size(), 100u);
      EXPECT_EQ(sa, sb) << name;
      std::fclose(a);
      std::fclose(b);
      // The merged file reads back with all 10 packets of its flow.
      Status err;
      auto src = open_capture_file(d2 + name, ReadOptions{}, err);
      ASSERT_TRUE(src) << err.message();
      PacketView v[64];
      size_t n = 0, total = 0;
      RecvStatus rs;
      do {
        rs = src->receive(v, n);
        total += n;
      } while (rs == RecvStatus::Ok);
      EXPECT_EQ(rs, RecvStatus::Eof);
      EXPECT_EQ(total, 10u);
    }
    (void)!std::system(("rm -rf '" + d1 + "' '" + d2 + "'").c_str());
  }
}

}  // namespace
}  // namespace weir

namespace weir {
namespace {

// A part file written with more interfaces than the main file: the merge keeps
// the main file's interface descriptions and appends only the new ones.
TEST(SplitWriter, AppendPartWithANewInterface) {
  std::string dir = make_tmpdir();
  ASSERT_FALSE(dir.empty());
  std::string main = dir + "/main.pcapng", part = dir + "/.main.pcapng.part";
  uint8_t eth_frame[60] = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x88, 0xb5};
  uint8_t raw_frame[20] = {0x45, 0, 0, 20, 0, 0, 0, 0, 64, 253, 0, 0, 198, 18, 0, 1, 198, 18, 0, 2};
  InterfaceInfo eth0, raw1;
  eth0.name = "eth0";
  raw1.name = "tun0";
  raw1.linktype = linktype::kRaw;
  auto write = [](const std::string& path, const std::vector<InterfaceInfo>& ifs, const PacketView& v) {
    WriteOptions wo;
    wo.interfaces = ifs;
    Status err;
    auto w = create_capture_file(path, wo, err);
    ASSERT_TRUE(w) << err.message();
    ASSERT_TRUE(w->write(v));
    ASSERT_TRUE(w->close());
  };
  PacketView a;
  a.data = eth_frame;
  a.caplen = a.origlen = sizeof eth_frame;
  a.ts_ns = 1'000'000'000;
  write(main, {eth0}, a);
  PacketView b;
  b.data = raw_frame;
  b.caplen = b.origlen = sizeof raw_frame;
  b.ts_ns = 2'000'000'000;
  b.linktype = linktype::kRaw;
  b.iface = 1;
  write(part, {eth0, raw1}, b);
  uint32_t after = 0;
  ASSERT_TRUE(append_capture_part(main, part, FileFormat::PcapNg, 1, after));
  EXPECT_EQ(after, 2u);

  Status err;
  auto src = open_capture_file(main, ReadOptions{}, err);
  ASSERT_TRUE(src) << err.message();
  PacketView v[8];
  size_t n = 0, total = 0;
  std::vector<std::pair<uint32_t, uint32_t>> seen;  // (linktype, caplen)
  RecvStatus rs;
  do {
    rs = src->receive(v, n);
    for (size_t i = 0; i < n; ++i) seen.push_back({v[i].linktype, v[i].caplen});
    total += n;
  } while (rs == RecvStatus::Ok);
  EXPECT_EQ(rs, RecvStatus::Eof) << src->error().message();
  ASSERT_EQ(total, 2u);
  EXPECT_EQ(seen[0], std::make_pair(uint32_t(linktype::kEthernet), 60u));
  EXPECT_EQ(seen[1], std::make_pair(uint32_t(linktype::kRaw), 20u));
  EXPECT_EQ(src->interfaces().size(), 2u);
  (void)!std::system(("rm -rf '" + dir + "'").c_str());
}

TEST(Analyzer, RetransmittedDataIsNotDecodedAboveTcp) {
  // An HTTP request, its retransmission, then (acknowledged) a spurious
  // one, then a request that overtakes an earlier one (which then comes
  // out of order): tshark decodes neither a retransmission nor an
  // out-of-order segment as HTTP, a spurious one only without TCP
  // reassembly (tests/scripts/retrans.py checks this with tshark).
  using namespace testpkt;
  Bytes req = bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  auto seg = [&](bool up, uint32_t seq, uint32_t ack, uint16_t flags, const Bytes& data) {
    TcpOpts o;
    o.seq = seq;
    o.ack = ack;
    o.flags = flags;
    return up ? eth(0x0800, ipv4("198.18.0.1", "198.18.0.2", 6, tcp(40000, 80, data, o)))
              : eth(0x0800, ipv4("198.18.0.2", "198.18.0.1", 6, tcp(80, 40000, data, o)));
  };
  using namespace tcpflag;
  std::vector<Bytes> frames = {seg(true, 100, 0, SYN, {}), seg(false, 500, 101, SYN | ACK, {}),
                               seg(true, 101, 501, ACK, {}), seg(true, 101, 501, PSH | ACK, req),
                               seg(true, 101, 501, PSH | ACK, req), seg(false, 501, 101 + uint32_t(req.size()), ACK, {}),
                               seg(true, 101, 501, PSH | ACK, req),
                               seg(true, 101 + 2 * uint32_t(req.size()), 501, PSH | ACK, req),
                               seg(true, 101 + uint32_t(req.size()), 501, PSH | ACK, req)};
  std::vector<PacketView> views;
  for (size_t i = 0; i < frames.size(); ++i) {
    PacketView v;
    v.data = frames[i].data();
    v.caplen = v.origlen = uint32_t(frames[i].size());
    v.ts_ns = int64_t(i) * 1000000;
    views.push_back(v);
  }
  for (bool desegment : {true, false}) {
    FILE* tmp = std::tmpfile();
    OutBuf out(fileno(tmp));
    AnalyzerOptions opt;
    opt.mode = OutputMode::Fields;
    opt.fields = {"frame.protocols"};
    opt.desegment_tcp = desegment;
    Status err;
    auto an = Analyzer::create(opt, &out, err);
    ASSERT_TRUE(an) << err.message();
    VectorSource src(views);
    ASSERT_TRUE(run_analyzer(src, *an));
    out.flush();
    std::string text = read_all(tmp);
    std::string http = "eth:ethertype:ip:tcp:http\n", tcp_only = "eth:ethertype:ip:tcp\n";
    EXPECT_EQ(text, tcp_only + tcp_only + tcp_only + http + tcp_only + tcp_only + (desegment ? tcp_only : http) +
                        http + tcp_only)
        << "desegment " << desegment;
    std::fclose(tmp);
  }
}

}  // namespace
}  // namespace weir
