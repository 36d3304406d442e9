// `weir read` argument handling, run as a subprocess on the bundled sample.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace {

struct Result {
  int rc = -1;
  std::string out;
};

// Runs `weir ARGS` (a shell fragment) in the source dir; stderr goes to stdout.
Result run(const std::string& args) {
  std::string cmd = std::string("cd '") + WEIR_SOURCE_DIR + "' && '" + WEIR_BINARY + "' " + args + " 2>&1";
  Result r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int st = pclose(p);
  r.rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  return r;
}

size_t lines(const std::string& s) { return size_t(std::count(s.begin(), s.end(), '\n')); }

class ReadCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (access((std::string(WEIR_SOURCE_DIR) + "/data/sample.pcapng").c_str(), R_OK) != 0)
      GTEST_SKIP() << "data/sample.pcapng is missing";
  }
};

TEST_F(ReadCli, HelpDocumentsExitCodes) {
  Result r = run("read --help");
  EXPECT_EQ(r.rc, 0);
  EXPECT_NE(r.out.find("exit status"), std::string::npos);
  EXPECT_NE(r.out.find("2  input damaged"), std::string::npos);
  EXPECT_NE(r.out.find("--split-by"), std::string::npos);
}

TEST_F(ReadCli, UsageErrorsExitOne) {
  for (const char* args : {"read", "read data/sample.pcapng --bogus", "read data/sample.pcapng -e ip.src",
                           "read data/sample.pcapng -T fields", "read data/sample.pcapng -T xml",
                           "read data/sample.pcapng -E occurrence=x -T fields -e ip.src",
                           "read data/sample.pcapng --split-by host out", "read data/sample.pcapng -c abc"}) {
    Result r = run(args);
    EXPECT_EQ(r.rc, 1) << args << "\n" << r.out;
    EXPECT_NE(r.out.find("weir read: "), std::string::npos) << args;
  }
}

TEST_F(ReadCli, UnknownFieldLooksLikeTshark) {
  Result r = run("read data/sample.pcapng -T fields -e ip.src -e ip.nope");
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.out.find("Some fields aren't valid:\n\tip.nope"), std::string::npos) << r.out;
}

TEST_F(ReadCli, FilterWordsAndOptionsInAnyOrder) {
  Result a = run("read -c 4 data/sample.pcapng udp port 53");
  Result b = run("read data/sample.pcapng udp port 53 -c 4");
  Result c = run("read data/sample.pcapng -- udp port 53");
  EXPECT_EQ(a.rc, 0);
  EXPECT_EQ(lines(a.out), 4u);
  EXPECT_EQ(a.out, b.out);
  EXPECT_EQ(c.rc, 0);
  EXPECT_GT(lines(c.out), 4u);
  EXPECT_EQ(c.out.substr(0, a.out.size()), a.out);
}

TEST_F(ReadCli, QuietPrintsOnlyStatsAndStatsJsonMatches) {
  char path[] = "/tmp/weir-stats-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  Result r = run(std::string("read data/sample.pcapng -q --stats-json ") + path);
  EXPECT_EQ(r.rc, 0);
  EXPECT_EQ(r.out.rfind("Statistics\n  Packets:                   245\n", 0), 0u) << r.out;
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  EXPECT_EQ(ss.str().rfind("{\"packets\":245,", 0), 0u) << ss.str().substr(0, 100);
  unlink(path);
}

TEST_F(ReadCli, LimitPrintsFewerButCountsAll) {
  Result r = run("read data/sample.pcapng --limit 3 --stats");
  EXPECT_EQ(r.rc, 0);
  EXPECT_NE(r.out.find("Packets:                   245"), std::string::npos);
  // (the sample's nanosecond times fill the time column: "    3 0.000200000")
  EXPECT_EQ(r.out.find("\n    4 0."), std::string::npos) << "only 3 packet lines";
  EXPECT_NE(r.out.find("\n    3 0."), std::string::npos);
}

TEST_F(ReadCli, MissingFileExitsOneWithReason) {
  Result r = run("read /nonexistent/x.pcap");
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.out.find("/nonexistent/x.pcap"), std::string::npos) << r.out;
  r = run("read data/sample.pcapng -w /nonexistent/dir/out.pcapng");
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.out.find("/nonexistent/dir/out.pcapng"), std::string::npos) << r.out;
}

}  // namespace
