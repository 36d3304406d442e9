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
#include "decode/tshark_util.hpp"
#include "engine/streams.hpp"

namespace weir::testpkt {
namespace {

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
