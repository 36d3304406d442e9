// Throughput of the writer and the reader on 500k packets (pcap and pcapng).
// Asserts that every packet comes back; prints ns/packet for information
// only (speed targets are checked by bench/, never by timing assertions).
#include <gtest/gtest.h>

#include <time.h>

#include "io/capfile_util.hpp"

namespace weir {
namespace {

using namespace weir::testing;
// CPU time of this thread: the machine is shared, wall time would measure
// other people's jobs.
struct Clock {
  using time_point = double;
  static double now() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e9 + double(ts.tv_nsec);
  }
};
double ns_since(double t0) { return Clock::now() - t0; }

TEST(Perf, WriteAndRead500kPackets) {
  constexpr int kPackets = 500'000;
  TempDir dir;
  std::vector<std::vector<uint8_t>> frames;
  for (int i = 0; i < 64; ++i) frames.push_back(frame(size_t(60 + i * 9), uint8_t(i)));  // 60..627 bytes
  for (auto fmt : {FileFormat::Pcap, FileFormat::PcapNg}) {
    const char* name = fmt == FileFormat::Pcap ? "pcap" : "pcapng";
    std::string path = dir.file(std::string("perf.") + name);
    WriteOptions wo;
    wo.format = fmt;
    Status err;
    auto w = create_capture_file(path, wo, err);
    ASSERT_TRUE(w) << err.message();
    auto t0 = Clock::now();
    PacketView v;
    for (int i = 0; i < kPackets; ++i) {
      const auto& f = frames[size_t(i) & 63];
      v.data = f.data();
      v.caplen = v.origlen = uint32_t(f.size());
      v.ts_ns = 1'700'000'000'000'000'000LL + i * 1000LL;
      v.dir = Direction(i % 3);
      if (!w->write(v)) FAIL() << w->error().message();
    }
    ASSERT_TRUE(w->close());
    double wns = ns_since(t0) / kPackets;

    auto bytes = read_file(path);
    double best = 1e18, best_mem = 1e18;
    uint64_t sum = 0, count = 0;
    for (int rep = 0; rep < 6; ++rep) {
      // Even reps: the file (mmap); odd reps: already in memory, i.e. the
      // parser alone.
      auto src = rep % 2 == 0 ? open_capture_reader(path, {}, err)
                              : open_capture_memory(bytes.data(), bytes.size(), "mem", {}, err);
      ASSERT_TRUE(src) << err.message();
      std::vector<PacketView> views(256);
      t0 = Clock::now();
      count = 0;
      for (;;) {
        size_t n = 0;
        RecvStatus s = src->receive(views, n);
        for (size_t i = 0; i < n; ++i) sum += views[i].caplen + uint64_t(views[i].ts_ns);
        count += n;
        if (s != RecvStatus::Ok) break;
      }
      double t = ns_since(t0) / kPackets;
      if (rep % 2 == 0) best = std::min(best, t);
      else best_mem = std::min(best_mem, t);
    }
    EXPECT_EQ(count, uint64_t(kPackets));
    std::printf("perf %-6s: write %.1f ns/packet (%.0f MB); read %.1f ns/packet from the file (mmap, page cache "
                "warm), %.1f ns/packet parsing from memory (best of 3; thread CPU time)\n",
                name, wns, double(w->bytes_written()) / 1e6, best, best_mem);
    (void)sum;
  }
}

}  // namespace
}  // namespace weir
