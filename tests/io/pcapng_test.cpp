// pcapng: writer/reader round trips, hand-built files in both byte orders,
// several sections and interfaces, timestamp resolution/offset, every block
// type, damage and salvage.
#include <gtest/gtest.h>

#include "io/capfile_util.hpp"

namespace weir {
namespace {

using namespace weir::testing;

TEST(PcapngWrite, RoundTripInterfacesDirectionsOptions) {
  TempDir dir;
  std::string path = dir.file("rt.pcapng");
  WriteOptions wo;  // pcapng, ns
  wo.user_appl = "weir-test 1.0";
  wo.interfaces.push_back({"eth0", "first NIC", linktype::kEthernet, 262144, 0});
  wo.interfaces.push_back({"tun0", "", linktype::kRaw, 262144, 0});
  Status err;
  auto w = create_capture_file(path, wo, err);
  ASSERT_TRUE(w) << err.message();
  EXPECT_EQ(w->add_interface({"any", "cooked", linktype::kLinuxSll, 0, 0}), 2u);
  std::vector<std::vector<uint8_t>> frames;
  const Direction dirs[] = {Direction::Unknown, Direction::Inbound, Direction::Outbound};
  for (int i = 0; i < 60; ++i) frames.push_back(frame(1 + i * 7, uint8_t(i)));  // odd sizes: padding
  for (int i = 0; i < 60; ++i) {
    PacketView v;
    v.data = frames[i].data();
    v.caplen = uint32_t(frames[i].size());
    v.origlen = v.caplen + 4;
    v.ts_ns = 1'600'000'000'000'000'001LL + i * 333'333'333LL;
    v.iface = uint32_t(i % 3);
    v.linktype = wo.interfaces.size() > 0 ? (i % 3 == 0 ? linktype::kEthernet : i % 3 == 1 ? linktype::kRaw
                                                                                           : linktype::kLinuxSll)
                                          : 0;
    v.dir = dirs[i % 3];
    ASSERT_TRUE(w->write(v));
  }
  ASSERT_TRUE(w->close());
  auto bytes = read_file(path);
  EXPECT_EQ(w->bytes_written(), bytes.size());

  auto src = open_capture_reader(path, {}, err);
  ASSERT_TRUE(src) << err.message();
  EXPECT_EQ(src->format(), FileFormat::PcapNg);
  auto r = read_all(*src);
  EXPECT_EQ(r.last, RecvStatus::Eof) << r.error;
  ASSERT_EQ(r.pkts.size(), 60u);
  const auto& ifs = src->interfaces();
  ASSERT_EQ(ifs.size(), 3u);
  EXPECT_EQ(ifs[0].name, "eth0");
  EXPECT_EQ(ifs[0].description, "first NIC");
  EXPECT_EQ(ifs[0].ts_units_per_sec, 1'000'000'000u);
  EXPECT_EQ(ifs[1].name, "tun0");
  EXPECT_EQ(ifs[1].linktype, linktype::kRaw);
  EXPECT_EQ(ifs[2].description, "cooked");
  EXPECT_EQ(ifs[2].linktype, linktype::kLinuxSll);
  for (int i = 0; i < 60; ++i) {
    EXPECT_EQ(r.pkts[i].data, frames[i]) << i;
    EXPECT_EQ(r.pkts[i].origlen, frames[i].size() + 4);
    EXPECT_EQ(r.pkts[i].ts_ns, 1'600'000'000'000'000'001LL + i * 333'333'333LL);
    EXPECT_EQ(r.pkts[i].iface, uint32_t(i % 3));
    EXPECT_EQ(r.pkts[i].linktype, ifs[i % 3].linktype);
    EXPECT_EQ(r.pkts[i].dir, dirs[i % 3]);
    EXPECT_EQ(r.pkts[i].file_offset % 4, 0u);
    EXPECT_EQ(bytes[r.pkts[i].file_offset], 6);  // points at the EPB
  }
}

TEST(PcapngWrite, MicrosecondsAndAutoInterfaces) {
  TempDir dir;
  WriteOptions wo;
  wo.nanosecond = false;
  Status err;
  auto w = create_capture_file(dir.file("u.pcapng"), wo, err);
  ASSERT_TRUE(w);
  auto f = frame(33, 9);
  PacketView v;
  v.data = f.data();
  v.caplen = v.origlen = 33;
  v.ts_ns = 5'000'123'456;
  v.linktype = linktype::kRaw;
  v.iface = 7;  // unknown: goes to an interface of its link type
  ASSERT_TRUE(w->write(v));
  v.linktype = linktype::kEthernet;
  ASSERT_TRUE(w->write(v));
  v.linktype = linktype::kRaw;
  ASSERT_TRUE(w->write(v));
  ASSERT_TRUE(w->close());
  Status e2;
  auto src = open_capture_reader(dir.file("u.pcapng"), {}, e2);
  ASSERT_TRUE(src);
  auto r = read_all(*src);
  ASSERT_EQ(r.pkts.size(), 3u);
  ASSERT_EQ(src->interfaces().size(), 2u);
  EXPECT_EQ(src->interfaces()[0].ts_units_per_sec, 1'000'000u);
  EXPECT_EQ(r.pkts[0].iface, 0u);
  EXPECT_EQ(r.pkts[1].iface, 1u);
  EXPECT_EQ(r.pkts[2].iface, 0u);
  EXPECT_EQ(r.pkts[1].linktype, linktype::kEthernet);
  EXPECT_EQ(r.pkts[0].ts_ns, 5'000'123'000);
}

TEST(PcapngWrite, FlushEachPacketLeavesReadableFile) {
  TempDir dir;
  WriteOptions wo;
  wo.flush_each_packet = true;
  wo.interfaces.push_back({"lo", "", linktype::kEthernet, 262144, 0});
  Status err;
  auto w = create_capture_file(dir.file("f.pcapng"), wo, err);
  ASSERT_TRUE(w);
  auto f = frame(100, 1);
  PacketView v;
  v.data = f.data();
  v.caplen = v.origlen = 100;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(w->write(v));
    // Without close(), the file already holds every packet so far.
    auto r = read_memory(read_file(dir.file("f.pcapng")));
    EXPECT_EQ(r.last, RecvStatus::Eof) << r.error;
    EXPECT_EQ(r.pkts.size(), size_t(i + 1));
  }
  // Buffered mode: nothing reaches the file before flush.
  wo.flush_each_packet = false;
  auto w2 = create_capture_file(dir.file("g.pcapng"), wo, err);
  ASSERT_TRUE(w2->write(v));
  EXPECT_EQ(read_file(dir.file("g.pcapng")).size(), 0u);
  ASSERT_TRUE(w2->flush());
  EXPECT_EQ(read_memory(read_file(dir.file("g.pcapng"))).pkts.size(), 1u);
}

TEST(PcapngWrite, LargePacketBypassesBuffer) {
  TempDir dir;
  WriteOptions wo;
  wo.snaplen = 2'000'000;
  Status err;
  for (auto fmt : {FileFormat::PcapNg, FileFormat::Pcap}) {
    wo.format = fmt;
    auto w = create_capture_file(dir.file("big"), wo, err);
    auto small = frame(10, 1), big = frame(1'500'001, 2);
    PacketView v;
    v.data = small.data();
    v.caplen = v.origlen = 10;
    ASSERT_TRUE(w->write(v));
    v.data = big.data();
    v.caplen = v.origlen = uint32_t(big.size());
    v.dir = Direction::Outbound;
    ASSERT_TRUE(w->write(v));
    ASSERT_TRUE(w->close());
    auto r = read_memory(read_file(dir.file("big")));
    ASSERT_EQ(r.pkts.size(), 2u) << r.error;
    EXPECT_EQ(r.pkts[1].data, big);
    if (fmt == FileFormat::PcapNg) {
      EXPECT_EQ(r.pkts[1].dir, Direction::Outbound);
    }
  }
}

// A hand-built file exercising every block type, in the given byte order.
Bytes every_block(bool be) {
  Bytes f(be);
  ng_shb(f, "handmade");
  ng_idb(f, linktype::kEthernet, 96, "if-a", -1);       // default µs
  ng_idb(f, linktype::kRaw, 0, "if-b", 9, true, -10, "nanos, offset -10 s");
  // NRB (one IPv4 record + end)
  {
    Bytes nrb(be);
    nrb.u16(1).u16(8).u32(0x0100007f).raw("host", 4).u16(0).u16(0);
    ng_block(f, 4, nrb);
  }
  ng_epb(f, 0, 1'000'000'000'000'123ull, frame(60, 1), 1);  // µs units, inbound
  ng_epb(f, 1, 20'000'000'005ull, frame(41, 2), 2);          // ns, outbound, offset
  // SPB: origlen 200 but interface 0 snaplen 96 limits caplen.
  {
    Bytes spb(be);
    auto d = frame(200, 3);
    spb.u32(200).raw(d).pad4();
    ng_block(f, 3, spb);
  }
  // Obsolete Packet Block on interface 1 with pack_flags outbound.
  {
    Bytes opb(be);
    auto d = frame(30, 4);
    opb.u16(1).u16(0).u32(0).u32(7).u32(30).u32(31).raw(d).pad4().opt_u32(2, 2).end_opts();
    ng_block(f, 2, opb);
  }
  // ISB for interface 0
  {
    Bytes isb(be);
    isb.u32(0).u32(0).u32(1).opt_u64(4, 12345).end_opts();
    ng_block(f, 5, isb);
  }
  // Custom blocks (both kinds) and an unknown type.
  {
    Bytes c(be);
    c.u32(32473).raw("custom data!", 12);
    ng_block(f, 0x00000BAD, c);
    ng_block(f, 0x40000BAD, c);
    Bytes u(be);
    u.u32(0xdeadbeef);
    ng_block(f, 0x12345678, u);
  }
  ng_epb(f, 0, 2, frame(14, 5), 0);  // flags without direction
  return f;
}

TEST(PcapngRead, EveryBlockTypeBothByteOrders) {
  for (bool be : {false, true}) {
    Bytes f = every_block(be);
    Status err;
    auto src = open_capture_memory(f.b.data(), f.b.size(), "all.pcapng", {}, err);
    ASSERT_TRUE(src) << err.message();
    auto r = read_all(*src, 2);
    ASSERT_EQ(r.last, RecvStatus::Eof) << r.error;
    ASSERT_EQ(r.pkts.size(), 5u);
    const auto& ifs = src->interfaces();
    ASSERT_EQ(ifs.size(), 2u);
    EXPECT_EQ(ifs[0].name, "if-a");
    EXPECT_EQ(ifs[0].snaplen, 96u);
    EXPECT_EQ(ifs[0].ts_units_per_sec, 1'000'000u);
    EXPECT_EQ(ifs[1].description, "nanos, offset -10 s");
    EXPECT_EQ(ifs[1].ts_units_per_sec, 1'000'000'000u);
    // EPB µs
    EXPECT_EQ(r.pkts[0].ts_ns, 1'000'000'000'000'123'000LL);
    EXPECT_EQ(r.pkts[0].dir, Direction::Inbound);
    EXPECT_EQ(r.pkts[0].data, frame(60, 1));
    EXPECT_EQ(r.pkts[0].linktype, linktype::kEthernet);
    // EPB ns with if_tsoffset -10 s
    EXPECT_EQ(r.pkts[1].ts_ns, 20'000'000'005LL - 10'000'000'000LL);
    EXPECT_EQ(r.pkts[1].dir, Direction::Outbound);
    EXPECT_EQ(r.pkts[1].iface, 1u);
    EXPECT_EQ(r.pkts[1].linktype, linktype::kRaw);
    // SPB: interface 0, snaplen rule, no timestamp
    EXPECT_EQ(r.pkts[2].data.size(), 96u);
    EXPECT_EQ(r.pkts[2].origlen, 200u);
    EXPECT_EQ(r.pkts[2].iface, 0u);
    EXPECT_EQ(r.pkts[2].ts_ns, 0);
    EXPECT_EQ(0, std::memcmp(r.pkts[2].data.data(), frame(200, 3).data(), 96));
    // OPB
    EXPECT_EQ(r.pkts[3].data, frame(30, 4));
    EXPECT_EQ(r.pkts[3].origlen, 31u);
    EXPECT_EQ(r.pkts[3].iface, 1u);
    EXPECT_EQ(r.pkts[3].ts_ns, 7 - 10'000'000'000LL);
    EXPECT_EQ(r.pkts[3].dir, Direction::Outbound);
    // Last EPB: flags present, direction unknown
    EXPECT_EQ(r.pkts[4].dir, Direction::Unknown);
    EXPECT_EQ(r.pkts[4].ts_ns, 2000);
    EXPECT_EQ(src->stats().blocks_skipped, 5u);  // NRB, ISB, 2 custom, unknown
  }
}

TEST(PcapngRead, TsresolPowersOfTwoAndTen) {
  struct Case {
    uint8_t res;
    uint64_t units;
    int64_t ns;
    uint64_t per_sec;
  } cases[] = {
      {0, 3, 3'000'000'000LL, 1},
      {3, 1500, 1'500'000'000LL, 1000},
      {6, 1'234'567, 1'234'567'000LL, 1'000'000},
      {9, 42, 42, 1'000'000'000},
      {12, 5'000'000'000'999ull, 5'000'000'000LL, 1'000'000'000'000ull},
      {0x80 | 10, 3 * 1024 + 512, 3'500'000'000LL, 1024},       // 2^-10
      {0x80 | 30, (uint64_t(7) << 30) + (1u << 29), 7'500'000'000LL, uint64_t(1) << 30},
      {0x80 | 0, 2, 2'000'000'000LL, 1},
  };
  for (auto& c : cases) {
    for (bool be : {false, true}) {
      Bytes f(be);
      ng_shb(f);
      ng_idb(f, 1, 0, "x", c.res);
      ng_epb(f, 0, c.units, frame(10, 1));
      Status err;
      auto src = open_capture_memory(f.b.data(), f.b.size(), "r.pcapng", {}, err);
      auto r = read_all(*src);
      ASSERT_EQ(r.pkts.size(), 1u) << r.error;
      EXPECT_EQ(r.pkts[0].ts_ns, c.ns) << int(c.res);
      EXPECT_EQ(src->interfaces()[0].ts_units_per_sec, c.per_sec) << int(c.res);
    }
  }
  // Out of range resolutions are reported, not crashed on.
  for (uint8_t res : {uint8_t(20), uint8_t(0x80 | 64), uint8_t(0xff)}) {
    Bytes f;
    ng_shb(f);
    ng_idb(f, 1, 0, "", res);
    auto r = read_memory(f.b);
    EXPECT_EQ(r.last, RecvStatus::Error);
    EXPECT_NE(r.error.find("if_tsresol"), std::string::npos) << r.error;
  }
}

TEST(PcapngRead, SeveralSectionsMixedByteOrder) {
  Bytes a(false);
  ng_shb(a);
  ng_idb(a, linktype::kEthernet, 0, "a0", 6);
  ng_idb(a, linktype::kRaw, 0, "a1", 9);
  ng_epb(a, 1, 77, frame(20, 1));
  Bytes b(true);
  ng_shb(b);
  ng_idb(b, linktype::kLinuxSll, 0, "b0", 9);
  ng_epb(b, 0, 88, frame(21, 2), 1);
  Bytes c(false);
  ng_shb(c);
  ng_idb(c, linktype::kNull, 0, "c0", 3);
  ng_epb(c, 0, 99, frame(22, 3));
  Bytes all;
  all.raw(a.b).raw(b.b).raw(c.b);
  Status err;
  auto src = open_capture_memory(all.b.data(), all.b.size(), "m.pcapng", {}, err);
  auto r = read_all(*src, 1);
  ASSERT_EQ(r.last, RecvStatus::Eof) << r.error;
  ASSERT_EQ(r.pkts.size(), 3u);
  ASSERT_EQ(src->interfaces().size(), 4u);
  EXPECT_EQ(src->interfaces()[2].name, "b0");
  EXPECT_EQ(r.pkts[0].iface, 1u);
  EXPECT_EQ(r.pkts[0].linktype, linktype::kRaw);
  EXPECT_EQ(r.pkts[0].ts_ns, 77);
  EXPECT_EQ(r.pkts[1].iface, 2u);
  EXPECT_EQ(r.pkts[1].linktype, linktype::kLinuxSll);
  EXPECT_EQ(r.pkts[1].ts_ns, 88);
  EXPECT_EQ(r.pkts[1].dir, Direction::Inbound);
  EXPECT_EQ(r.pkts[1].file_offset, a.size() + b.size() - (12 + 20 + 24 + 12));
  EXPECT_EQ(r.pkts[2].iface, 3u);
  EXPECT_EQ(r.pkts[2].ts_ns, 99'000'000);
  // Interface ids are per section: id 1 is undefined in section 2.
  Bytes bad(true);
  ng_shb(bad);
  ng_idb(bad, 1, 0);
  ng_epb(bad, 1, 0, frame(4, 1));
  Bytes all2;
  all2.raw(a.b).raw(bad.b);
  auto r2 = read_memory(all2.b);
  EXPECT_EQ(r2.pkts.size(), 1u);
  EXPECT_NE(r2.error.find("interface id 1 is not defined (1 interfaces in this section)"), std::string::npos)
      << r2.error;
}

TEST(PcapngRead, OpenErrors) {
  Status err;
  Bytes f;
  ng_shb(f);
  f.b[8] = 0x11;  // byte-order magic broken
  read_memory(f.b, {}, &err);
  EXPECT_NE(err.message().find("byte-order magic"), std::string::npos) << err.message();
  Bytes g;
  ng_shb(g);
  g.b[12] = 2;  // version 2.0
  read_memory(g.b, {}, &err);
  EXPECT_NE(err.message().find("unsupported pcapng version 2.0"), std::string::npos) << err.message();
  read_memory({0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0}, {}, &err);
  EXPECT_NE(err.message().find("truncated pcapng section header"), std::string::npos) << err.message();
}

Bytes simple_ng(size_t* epb2 = nullptr, size_t* epb3 = nullptr) {
  Bytes f;
  ng_shb(f);
  ng_idb(f, 1, 0, "eth0", 9);
  ng_epb(f, 0, 1'000, frame(60, 1));
  if (epb2) *epb2 = f.size();
  ng_epb(f, 0, 2'000, frame(100, 2));
  if (epb3) *epb3 = f.size();
  ng_epb(f, 0, 3'000, frame(70, 3));
  return f;
}

TEST(PcapngDamage, TruncatedBlock) {
  size_t e3;
  Bytes f = simple_ng(nullptr, &e3);
  f.b.resize(e3 + 50);
  auto r = read_memory(f.b);
  EXPECT_EQ(r.pkts.size(), 2u);
  EXPECT_EQ(r.last, RecvStatus::Error);
  EXPECT_EQ(r.error, "mem.pcap: truncated block at offset " + std::to_string(e3) + ": header says 104 bytes, 50 left");
  f.b.resize(e3 + 6);
  r = read_memory(f.b);
  EXPECT_EQ(r.error, "mem.pcap: truncated block header at offset " + std::to_string(e3) + ": 12 bytes needed, 6 left");
}

TEST(PcapngDamage, CorruptLengthsAndTrailers) {
  size_t e2, e3;
  {
    Bytes f = simple_ng(&e2, &e3);
    f.b[e2 + 4] = 13;  // not a multiple of 4
    auto r = read_memory(f.b);
    EXPECT_EQ(r.pkts.size(), 1u);
    EXPECT_NE(r.error.find("corrupt block at offset " + std::to_string(e2) + ": block length 13 is invalid"),
              std::string::npos)
        << r.error;
  }
  {
    Bytes f = simple_ng(&e2, &e3);
    f.b[e3 - 4] ^= 0x40;  // trailer of EPB 2
    auto r = read_memory(f.b);
    EXPECT_EQ(r.pkts.size(), 1u);
    EXPECT_NE(r.error.find("offset " + std::to_string(e2) + ": trailing length"), std::string::npos) << r.error;
  }
  {
    Bytes f = simple_ng(&e2, &e3);
    f.b[e2 + 8 + 12] = 0xff;  // caplen beyond block
    f.b[e2 + 8 + 13] = 0xff;
    auto r = read_memory(f.b);
    EXPECT_EQ(r.pkts.size(), 1u);
    EXPECT_NE(r.error.find("captured length"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("exceeds the block"), std::string::npos) << r.error;
  }
  {
    Bytes f = simple_ng(&e2, &e3);
    f.b[e2 + 7] = 0x7f;  // block length 2 GiB
    auto r = read_memory(f.b);
    EXPECT_EQ(r.pkts.size(), 1u);
    EXPECT_NE(r.error.find("is invalid"), std::string::npos) << r.error;
  }
  {
    // SPB before any IDB
    Bytes f;
    ng_shb(f);
    Bytes spb;
    spb.u32(4).u32(0);
    ng_block(f, 3, spb);
    auto r = read_memory(f.b);
    EXPECT_NE(r.error.find("no interface defined"), std::string::npos) << r.error;
  }
}

TEST(PcapngSalvage, SkipsDamagedBlock) {
  size_t e2, e3;
  Bytes f = simple_ng(&e2, &e3);
  ng_epb(f, 0, 4'000, frame(80, 4));
  f.b[e2 + 4] = 0x99;  // EPB 2 length broken
  f.b[e2 + 5] = 0x99;
  ReadOptions ro;
  ro.salvage = true;
  Status err;
  auto src = open_capture_memory(f.b.data(), f.b.size(), "s.pcapng", ro, err);
  auto r = read_all(*src);
  EXPECT_EQ(r.last, RecvStatus::Eof);
  ASSERT_EQ(r.pkts.size(), 3u);
  EXPECT_EQ(r.pkts[1].data, frame(70, 3));
  EXPECT_EQ(r.pkts[1].file_offset, e3);
  EXPECT_EQ(r.pkts[2].ts_ns, 4'000);
  EXPECT_EQ(src->stats().bytes_skipped, e3 - e2);
  EXPECT_EQ(src->stats().damaged_regions, 1u);
}

TEST(PcapngSalvage, GarbageInsertedAndLostBytes) {
  size_t e2, e3;
  Bytes f = simple_ng(&e2, &e3);
  // Remove 3 bytes from inside EPB 2 (everything after shifts: unaligned).
  f.b.erase(f.b.begin() + long(e2 + 40), f.b.begin() + long(e2 + 43));
  ng_epb(f, 0, 4'000, frame(80, 4));
  ReadOptions ro;
  ro.salvage = true;
  Status err;
  auto src = open_capture_memory(f.b.data(), f.b.size(), "g.pcapng", ro, err);
  auto r = read_all(*src);
  EXPECT_EQ(r.last, RecvStatus::Eof);
  ASSERT_EQ(r.pkts.size(), 3u) << src->stats().first_damage << " skipped " << src->stats().bytes_skipped
                               << " regions " << src->stats().damaged_regions << " off1 "
                               << (r.pkts.size() > 1 ? r.pkts[1].file_offset : 0) << " e3 " << e3 << " size "
                               << f.size();
  EXPECT_EQ(r.pkts[1].data, frame(70, 3));
  EXPECT_EQ(r.pkts[1].file_offset, e3 - 3);
  EXPECT_EQ(r.pkts[2].data, frame(80, 4));
}

TEST(PcapngSalvage, TruncatedTail) {
  size_t e3;
  Bytes f = simple_ng(nullptr, &e3);
  f.b.resize(e3 + 40);
  ReadOptions ro;
  ro.salvage = true;
  Status err;
  auto src = open_capture_memory(f.b.data(), f.b.size(), "s.pcapng", ro, err);
  auto r = read_all(*src);
  EXPECT_EQ(r.last, RecvStatus::Eof);
  EXPECT_EQ(r.pkts.size(), 2u);
  EXPECT_EQ(src->stats().bytes_skipped, 40u);
}

}  // namespace
}  // namespace weir
