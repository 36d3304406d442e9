// Interoperability with the reference tools: files weir writes are read by
// tshark and tcpdump with the same packets and timestamps, and files those
// tools (editcap, tcpdump -w) write are read back by weir. Skips when a tool
// is missing.
#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>

#include "io/capfile_util.hpp"

namespace weir {
namespace {

using namespace weir::testing;

bool have_tool(const char* name) {
  std::string cmd = std::string("command -v ") + name + " >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

// Runs a shell command and returns its stdout lines.
std::vector<std::string> run_lines(const std::string& cmd, int* status = nullptr) {
  std::vector<std::string> lines;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return lines;
  char buf[4096];
  std::string cur;
  while (fgets(buf, sizeof buf, p)) {
    cur += buf;
    if (!cur.empty() && cur.back() == '\n') {
      cur.pop_back();
      lines.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) lines.push_back(cur);
  int st = pclose(p);
  if (status) *status = st;
  return lines;
}

std::string epoch_ns_text(int64_t ts) {
  char b[64];
  std::snprintf(b, sizeof b, "%lld.%09lld", (long long)(ts / 1'000'000'000), (long long)(ts % 1'000'000'000));
  return b;
}

std::vector<std::string> split_tabs(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string f;
  while (std::getline(ss, f, '\t')) out.push_back(f);
  return out;
}

struct Sample {
  std::vector<std::vector<uint8_t>> frames;
  std::vector<int64_t> ts;
};

// Minimal Ethernet/IPv4/UDP frames so both tools dissect something real.
Sample make_sample(int n) {
  Sample s;
  for (int i = 0; i < n; ++i) {
    std::vector<uint8_t> f(14 + 20 + 8 + size_t(i % 50));
    uint8_t eth[14] = {0, 1, 2, 3, 4, 5, 0, 6, 7, 8, 9, 10, 0x08, 0x00};
    std::memcpy(f.data(), eth, 14);
    uint16_t iplen = uint16_t(f.size() - 14);
    uint8_t ip[20] = {0x45, 0, uint8_t(iplen >> 8), uint8_t(iplen), 0, 1, 0, 0, 64, 17, 0, 0,
                      198, 18, 0, 1, 198, 18, 0, 2};
    std::memcpy(f.data() + 14, ip, 20);
    uint16_t ulen = uint16_t(iplen - 20);
    uint8_t udp[8] = {0x30, 0x39, 0x30, 0x3a, uint8_t(ulen >> 8), uint8_t(ulen), 0, 0};
    std::memcpy(f.data() + 34, udp, 8);
    s.frames.push_back(f);
    s.ts.push_back(1'700'000'000'000'000'000LL + i * 1'234'567'891LL);
  }
  return s;
}

void write_sample(const std::string& path, const Sample& s, FileFormat fmt, bool nsec, bool two_links) {
  WriteOptions wo;
  wo.format = fmt;
  wo.nanosecond = nsec;
  wo.interfaces.push_back({"eth-test", "weir interop", linktype::kEthernet, 262144, 0});
  if (two_links) wo.interfaces.push_back({"raw-test", "", linktype::kRaw, 262144, 0});
  Status err;
  auto w = create_capture_file(path, wo, err);
  ASSERT_TRUE(w) << err.message();
  for (size_t i = 0; i < s.frames.size(); ++i) {
    PacketView v;
    bool raw = two_links && i % 2 == 1;
    v.data = s.frames[i].data() + (raw ? 14 : 0);
    v.caplen = uint32_t(s.frames[i].size() - (raw ? 14 : 0));
    v.origlen = v.caplen;
    v.ts_ns = s.ts[i];
    v.linktype = raw ? linktype::kRaw : linktype::kEthernet;
    v.iface = raw ? 1 : 0;
    v.dir = Direction(i % 3);
    ASSERT_TRUE(w->write(v));
  }
  ASSERT_TRUE(w->close()) << w->error().message();
}

int64_t truncate_us(int64_t ts) { return ts - ts % 1000; }

TEST(Interop, TsharkReadsWhatWeWrite) {
  if (!have_tool("tshark")) GTEST_SKIP() << "tshark not installed";
  TempDir dir;
  Sample s = make_sample(40);
  struct Case {
    const char* name;
    FileFormat fmt;
    bool nsec;
    bool two_links;
  } cases[] = {{"us.pcap", FileFormat::Pcap, false, false},
               {"ns.pcap", FileFormat::Pcap, true, false},
               {"multi.pcapng", FileFormat::PcapNg, true, true}};
  for (auto& c : cases) {
    std::string path = dir.file(c.name);
    write_sample(path, s, c.fmt, c.nsec, c.two_links);
    auto lines = run_lines("tshark -n -r '" + path +
                           "' -T fields -e frame.time_epoch -e frame.len -e frame.interface_name "
                           "-e frame.packet_flags_direction -e udp.dstport 2>/dev/null");
    ASSERT_EQ(lines.size(), s.frames.size()) << c.name << ": " << (lines.empty() ? "" : lines[0]);
    for (size_t i = 0; i < lines.size(); ++i) {
      auto f = split_tabs(lines[i]);
      ASSERT_GE(f.size(), 2u) << lines[i];
      int64_t ts = c.nsec ? s.ts[i] : truncate_us(s.ts[i]);
      EXPECT_EQ(f[0], epoch_ns_text(ts)) << c.name << " #" << i;
      bool raw = c.two_links && i % 2 == 1;
      EXPECT_EQ(f[1], std::to_string(s.frames[i].size() - (raw ? 14 : 0))) << c.name;
      if (c.fmt == FileFormat::PcapNg) {
        ASSERT_EQ(f.size(), 5u) << lines[i];
        EXPECT_EQ(f[2], raw ? "raw-test" : "eth-test");
        // tshark shows the direction bits: 0x00000001 inbound, 0x00000002
        // outbound, nothing when the EPB has no epb_flags (direction unknown).
        std::string want = i % 3 == 0 ? "" : "0x0000000" + std::to_string(i % 3);
        EXPECT_EQ(f[3], want) << c.name << " #" << i;
        EXPECT_EQ(f[4], "12346");
      }
    }
  }
}

TEST(Interop, TcpdumpReadsWhatWeWrite) {
  if (!have_tool("tcpdump")) GTEST_SKIP() << "tcpdump not installed";
  TempDir dir;
  Sample s = make_sample(25);
  for (auto fmt : {FileFormat::Pcap, FileFormat::PcapNg}) {
    std::string path = dir.file(fmt == FileFormat::Pcap ? "t.pcap" : "t.pcapng");
    write_sample(path, s, fmt, true, false);
    auto lines = run_lines("tcpdump -nn -tt --time-stamp-precision=nano -r '" + path + "' 2>/dev/null");
    ASSERT_EQ(lines.size(), s.frames.size());
    for (size_t i = 0; i < lines.size(); ++i) {
      EXPECT_EQ(lines[i].substr(0, lines[i].find(' ')), epoch_ns_text(s.ts[i])) << lines[i];
      EXPECT_NE(lines[i].find("198.18.0.1.12345 > 198.18.0.2.12346: UDP"), std::string::npos) << lines[i];
    }
  }
}

// Reads `path` with weir and expects exactly the sample (µs or ns precision).
void expect_same(const std::string& path, const Sample& s, bool nsec) {
  Status err;
  auto src = open_capture_file(path, {}, err);
  ASSERT_TRUE(src) << err.message();
  auto r = read_all(*src);
  EXPECT_EQ(r.last, RecvStatus::Eof) << r.error;
  ASSERT_EQ(r.pkts.size(), s.frames.size()) << path;
  for (size_t i = 0; i < s.frames.size(); ++i) {
    EXPECT_EQ(r.pkts[i].data, s.frames[i]) << path << " #" << i;
    EXPECT_EQ(r.pkts[i].ts_ns, nsec ? s.ts[i] : truncate_us(s.ts[i])) << path << " #" << i;
    EXPECT_EQ(r.pkts[i].linktype, linktype::kEthernet);
  }
}

TEST(Interop, WeReadWhatToolsWrite) {
  TempDir dir;
  Sample s = make_sample(30);
  std::string base = dir.file("base.pcap");
  write_sample(base, s, FileFormat::Pcap, true, false);
  bool any = false;
  if (have_tool("editcap")) {
    any = true;
    struct {
      const char* fmt;
      const char* out;
      bool nsec;
    } conv[] = {{"pcapng", "e.pcapng", true}, {"nsecpcap", "e-ns.pcap", true}, {"pcap", "e-us.pcap", false}};
    for (auto& c : conv) {
      std::string out = dir.file(c.out);
      std::string cmd = std::string("editcap -F ") + c.fmt + " '" + base + "' '" + out + "' 2>&1";
      int st = 0;
      auto lines = run_lines(cmd, &st);
      ASSERT_EQ(st, 0) << cmd << (lines.empty() ? "" : lines[0]);
      expect_same(out, s, c.nsec);
    }
    // A pcapng with a non-default resolution written by editcap: µs source.
    std::string us = dir.file("e-us.pcap"), ng = dir.file("e-us.pcapng");
    ASSERT_EQ(std::system(("editcap -F pcapng '" + us + "' '" + ng + "' 2>/dev/null").c_str()), 0);
    expect_same(ng, s, false);
  }
  if (have_tool("tcpdump")) {
    any = true;
    std::string out = dir.file("td.pcap");
    ASSERT_EQ(std::system(("tcpdump -r '" + base + "' -w '" + out + "' 2>/dev/null").c_str()), 0);
    expect_same(out, s, false);  // tcpdump -w writes the microsecond magic by default
    std::string out2 = dir.file("td-ns.pcap");
    ASSERT_EQ(std::system(("tcpdump --time-stamp-precision=nano -r '" + base + "' -w '" + out2 +
                           "' 2>/dev/null")
                              .c_str()),
              0);
    expect_same(out2, s, true);
  }
  if (!any) GTEST_SKIP() << "neither editcap nor tcpdump installed";
}

}  // namespace
}  // namespace weir

namespace weir {
namespace {

// mergecap joins an Ethernet pcap and a raw-IP pcap into one pcapng with two
// interfaces of different link types; weir must map each packet to its IDB.
TEST(Interop, MergecapTwoLinkTypes) {
  using namespace weir::testing;
  if (!have_tool("mergecap")) GTEST_SKIP() << "mergecap not installed";
  TempDir dir;
  Bytes a = pcap_header(false, false, linktype::kEthernet);
  Bytes b = pcap_header(false, false, linktype::kRaw);
  for (uint32_t i = 0; i < 5; ++i) {
    pcap_record(a, 100 + 2 * i, 10, frame(60, uint8_t(i)));
    pcap_record(b, 101 + 2 * i, 20, frame(40, uint8_t(100 + i)));
  }
  write_file(dir.file("a.pcap"), a.b);
  write_file(dir.file("b.pcap"), b.b);
  std::string out = dir.file("m.pcapng");
  ASSERT_EQ(std::system(("mergecap -F pcapng -w '" + out + "' '" + dir.file("a.pcap") + "' '" +
                         dir.file("b.pcap") + "' 2>/dev/null")
                            .c_str()),
            0);
  Status err;
  auto src = open_capture_reader(out, {}, err);
  ASSERT_TRUE(src) << err.message();
  auto r = read_all(*src);
  EXPECT_EQ(r.last, RecvStatus::Eof) << r.error;
  ASSERT_EQ(r.pkts.size(), 10u);
  ASSERT_EQ(src->interfaces().size(), 2u);
  for (size_t i = 0; i < 10; ++i) {
    bool eth = i % 2 == 0;  // merged in time order: a, b, a, b, ...
    EXPECT_EQ(r.pkts[i].ts_ns, int64_t(100 + i) * 1'000'000'000 + (eth ? 10'000 : 20'000)) << i;
    EXPECT_EQ(r.pkts[i].linktype, eth ? linktype::kEthernet : linktype::kRaw) << i;
    EXPECT_EQ(src->interfaces()[r.pkts[i].iface].linktype, r.pkts[i].linktype);
    EXPECT_EQ(r.pkts[i].data, frame(eth ? 60 : 40, uint8_t(eth ? i / 2 : 100 + i / 2)));
  }
}

}  // namespace
}  // namespace weir
