// Classic pcap: writer/reader round trips, both byte orders and magics,
// rejected variants, truncation/corruption errors and salvage.
#include <gtest/gtest.h>

#include "io/capfile_util.hpp"

namespace weir {
namespace {

using namespace weir::testing;

TEST(PcapWrite, RoundTripMicroAndNano) {
  TempDir dir;
  for (bool nsec : {false, true}) {
    std::string path = dir.file(nsec ? "ns.pcap" : "us.pcap");
    WriteOptions wo;
    wo.format = FileFormat::Pcap;
    wo.nanosecond = nsec;
    wo.interfaces.push_back({"eth0", "", linktype::kEthernet, 262144, 0});
    Status err;
    auto w = create_capture_file(path, wo, err);
    ASSERT_TRUE(w) << err.message();
    std::vector<std::vector<uint8_t>> frames;
    for (int i = 0; i < 100; ++i) {
      frames.push_back(frame(60 + i * 13, uint8_t(i)));
      PacketView v;
      v.data = frames.back().data();
      v.caplen = uint32_t(frames.back().size());
      v.origlen = v.caplen + (i % 3);
      v.ts_ns = 1'700'000'000'123'456'789LL + int64_t(i) * 1'000'001'001LL;
      v.linktype = linktype::kEthernet;
      ASSERT_TRUE(w->write(v));
    }
    EXPECT_EQ(w->packets_written(), 100u);
    ASSERT_TRUE(w->close()) << w->error().message();
    auto bytes = read_file(path);
    EXPECT_EQ(w->bytes_written(), bytes.size());

    auto src = open_capture_reader(path, {}, err);
    ASSERT_TRUE(src) << err.message();
    EXPECT_EQ(src->format(), FileFormat::Pcap);
    ASSERT_EQ(src->interfaces().size(), 1u);
    EXPECT_EQ(src->interfaces()[0].ts_units_per_sec, nsec ? 1'000'000'000u : 1'000'000u);
    auto r = read_all(*src);
    EXPECT_EQ(r.last, RecvStatus::Eof);
    ASSERT_EQ(r.pkts.size(), 100u);
    uint64_t off = 24;
    for (int i = 0; i < 100; ++i) {
      int64_t ts = 1'700'000'000'123'456'789LL + int64_t(i) * 1'000'001'001LL;
      if (!nsec) ts -= ts % 1000;
      EXPECT_EQ(r.pkts[i].ts_ns, ts) << i;
      EXPECT_EQ(r.pkts[i].data, frames[i]);
      EXPECT_EQ(r.pkts[i].origlen, frames[i].size() + (i % 3));
      EXPECT_EQ(r.pkts[i].file_offset, off);
      EXPECT_EQ(r.pkts[i].linktype, linktype::kEthernet);
      off += 16 + frames[i].size();
    }
    CaptureFileStats st;
    ASSERT_TRUE(capture_file_stats(*src, st));
    EXPECT_EQ(st.packets, 100u);
    EXPECT_EQ(st.bytes_read, bytes.size());
    EXPECT_EQ(st.bytes_skipped, 0u);
  }
}

TEST(PcapWrite, SnaplenCutsAndLinkTypeFromFirstPacket) {
  TempDir dir;
  WriteOptions wo;
  wo.format = FileFormat::Pcap;
  wo.snaplen = 100;
  Status err;
  auto w = create_capture_file(dir.file("a.pcap"), wo, err);
  ASSERT_TRUE(w);
  auto f = frame(300, 1);
  PacketView v;
  v.data = f.data();
  v.caplen = 300;
  v.origlen = 300;
  v.linktype = linktype::kRaw;
  ASSERT_TRUE(w->write(v));
  v.linktype = linktype::kEthernet;  // pcap cannot mix link types
  EXPECT_FALSE(w->write(v));
  EXPECT_NE(w->error().message().find("link type"), std::string::npos);
  w->close();
  auto r = read_memory(read_file(dir.file("a.pcap")));
  ASSERT_EQ(r.pkts.size(), 1u);
  EXPECT_EQ(r.pkts[0].data.size(), 100u);
  EXPECT_EQ(r.pkts[0].origlen, 300u);
  EXPECT_EQ(r.pkts[0].linktype, linktype::kRaw);
}

TEST(PcapWrite, EmptyFileIsValid) {
  TempDir dir;
  WriteOptions wo;
  wo.format = FileFormat::Pcap;
  Status err;
  auto w = create_capture_file(dir.file("e.pcap"), wo, err);
  ASSERT_TRUE(w);
  ASSERT_TRUE(w->close());
  auto bytes = read_file(dir.file("e.pcap"));
  EXPECT_EQ(bytes.size(), 24u);
  auto r = read_memory(bytes);
  EXPECT_EQ(r.last, RecvStatus::Eof);
  EXPECT_TRUE(r.pkts.empty());
}

TEST(PcapRead, AllFourMagics) {
  for (bool be : {false, true}) {
    for (bool nsec : {false, true}) {
      Bytes f = pcap_header(be, nsec, linktype::kRaw, 1500);
      pcap_record(f, 1000, nsec ? 999'999'999 : 999'999, frame(40, 1), 1400);
      pcap_record(f, 0xFFFFFFFFu, 1, frame(20, 2));  // unsigned seconds (year 2106)
      auto r = read_memory(f.b);
      ASSERT_EQ(r.last, RecvStatus::Eof) << r.error;
      ASSERT_EQ(r.pkts.size(), 2u);
      EXPECT_EQ(r.pkts[0].ts_ns, 1000 * 1'000'000'000LL + 999'999'999 - (nsec ? 0 : 999));
      EXPECT_EQ(r.pkts[0].origlen, 1400u);
      EXPECT_EQ(r.pkts[0].data, frame(40, 1));
      EXPECT_EQ(r.pkts[0].linktype, linktype::kRaw);
      EXPECT_EQ(r.pkts[1].ts_ns, 4294967295LL * 1'000'000'000 + (nsec ? 1 : 1000));
      EXPECT_EQ(r.pkts[1].file_offset, 24u + 16 + 40);
    }
  }
}

TEST(PcapRead, LinkTypeUpperBitsMasked) {
  Bytes f = pcap_header(false, false, 0x10000000u | linktype::kEthernet);  // FCS-length bits
  pcap_record(f, 1, 0, frame(14, 1));
  auto r = read_memory(f.b);
  ASSERT_EQ(r.pkts.size(), 1u);
  EXPECT_EQ(r.pkts[0].linktype, linktype::kEthernet);
}

TEST(PcapRead, RejectsOtherMagicsClearly) {
  struct Case {
    uint32_t magic;
    const char* expect;
  } cases[] = {{0xa1b2cd34, "modified"}, {0xa1b234cd, "not supported"}, {0xdeadbeef, "not a pcap or pcapng"}};
  for (auto& c : cases) {
    for (bool be : {false, true}) {
      Bytes f(be);
      f.u32(c.magic).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(1);
      Status err;
      auto r = read_memory(f.b, {}, &err);
      EXPECT_FALSE(err.is_ok());
      EXPECT_NE(err.message().find(c.expect), std::string::npos) << err.message();
      EXPECT_NE(err.message().find("mem.pcap"), std::string::npos);
    }
  }
  Status err;
  read_memory({}, {}, &err);
  EXPECT_NE(err.message().find("empty"), std::string::npos) << err.message();
  read_memory({0xd4, 0xc3, 0xb2, 0xa1, 2, 0}, {}, &err);
  EXPECT_NE(err.message().find("truncated pcap file header"), std::string::npos) << err.message();
  Bytes v = pcap_header(false, false, 1);
  v.b[4] = 3;  // version 3.4
  read_memory(v.b, {}, &err);
  EXPECT_NE(err.message().find("unsupported pcap version 3.4"), std::string::npos) << err.message();
}

TEST(PcapRead, OpenErrors) {
  Status err;
  EXPECT_FALSE(open_capture_file("/nonexistent/x.pcap", {}, err));
  EXPECT_NE(err.message().find("/nonexistent/x.pcap: cannot open"), std::string::npos);
  EXPECT_FALSE(open_capture_file("/tmp", {}, err));
  EXPECT_NE(err.message().find("directory"), std::string::npos);
}

Bytes three_packets(size_t* second_off = nullptr, size_t* third_off = nullptr) {
  Bytes f = pcap_header(false, false, 1);
  pcap_record(f, 100, 1, frame(60, 1));
  if (second_off) *second_off = f.size();
  pcap_record(f, 101, 2, frame(1514, 2));
  if (third_off) *third_off = f.size();
  pcap_record(f, 102, 3, frame(70, 3));
  return f;
}

TEST(PcapDamage, TruncatedRecordNamesOffset) {
  size_t off3;
  Bytes f = three_packets(nullptr, &off3);
  f.b.resize(off3 + 16 + 20);  // third record cut short
  auto r = read_memory(f.b);
  ASSERT_EQ(r.pkts.size(), 2u);  // good prefix returned first
  EXPECT_EQ(r.last, RecvStatus::Error);
  EXPECT_EQ(r.error, "mem.pcap: truncated record at offset " + std::to_string(off3) +
                         ": header says 70 bytes, 20 left");
  // Same with one huge batch: packets first, then Error on the next call.
  Status err;
  auto src = open_capture_memory(f.b.data(), f.b.size(), "x.pcap", {}, err);
  std::vector<PacketView> v(64);
  size_t n = 0;
  EXPECT_EQ(src->receive(v, n), RecvStatus::Ok);
  EXPECT_EQ(n, 2u);
  EXPECT_EQ(src->receive(v, n), RecvStatus::Error);
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(src->receive(v, n), RecvStatus::Error);  // stays failed
}

TEST(PcapDamage, TruncatedHeader) {
  size_t off3;
  Bytes f = three_packets(nullptr, &off3);
  f.b.resize(off3 + 5);
  auto r = read_memory(f.b);
  EXPECT_EQ(r.pkts.size(), 2u);
  EXPECT_EQ(r.error, "mem.pcap: truncated record header at offset " + std::to_string(off3) +
                         ": 16 bytes needed, 5 left");
}

TEST(PcapDamage, AbsurdCaplenIsCorruptNotCrash) {
  size_t off2;
  Bytes f = three_packets(&off2);
  f.b[off2 + 8] = 0xff;
  f.b[off2 + 9] = 0xff;
  f.b[off2 + 10] = 0xff;
  f.b[off2 + 11] = 0x7f;
  auto r = read_memory(f.b);
  EXPECT_EQ(r.pkts.size(), 1u);
  EXPECT_EQ(r.last, RecvStatus::Error);
  EXPECT_NE(r.error.find("corrupt record at offset " + std::to_string(off2)), std::string::npos) << r.error;
}

TEST(PcapDamage, CaplenAboveSnaplenIsAccepted) {
  Bytes f = pcap_header(false, false, 1, 64);
  pcap_record(f, 1, 0, frame(200, 1));
  auto r = read_memory(f.b);
  EXPECT_EQ(r.last, RecvStatus::Eof);
  ASSERT_EQ(r.pkts.size(), 1u);
  EXPECT_EQ(r.pkts[0].data.size(), 200u);
}

TEST(PcapSalvage, SkipsGarbageAndCountsIt) {
  size_t off2, off3;
  Bytes f = three_packets(&off2, &off3);
  // Insert 37 bytes of garbage between records 2 and 3.
  std::vector<uint8_t> junk(37, 0xEE);
  f.b.insert(f.b.begin() + long(off3), junk.begin(), junk.end());
  pcap_record(f, 103, 4, frame(80, 4));
  auto plain = read_memory(f.b);
  EXPECT_EQ(plain.pkts.size(), 2u);
  EXPECT_EQ(plain.last, RecvStatus::Error);
  EXPECT_NE(plain.error.find("offset " + std::to_string(off3)), std::string::npos) << plain.error;

  ReadOptions ro;
  ro.salvage = true;
  Status err;
  auto mem = open_capture_memory(f.b.data(), f.b.size(), "s.pcap", ro, err);
  ASSERT_TRUE(mem);
  auto r = read_all(*mem);
  EXPECT_EQ(r.last, RecvStatus::Eof) << r.error;
  ASSERT_EQ(r.pkts.size(), 4u);
  EXPECT_EQ(r.pkts[2].data, frame(70, 3));
  EXPECT_EQ(r.pkts[2].file_offset, off3 + 37);
  EXPECT_EQ(r.pkts[3].data, frame(80, 4));
  const auto& st = mem->stats();
  EXPECT_EQ(st.bytes_skipped, 37u);
  EXPECT_EQ(st.damaged_regions, 1u);
  EXPECT_EQ(st.packets, 4u);
  EXPECT_NE(st.first_damage.find("s.pcap: corrupt record at offset " + std::to_string(off3)), std::string::npos)
      << st.first_damage;
}

TEST(PcapSalvage, CorruptHeaderMidFileRecovers) {
  size_t off2, off3;
  Bytes f = three_packets(&off2, &off3);
  pcap_record(f, 103, 4, frame(80, 4));
  // Destroy record 2's header and the first bytes of its data.
  for (size_t i = 0; i < 24; ++i) f.b[off2 + i] = 0xA5;
  ReadOptions ro;
  ro.salvage = true;
  auto r = read_memory(f.b, ro);
  EXPECT_EQ(r.last, RecvStatus::Eof);
  ASSERT_EQ(r.pkts.size(), 3u);
  EXPECT_EQ(r.pkts[0].data, frame(60, 1));
  EXPECT_EQ(r.pkts[1].data, frame(70, 3));
  EXPECT_EQ(r.pkts[1].file_offset, off3);
  EXPECT_EQ(r.pkts[2].data, frame(80, 4));
}

TEST(PcapSalvage, TruncatedTailEndsCleanly) {
  size_t off3;
  Bytes f = three_packets(nullptr, &off3);
  f.b.resize(off3 + 30);
  ReadOptions ro;
  ro.salvage = true;
  Status err;
  auto src = open_capture_memory(f.b.data(), f.b.size(), "t.pcap", ro, err);
  auto r = read_all(*src);
  EXPECT_EQ(r.last, RecvStatus::Eof);
  EXPECT_EQ(r.pkts.size(), 2u);
  EXPECT_EQ(src->stats().bytes_skipped, 30u);
  EXPECT_NE(src->stats().first_damage.find("truncated record at offset"), std::string::npos);
}

}  // namespace
}  // namespace weir

namespace weir {
namespace {

TEST(PcapWrite, SnaplenZeroMeansNoLimit) {
  using namespace weir::testing;
  TempDir dir;
  for (auto fmt : {FileFormat::Pcap, FileFormat::PcapNg}) {
    WriteOptions wo;
    wo.format = fmt;
    wo.snaplen = 0;
    Status err;
    auto w = create_capture_file(dir.file("z"), wo, err);
    ASSERT_TRUE(w);
    auto f = frame(70000, 3);
    PacketView v;
    v.data = f.data();
    v.caplen = v.origlen = uint32_t(f.size());
    ASSERT_TRUE(w->write(v));
    ASSERT_TRUE(w->close());
    auto r = read_memory(read_file(dir.file("z")));
    ASSERT_EQ(r.pkts.size(), 1u) << r.error;
    EXPECT_EQ(r.pkts[0].data, f);
  }
}

}  // namespace
}  // namespace weir
