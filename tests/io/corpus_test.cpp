// The shared corpus of real (often malformed) captures: every file must
// open and read to its end or to a clean error, never crash, in plain and
// salvage mode; packet counts are compared with tcpdump's where available.
#include <gtest/gtest.h>
#include <dirent.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "io/capfile_util.hpp"

namespace weir {
namespace {

using namespace weir::testing;

std::string corpus_dir() {
  const char* src = std::getenv("WEIR_SOURCE_DIR");
  std::string base = src ? src : WEIR_SOURCE_DIR;
  return base + "/../shared/corpus/tcpdump";
}

std::vector<std::string> corpus_files() {
  std::vector<std::string> out;
  DIR* d = opendir(corpus_dir().c_str());
  if (!d) return out;
  while (dirent* e = readdir(d)) {
    std::string n = e->d_name;
    if (n == "." || n == "..") continue;
    out.push_back(corpus_dir() + "/" + n);
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

struct Count {
  uint64_t packets = 0;
  bool opened = false;
  bool clean = false;
  std::string error;
};

Count read_count(const std::string& path, const ReadOptions& ro, CaptureFileStats* st = nullptr) {
  Count c;
  Status err;
  auto src = open_capture_reader(path, ro, err);
  if (!src) {
    c.error = err.message();
    return c;
  }
  c.opened = true;
  std::vector<PacketView> views(256);
  uint64_t bytes = 0;
  for (int guard = 0; guard < 10'000'000; ++guard) {
    size_t n = 0;
    RecvStatus s = src->receive(views, n);
    for (size_t i = 0; i < n; ++i) {
      // Touch every byte the view claims, so a bad view would fault (ASan).
      const PacketView& v = views[i];
      for (uint32_t j = 0; j < v.caplen; j += 64) bytes += v.data[j];
      if (v.caplen) bytes += v.data[v.caplen - 1];
      EXPECT_LT(v.iface, src->interfaces().size()) << path;
    }
    c.packets += n;
    if (s == RecvStatus::Eof) {
      c.clean = true;
      break;
    }
    if (s == RecvStatus::Error) {
      c.error = src->error().message();
      EXPECT_NE(c.error.find(" at offset "), std::string::npos) << c.error;
      break;
    }
  }
  if (st) *st = src->stats();
  (void)bytes;
  return c;
}

TEST(Corpus, EveryFileReadsToEndOrCleanError) {
  auto files = corpus_files();
  if (files.empty()) GTEST_SKIP() << "corpus not found at " << corpus_dir();
  auto t0 = std::chrono::steady_clock::now();
  size_t opened = 0, clean = 0, errors = 0, open_fail = 0;
  uint64_t packets = 0, salvaged_packets = 0, skipped = 0;
  for (const auto& f : files) {
    Count c = read_count(f, {});
    if (!c.opened) {
      ++open_fail;
      std::printf("  open error: %s\n", c.error.c_str());
      continue;
    }
    ++opened;
    packets += c.packets;
    if (c.clean) ++clean;
    else {
      ++errors;
      std::printf("  read error after %llu packets: %s\n", (unsigned long long)c.packets, c.error.c_str());
    }
    ReadOptions ro;
    ro.salvage = true;
    CaptureFileStats st;
    Count s = read_count(f, ro, &st);
    EXPECT_TRUE(s.clean) << f << ": " << s.error;  // salvage always reaches the end
    EXPECT_GE(s.packets, c.packets) << f;           // and keeps the good prefix
    salvaged_packets += s.packets;
    skipped += st.bytes_skipped;
    if (c.clean) {
      EXPECT_EQ(st.bytes_skipped, 0u) << f;
    }
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("corpus: %zu files, %zu opened (%zu open errors), %zu read to the end, %zu stopped at damage; "
              "%llu packets (%llu with salvage, %llu bytes skipped), %.2f s\n",
              files.size(), opened, open_fail, clean, errors, (unsigned long long)packets,
              (unsigned long long)salvaged_packets, (unsigned long long)skipped, secs);
  EXPECT_GT(opened, files.size() * 9 / 10);
  EXPECT_LT(secs, 30.0);
}

Count read_mem_count(const std::vector<uint8_t>& b, const ReadOptions& ro) {
  Count c;
  Status err;
  auto src = open_capture_memory(b.data(), b.size(), "m", ro, err);
  if (!src) {
    c.error = err.message();
    return c;
  }
  c.opened = true;
  std::vector<PacketView> views(64);
  for (int guard = 0; guard < 1'000'000; ++guard) {
    size_t n = 0;
    RecvStatus s = src->receive(views, n);
    for (size_t i = 0; i < n; ++i) {
      const PacketView& v = views[i];
      EXPECT_GE(v.data, b.data());
      EXPECT_LE(v.data + v.caplen, b.data() + b.size());
    }
    c.packets += n;
    if (s == RecvStatus::Eof) {
      c.clean = true;
      break;
    }
    if (s == RecvStatus::Error) {
      c.error = src->error().message();
      break;
    }
  }
  return c;
}

// Damaged variants of every corpus file (cut short; a run of bytes
// overwritten): the good prefix comes back, then an error naming an offset;
// salvage reaches the end.
TEST(Corpus, DamagedVariants) {
  auto files = corpus_files();
  if (files.empty()) GTEST_SKIP() << "corpus not found at " << corpus_dir();
  size_t truncated_errors = 0, corrupted_errors = 0, variants = 0;
  for (const auto& f : files) {
    auto bytes = read_file(f);
    if (bytes.size() < 64) continue;
    Count full = read_mem_count(bytes, {});
    if (!full.clean) continue;
    ReadOptions salvage;
    salvage.salvage = true;
    // Cut short at 3/4 of the file.
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + long(bytes.size() * 3 / 4));
    Count c = read_mem_count(cut, {});
    ++variants;
    if (c.opened) {
      EXPECT_LE(c.packets, full.packets) << f;
      if (!c.clean) {
        ++truncated_errors;
        EXPECT_NE(c.error.find("truncated"), std::string::npos) << f << ": " << c.error;
        EXPECT_NE(c.error.find(" at offset "), std::string::npos) << c.error;
      }
      Count s = read_mem_count(cut, salvage);
      EXPECT_TRUE(s.clean) << f;
      EXPECT_GE(s.packets, c.packets) << f;
    }
    // Overwrite 9 bytes in the middle with 0xff.
    std::vector<uint8_t> bad = bytes;
    for (size_t i = 0; i < 9; ++i) bad[bytes.size() / 2 + i] = 0xff;
    c = read_mem_count(bad, {});
    if (c.opened && !c.clean) ++corrupted_errors;
    if (c.opened) {
      Count s = read_mem_count(bad, salvage);
      EXPECT_TRUE(s.clean) << f;
      EXPECT_GE(s.packets, c.packets) << f;
    }
  }
  std::printf("corpus: %zu damaged variants; %zu truncations reported, %zu overwrites detected\n", variants,
              truncated_errors, corrupted_errors);
  EXPECT_GT(truncated_errors, variants / 2);
}

// For files both readers accept completely, weir and libpcap (tcpdump) agree
// on the packet count.
TEST(Corpus, PacketCountsMatchTcpdump) {
  auto files = corpus_files();
  if (files.empty()) GTEST_SKIP() << "corpus not found at " << corpus_dir();
  if (std::system("command -v tcpdump >/dev/null 2>&1") != 0) GTEST_SKIP() << "tcpdump not installed";
  size_t compared = 0, mismatched = 0;
  for (size_t i = 0; i < files.size(); i += 1) {
    const auto& f = files[i];
    Count c = read_count(f, {});
    if (!c.opened) continue;
    std::string cmd = "tcpdump --count -r '" + f + "' 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) continue;
    char line[512];
    long long td = -1;
    bool td_error = false;
    while (fgets(line, sizeof line, p)) {
      long long v;
      if (std::sscanf(line, "%lld packet", &v) == 1) td = v;
      if (std::strstr(line, "tcpdump:")) td_error = true;
    }
    pclose(p);
    if (td < 0) continue;
    if (!c.clean || td_error) continue;  // differing damage rules: not comparable
    ++compared;
    if (uint64_t(td) != c.packets) {
      ++mismatched;
      ADD_FAILURE() << f << ": weir " << c.packets << " packets, tcpdump " << td;
    }
  }
  std::printf("corpus: packet counts compared with tcpdump for %zu files, %zu mismatches\n", compared,
              mismatched);
  EXPECT_GT(compared, files.size() / 2);
}

}  // namespace
}  // namespace weir
