// Cross-check: every sample frame of net_samples.hpp is written to a pcapng
// file, dissected by tshark, and every field of the link/network/transport
// decoders must print exactly as tshark prints it. Skipped (visibly) when
// tshark is not installed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "decode/net_samples.hpp"
#include "engine/streams.hpp"

namespace weir::testpkt {
namespace {

bool have_tshark() { return std::system("tshark -v >/dev/null 2>&1") == 0; }

void le16(Bytes& b, uint16_t v) { b.push_back(uint8_t(v)); b.push_back(uint8_t(v >> 8)); }
void le32(Bytes& b, uint32_t v) { le16(b, uint16_t(v)); le16(b, uint16_t(v >> 16)); }

// A minimal pcapng writer: one interface per distinct link type.
std::string write_pcapng(const std::vector<samples::Sample>& s) {
  Bytes out;
  auto block = [&](uint32_t type, const Bytes& body) {
    Bytes b = body;
    while (b.size() % 4) b.push_back(0);
    uint32_t total = uint32_t(12 + b.size());
    le32(out, type);
    le32(out, total);
    out.insert(out.end(), b.begin(), b.end());
    le32(out, total);
  };
  Bytes shb;
  le32(shb, 0x1a2b3c4d);
  le16(shb, 1);
  le16(shb, 0);
  le32(shb, 0xffffffff);
  le32(shb, 0xffffffff);
  block(0x0a0d0d0a, shb);
  std::map<uint32_t, uint32_t> ifid;
  for (const auto& x : s) {
    if (ifid.count(x.linktype)) continue;
    uint32_t id = uint32_t(ifid.size());
    ifid[x.linktype] = id;
    Bytes idb;
    le16(idb, uint16_t(x.linktype));
    le16(idb, 0);
    le32(idb, 262144);
    block(1, idb);
  }
  uint32_t ts = 0;
  for (const auto& x : s) {
    Bytes epb;
    le32(epb, ifid[x.linktype]);
    le32(epb, 0);
    le32(epb, ts++);
    le32(epb, uint32_t(x.frame.size()));
    le32(epb, uint32_t(x.frame.size()));
    epb.insert(epb.end(), x.frame.begin(), x.frame.end());
    block(6, epb);
  }
  char path[] = "/tmp/weir-net-tshark-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return "";
  bool ok = write(fd, out.data(), out.size()) == ssize_t(out.size());
  close(fd);
  return ok ? path : "";
}

bool is_net_proto(Proto p) {
  switch (p) {
    case Proto::Eth: case Proto::Llc: case Proto::Vlan: case Proto::Mpls: case Proto::PppoeSess:
    case Proto::Ppp: case Proto::Null: case Proto::Sll: case Proto::Arp: case Proto::Ipv4:
    case Proto::Ipv6: case Proto::Ipv6HopOpts: case Proto::Ipv6Routing: case Proto::Ipv6Fragment:
    case Proto::Ipv6DestOpts: case Proto::Ah: case Proto::Icmp: case Proto::Icmpv6: case Proto::Igmp:
    case Proto::Tcp: case Proto::Udp: case Proto::Sctp: case Proto::Gre: case Proto::Vxlan:
    case Proto::Geneve:
      return true;
    default:
      return false;
  }
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> v;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      v.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  v.push_back(cur);
  return v;
}

TEST(NetTshark, EveryFieldOfEverySampleMatchesTshark) {
  if (!have_tshark()) GTEST_SKIP() << "tshark not installed: cross-check skipped";
  auto all = samples::all();
  std::string path = write_pcapng(all);
  ASSERT_FALSE(path.empty());

  std::vector<std::string> names{"ip.version"};
  size_t n = 0;
  const FieldDef* defs = Registry::builtin().all_fields(n);
  for (size_t i = 0; i < n; ++i)
    if (is_net_proto(defs[i].proto)) names.push_back(defs[i].name);
  ASSERT_GT(names.size(), 100u);

  std::string cmd = "tshark -n -r " + path +
                    " -o ip.defragment:FALSE -o ipv6.defragment:FALSE -o tcp.desegment_tcp_streams:FALSE"
                    " -T fields -E occurrence=a -E aggregator=,";
  for (const auto& f : names) cmd += " -e " + f;
  cmd += " 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string text;
  char buf[65536];
  size_t got;
  while ((got = fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, got);
  int rc = pclose(p);
  unlink(path.c_str());
  ASSERT_EQ(rc, 0) << "tshark failed";

  std::vector<std::string> lines = split(text, '\n');
  ASSERT_GE(lines.size(), all.size());
  size_t compared = 0;
  // tcp.stream, udp.stream and the sequence analysis run over the samples in
  // order, as tshark's (frame numbers and the file's times: i microseconds).
  StreamTracker streams;
  streams.set_analysis(true);
  for (size_t i = 0; i < all.size(); ++i) {
    std::vector<std::string> cells = split(lines[i], '\t');
    ASSERT_EQ(cells.size(), names.size()) << all[i].name;
    Decoded d(all[i].frame, all[i].linktype);
    d.set_frame(i + 1, int64_t(i) * 1000);
    streams.annotate(d.mutable_pkt());
    EXPECT_EQ(d.anomalies(), "") << all[i].name;
    for (size_t j = 0; j < names.size(); ++j) {
      EXPECT_EQ(d.field(names[j]), cells[j]) << "sample " << all[i].name << ", field " << names[j];
      if (!cells[j].empty()) ++compared;
    }
  }
  // The samples must exercise most fields (a guard against an empty run).
  EXPECT_GT(compared, 600u);
}

}  // namespace
}  // namespace weir::testpkt
