// Helpers for tests that compare weir's decoding with tshark's: a minimal
// pcapng writer (one interface per link type) and line splitting.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "decode/net_samples.hpp"

namespace weir::testpkt {

inline bool have_tshark() { return std::system("tshark -v >/dev/null 2>&1") == 0; }

inline void le16(Bytes& b, uint16_t v) { b.push_back(uint8_t(v)); b.push_back(uint8_t(v >> 8)); }
inline void le32(Bytes& b, uint32_t v) { le16(b, uint16_t(v)); le16(b, uint16_t(v >> 16)); }

// A minimal pcapng writer: one interface per distinct link type.
inline std::string write_pcapng(const std::vector<samples::Sample>& s) {
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

inline std::vector<std::string> split(const std::string& s, char sep) {
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


// Runs a command and returns its standard output; rc gets its exit status.
inline std::string run_command(const std::string& cmd, int& rc) {
  std::string text;
  rc = -1;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return text;
  char buf[65536];
  size_t got;
  while ((got = fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, got);
  rc = pclose(p);
  return text;
}

}  // namespace weir::testpkt
