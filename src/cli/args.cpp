#include "cli/args.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace weir::cli {

namespace {
// tshark's /t /s /n escapes; it uses the first character of what is given.
bool sep_char(const std::string& v, std::string& out) {
  std::string u = v == "/t" ? "\t" : v == "/s" ? " " : v == "/n" ? "\n" : v;
  if (u.empty()) return false;
  out = u.substr(0, 1);
  return true;
}
}  // namespace

bool parse_E(const std::string& arg, FieldsFormat& f, std::string& err) {
  size_t eq = arg.find('=');
  if (eq == std::string::npos) {
    err = "-E expects key=value, got '" + arg + "'";
    return false;
  }
  std::string k = arg.substr(0, eq), v = arg.substr(eq + 1);
  if (k == "header") {
    if (v != "y" && v != "n") return err = "-E header must be y or n", false;
    f.header = v == "y";
  } else if (k == "bom") {
    if (v != "y" && v != "n") return err = "-E bom must be y or n", false;
    f.bom = v == "y";
  } else if (k == "separator") {
    if (!sep_char(v, f.separator)) return err = "-E separator needs a character, /t or /s", false;
  } else if (k == "aggregator") {
    if (!sep_char(v, f.aggregator)) return err = "-E aggregator needs a character, /t or /s", false;
  } else if (k == "occurrence") {
    char* end = nullptr;
    errno = 0;
    unsigned long long num = v.empty() || v[0] < '0' || v[0] > '9' ? 0 : std::strtoull(v.c_str(), &end, 10);
    if (num > 0 && !errno && end && !*end && num < (1u << 31)) {
      f.occurrence = 'n';
      f.occurrence_n = uint32_t(num);
    } else if (v == "f" || v == "l" || v == "a") {
      f.occurrence = v[0];
    } else {
      return err = "-E occurrence must be f, l, a or a number from 1", false;
    }
  } else if (k == "quote") {
    if (v == "d") f.quote = '"';
    else if (v == "s") f.quote = '\'';
    else if (v == "n") f.quote = 0;
    else return err = "-E quote must be d, s or n", false;
  } else {
    err = "unknown -E option '" + k + "' (bom, header, separator, occurrence, aggregator, quote)";
    return false;
  }
  return true;
}

std::vector<std::string> expand_short_options(int argc, char** argv, std::string_view flags,
                                              std::string_view valued) {
  std::vector<std::string> out;
  bool done = false;
  for (int i = 0; i < argc; ++i) {
    std::string_view a = argv[i];
    if (i == 0 || done || a.size() < 3 || a[0] != '-' || a[1] == '-') {
      if (a == "--") done = true;
      out.emplace_back(a);
      continue;
    }
    // Check the whole cluster first: an unknown letter keeps the word whole.
    bool ok = true;
    for (size_t k = 1; k < a.size(); ++k) {
      if (valued.find(a[k]) != std::string_view::npos) break;
      if (flags.find(a[k]) == std::string_view::npos) {
        ok = false;
        break;
      }
    }
    if (!ok) {
      out.emplace_back(a);
      continue;
    }
    for (size_t k = 1; k < a.size(); ++k) {
      out.push_back(std::string("-") + a[k]);
      if (valued.find(a[k]) != std::string_view::npos) {
        if (k + 1 < a.size()) out.emplace_back(a.substr(k + 1));
        break;
      }
    }
  }
  return out;
}

std::vector<char*> as_argv(std::vector<std::string>& words) {
  std::vector<char*> v;
  v.reserve(words.size() + 1);
  for (auto& w : words) v.push_back(w.data());
  v.push_back(nullptr);
  return v;
}

bool parse_pref(const std::string& arg, AnalyzerOptions& o, std::string& err) {
  size_t colon = arg.find(':');
  std::string name = arg.substr(0, colon), value = colon == std::string::npos ? "" : arg.substr(colon + 1);
  for (char& ch : value) ch = char(std::toupper(static_cast<unsigned char>(ch)));
  bool* target = name == "ip.defragment"               ? &o.defragment_ipv4
                 : name == "ipv6.defragment"           ? &o.defragment_ipv6
                 : name == "tcp.desegment_tcp_streams" ? &o.desegment_tcp
                 : name == "tls.desegment_ssl_records" ? &o.desegment_tls
                 : name == "dns.desegment_dns_messages" ? &o.desegment_dns
                                                       : nullptr;
  if (!target) {
    err = "-o: unknown preference '" + name +
          "' (weir has ip.defragment, ipv6.defragment, tcp.desegment_tcp_streams, tls.desegment_ssl_records and "
          "dns.desegment_dns_messages)";
    return false;
  }
  if (value != "TRUE" && value != "FALSE") {
    err = "-o " + name + " must be TRUE or FALSE, not '" + value + "'";
    return false;
  }
  *target = value == "TRUE";
  return true;
}

bool parse_u64(const char* s, uint64_t& v) {
  if (!s || !*s) return false;
  char* end = nullptr;
  errno = 0;
  unsigned long long x = std::strtoull(s, &end, 10);
  if (errno || end == s || *end || s[0] == '-') return false;
  v = x;
  return true;
}

bool parse_size(const char* s, uint64_t& v) {
  char* end;
  errno = 0;
  double x = std::strtod(s, &end);
  if (errno || end == s || !std::isfinite(x) || x <= 0) return false;
  double mul = 1e6;  // tcpdump: -C is in millions of bytes
  if (*end) {
    switch (*end) {
      case 'k': case 'K': mul = 1024.0; break;  // tcpdump's suffixes are powers of 1024
      case 'm': case 'M': mul = 1048576.0; break;
      case 'g': case 'G': mul = 1073741824.0; break;
      case 'b': case 'B': mul = 1; break;
      default: return false;
    }
    if (end[1]) return false;
  }
  if (x * mul >= 1.8e19) return false;  // beyond uint64_t
  v = uint64_t(x * mul);
  return v > 0;
}

}  // namespace weir::cli
