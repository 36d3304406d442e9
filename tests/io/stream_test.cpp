// Stream input (pipes/FIFOs, as for "-"): the buffered reader must return
// exactly what the mmap reader returns, across buffer refills, records
// bigger than the buffer, slow writers, damage and salvage.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <thread>

#include "io/capfile_util.hpp"

namespace weir {
namespace {

using namespace weir::testing;

// Feeds `bytes` into a FIFO in chunks of `chunk` bytes from a thread and
// reads it with weir.
ReadAll read_via_fifo(const std::vector<uint8_t>& bytes, size_t chunk, const ReadOptions& ro,
                      CaptureFileStats* stats = nullptr, size_t batch = 64) {
  TempDir dir;
  std::string fifo = dir.file("fifo");
  EXPECT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  std::thread feeder([&] {
    FILE* f = std::fopen(fifo.c_str(), "wb");
    if (!f) return;
    for (size_t off = 0; off < bytes.size(); off += chunk) {
      size_t n = std::min(chunk, bytes.size() - off);
      std::fwrite(bytes.data() + off, 1, n, f);
      std::fflush(f);
    }
    std::fclose(f);
  });
  Status err;
  auto src = open_capture_reader(fifo, ro, err);
  ReadAll r;
  if (src) {
    r = read_all(*src, batch);
    if (stats) *stats = src->stats();
  } else {
    r.last = RecvStatus::Error;
    r.error = err.message();
  }
  feeder.join();
  return r;
}

void expect_equal(const ReadAll& a, const ReadAll& b) {
  ASSERT_EQ(a.pkts.size(), b.pkts.size());
  EXPECT_EQ(a.last, b.last);
  for (size_t i = 0; i < a.pkts.size(); ++i) {
    EXPECT_EQ(a.pkts[i].data, b.pkts[i].data) << i;
    EXPECT_EQ(a.pkts[i].ts_ns, b.pkts[i].ts_ns) << i;
    EXPECT_EQ(a.pkts[i].file_offset, b.pkts[i].file_offset) << i;
    EXPECT_EQ(a.pkts[i].iface, b.pkts[i].iface) << i;
    EXPECT_EQ(a.pkts[i].dir, b.pkts[i].dir) << i;
  }
}

std::vector<uint8_t> many_packets_pcapng(int n) {
  Bytes f;
  ng_shb(f, "stream");
  ng_idb(f, linktype::kEthernet, 0, "a", 9);
  ng_idb(f, linktype::kRaw, 0, "b", 6);
  for (int i = 0; i < n; ++i) ng_epb(f, uint32_t(i % 2), uint64_t(i) * 1000 + 7, frame(size_t(40 + (i * 37) % 1500), uint8_t(i)), i % 3);
  return f.b;
}

TEST(StreamRead, MatchesMappedReadAcrossRefills) {
  auto bytes = many_packets_pcapng(12000);  // ~9 MB: several 4 MiB buffer refills
  ASSERT_GT(bytes.size(), 8u << 20);
  auto mem = read_memory(bytes, {}, nullptr, 64);
  ASSERT_EQ(mem.pkts.size(), 12000u);
  auto fifo = read_via_fifo(bytes, 65536, {});
  expect_equal(mem, fifo);
}

TEST(StreamRead, TinyChunksAndPcap) {
  Bytes f = pcap_header(true, true, linktype::kEthernet);
  for (int i = 0; i < 300; ++i) pcap_record(f, 1000 + i, uint32_t(i), frame(size_t(1 + i * 3), uint8_t(i)));
  auto mem = read_memory(f.b);
  auto fifo = read_via_fifo(f.b, 7, {}, nullptr, 5);  // records arrive split in pieces
  ASSERT_EQ(mem.pkts.size(), 300u);
  expect_equal(mem, fifo);
}

TEST(StreamRead, RecordLargerThanBuffer) {
  Bytes f;
  ng_shb(f);
  ng_idb(f, linktype::kEthernet, 0);
  ng_epb(f, 0, 1, frame(100, 1));
  ng_epb(f, 0, 2, frame(6u << 20, 2));  // 6 MiB: the 4 MiB stream buffer must grow
  ng_epb(f, 0, 3, frame(100, 3));
  auto fifo = read_via_fifo(f.b, 1 << 20, {});
  EXPECT_EQ(fifo.last, RecvStatus::Eof) << fifo.error;
  ASSERT_EQ(fifo.pkts.size(), 3u);
  EXPECT_EQ(fifo.pkts[1].data, frame(6u << 20, 2));
  EXPECT_EQ(fifo.pkts[2].data, frame(100, 3));
}

TEST(StreamRead, DamageAndSalvageSameAsMapped) {
  auto bytes = many_packets_pcapng(3000);
  // Truncated in the middle of a block: same error message either way.
  std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + long(bytes.size() / 2 + 5));
  auto mem = read_memory(cut, {}, nullptr, 64);
  auto fifo = read_via_fifo(cut, 4096, {});
  EXPECT_EQ(mem.last, RecvStatus::Error);
  EXPECT_EQ(mem.error.substr(mem.error.find(':')), fifo.error.substr(fifo.error.find(':')));
  expect_equal(mem, fifo);
  // Garbage spliced in: salvage recovers the same packets from both.
  std::vector<uint8_t> junk(5000, 0x5a);
  std::vector<uint8_t> spliced = bytes;
  spliced.insert(spliced.begin() + long(bytes.size() / 3), junk.begin(), junk.end());
  ReadOptions ro;
  ro.salvage = true;
  Status err;
  auto msrc = open_capture_memory(spliced.data(), spliced.size(), "m", ro, err);
  auto m = read_all(*msrc, 64);
  CaptureFileStats fs;
  auto s = read_via_fifo(spliced, 3000, ro, &fs);
  EXPECT_EQ(m.last, RecvStatus::Eof);
  EXPECT_GE(m.pkts.size(), 2998u);  // at most the packet hit by the splice is lost
  expect_equal(m, s);
  EXPECT_EQ(msrc->stats().bytes_skipped, fs.bytes_skipped);
  EXPECT_GE(fs.bytes_skipped, 5000u);
}

TEST(StreamRead, EmptyAndShortStreams) {
  auto r = read_via_fifo({}, 10, {});
  EXPECT_EQ(r.last, RecvStatus::Error);
  EXPECT_NE(r.error.find("empty"), std::string::npos) << r.error;
  r = read_via_fifo({0xd4, 0xc3}, 10, {});
  EXPECT_NE(r.error.find("too short"), std::string::npos) << r.error;
}

// The self-pipe (set_read_wake_fd): a wake descriptor that is already
// readable when the reader would block (a signal that came just before
// read(2)) ends the read at once; the file header is still read through it.
TEST(StreamRead, ReadableWakeFdEndsBlockingRead) {
  using namespace weir::testing;
  TempDir dir;
  std::string fifo = dir.file("fifo");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  int wake[2];
  ASSERT_EQ(pipe(wake), 0);
  ASSERT_EQ(write(wake[1], "s", 1), 1);  // the "signal" came first
  set_read_wake_fd(wake[0]);
  Bytes f = pcap_header(false, true, linktype::kEthernet);
  pcap_record(f, 1, 1, frame(50, 1));
  Bytes second(false);
  pcap_record(second, 2, 2, frame(60, 2));
  std::atomic<int> stage{0};
  std::thread feeder([&] {
    FILE* out = std::fopen(fifo.c_str(), "wb");
    if (!out) return;
    std::fwrite(f.b.data(), 1, f.b.size(), out);
    std::fflush(out);
    // Holds the FIFO open (bounded: 3 s) until the reader was woken; a
    // reader that blocks anyway gets the second record then, and fails.
    for (int i = 0; i < 300 && stage.load() < 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::fwrite(second.b.data(), 1, second.b.size(), out);
    std::fclose(out);
  });
  Status err;
  auto src = open_capture_reader(fifo, {}, err);
  ASSERT_TRUE(src) << err.message();
  std::vector<PacketView> v(8);
  size_t n = 0;
  EXPECT_EQ(src->receive(v, n), RecvStatus::Ok);  // the buffered first record
  EXPECT_EQ(n, 1u);
  RecvStatus st = src->receive(v, n);
  stage = 1;
  EXPECT_EQ(st, RecvStatus::Interrupted);
  EXPECT_EQ(n, 0u);
  set_read_wake_fd(-1);
  auto rest = read_all(*src);
  feeder.join();
  close(wake[0]);
  close(wake[1]);
  EXPECT_EQ(rest.last, RecvStatus::Eof);
  ASSERT_EQ(rest.pkts.size(), 1u);
  EXPECT_EQ(rest.pkts[0].data, frame(60, 2));
}

}  // namespace
}  // namespace weir

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>

namespace weir {
namespace {

void on_usr1(int) {}

// A signal during a blocking read of a pipe makes receive() return
// Interrupted (n = 0); reading then resumes where it was.
TEST(StreamRead, SignalGivesInterruptedThenResumes) {
  using namespace weir::testing;
  struct sigaction sa = {}, old = {};
  sa.sa_handler = on_usr1;  // no SA_RESTART: read(2) fails with EINTR
  sigemptyset(&sa.sa_mask);
  ASSERT_EQ(sigaction(SIGUSR1, &sa, &old), 0);
  TempDir dir;
  std::string fifo = dir.file("fifo");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  Bytes f = pcap_header(false, true, linktype::kEthernet);
  pcap_record(f, 1, 1, frame(50, 1));
  Bytes second(false);
  pcap_record(second, 2, 2, frame(60, 2));
  std::atomic<int> stage{0};
  pthread_t reader_thread = pthread_self();
  std::thread feeder([&] {
    FILE* out = std::fopen(fifo.c_str(), "wb");
    if (!out) return;
    std::fwrite(f.b.data(), 1, f.b.size(), out);
    std::fflush(out);
    // Wait (bounded) until the reader has the first packet, then interrupt it.
    for (int i = 0; i < 500 && stage.load() < 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    for (int i = 0; i < 100 && stage.load() < 2; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      pthread_kill(reader_thread, SIGUSR1);
    }
    std::fwrite(second.b.data(), 1, second.b.size(), out);
    std::fclose(out);
  });
  Status err;
  auto src = open_capture_reader(fifo, {}, err);
  ASSERT_TRUE(src) << err.message();
  std::vector<PacketView> v(8);
  size_t n = 0;
  EXPECT_EQ(src->receive(v, n), RecvStatus::Ok);
  EXPECT_EQ(n, 1u);
  stage = 1;
  RecvStatus st = src->receive(v, n);
  stage = 2;
  EXPECT_EQ(st, RecvStatus::Interrupted);
  EXPECT_EQ(n, 0u);
  auto rest = read_all(*src);
  feeder.join();
  sigaction(SIGUSR1, &old, nullptr);
  EXPECT_EQ(rest.last, RecvStatus::Eof);
  ASSERT_EQ(rest.pkts.size(), 1u);
  EXPECT_EQ(rest.pkts[0].data, frame(60, 2));
  EXPECT_EQ(rest.pkts[0].ts_ns, 2'000'000'002LL);
}

}  // namespace
}  // namespace weir
