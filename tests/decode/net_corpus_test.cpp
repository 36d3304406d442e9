// Every packet of the shared capture corpus (real, often malformed traffic)
// decodes without crashing, with every field and info text emitted, and no
// layer past the captured bytes. Each packet is copied into an exactly-sized
// heap buffer so ASan/UBSan builds catch any read beyond caplen. Skipped
// (visibly) when the corpus folder is absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "weir/capfile.hpp"
#include "weir/decode.hpp"

namespace weir {
namespace {

struct Sink : FieldOut, TextOut {
  size_t bytes = 0;
  void value(std::string_view v) override { bytes += v.size() + 1; }
  void append(std::string_view v) override { bytes += v.size(); }
};

TEST(NetCorpus, EveryPacketDecodesWithinBounds) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(WEIR_SOURCE_DIR) / ".." / "shared" / "corpus" / "tcpdump";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "corpus folder " << dir << " not found: skipped";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());

  const Registry& reg = Registry::builtin();
  size_t nf = 0;
  const FieldDef* fields = reg.all_fields(nf);
  auto pkt = std::make_unique<DecodedPacket>();
  Sink sink;
  size_t packets = 0, decoded_ip = 0;
  for (const auto& path : files) {
    Status err;
    ReadOptions opt;
    opt.salvage = true;
    auto src = open_capture_file(path.string(), opt, err);
    if (!src) continue;  // not a capture file we read: the reader's concern
    PacketView views[64];
    for (int rounds = 0; rounds < 100000; ++rounds) {
      size_t n = 0;
      RecvStatus st = src->receive(views, n);
      for (size_t i = 0; i < n; ++i) {
        PacketView v = views[i];
        std::unique_ptr<uint8_t[]> copy(new uint8_t[v.caplen ? v.caplen : 1]);
        if (v.caplen) std::memcpy(copy.get(), v.data, v.caplen);
        v.data = copy.get();
        decode_packet(reg, v, *pkt);
        pkt->number = ++packets;
        ASSERT_LE(pkt->nlayers, DecodedPacket::kMaxLayers);
        for (int l = 0; l < pkt->nlayers; ++l) {
          const Layer& L = pkt->layers[l];
          ASSERT_LE(uint64_t(L.offset) + L.hdr_len, v.caplen) << path << " packet " << packets;
          if (L.proto == Proto::Ipv4 || L.proto == Proto::Ipv6) ++decoded_ip;
          const ProtoDef& d = reg.proto(L.proto);
          if (d.info) d.info(FieldCtx{*pkt, &L}, sink);
        }
        for (size_t f = 0; f < nf; ++f) {
          if (fields[f].proto == Proto::Frame) {
            fields[f].emit(FieldCtx{*pkt, nullptr}, sink);
            continue;
          }
          for (int l = 0; l < pkt->nlayers; ++l)
            if (pkt->layers[l].proto == fields[f].proto) fields[f].emit(FieldCtx{*pkt, &pkt->layers[l]}, sink);
        }
      }
      if (st != RecvStatus::Ok) break;
    }
  }
  EXPECT_GT(packets, 5000u);  // about 7,300 in the corpus
  EXPECT_GT(decoded_ip, 3000u);
  EXPECT_GT(sink.bytes, 0u);
}

}  // namespace
}  // namespace weir
