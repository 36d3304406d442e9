// weir list [--json]: every network adapter with kind, MAC, addresses,
// flags, MTU and capture link type.
#include <net/if.h>
#include <sys/socket.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "cli/commands.hpp"
#include "weir/adapters.hpp"
#include "weir/format.hpp"
#include "engine/printer.hpp"

namespace weir::cli {

namespace {

std::string addr_text(const AdapterAddress& a) {
  fmt::Buf b = a.family == AF_INET ? fmt::ipv4(a.addr) : fmt::ipv6(a.addr);
  std::string s(b.view());
  s += '/';
  s += std::to_string(a.prefix_len);
  return s;
}

const char* linktype_name(uint32_t lt) {
  switch (lt) {
    case 1: return "EN10MB";
    case 101: return "RAW";
    case 113: return "LINUX_SLL";
    case 276: return "LINUX_SLL2";
    default: return "?";
  }
}

void json_str(std::string& o, const std::string& s) {
  o += '"';
  json_escape(s, o);
  o += '"';
}

int usage(FILE* f, int rc) {
  std::fputs("usage: weir list [--json]\n"
             "  Lists network adapters: index, name, kind, MAC, IPv4/IPv6 addresses with\n"
             "  prefix length, flags (up, running, loopback, promisc), MTU, link type.\n",
             f);
  return rc;
}

}  // namespace

int cmd_list(int argc, char** argv) {
  bool json = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--json")) json = true;
    else if (!std::strcmp(argv[i], "-h") || !std::strcmp(argv[i], "--help")) return usage(stdout, 0);
    else {
      std::fprintf(stderr, "weir list: unknown option '%s'\n", argv[i]);
      return usage(stderr, 2);
    }
  }
  std::vector<Adapter> ads;
  Status st = list_adapters(ads);
  if (!st) {
    std::fprintf(stderr, "weir list: %s\n", st.message().c_str());
    return 1;
  }
  std::string o;
  if (json) o += "[\n";
  for (size_t k = 0; k < ads.size(); ++k) {
    const Adapter& a = ads[k];
    std::string flags;
    auto flag = [&](uint32_t bit, const char* name) {
      if (!(a.flags & bit)) return;
      if (json) {
        if (!flags.empty()) flags += ", ";
        flags += '"';
        flags += name;
        flags += '"';
      } else {
        if (!flags.empty()) flags += ',';
        flags += name;
      }
    };
    flag(IFF_UP, "up");
    flag(IFF_RUNNING, "running");
    flag(IFF_LOOPBACK, "loopback");
    flag(IFF_PROMISC, "promisc");
    std::string mac = a.has_mac ? std::string(fmt::mac(a.mac).view()) : std::string();
    if (json) {
      o += "  {\"index\": " + std::to_string(a.index) + ", \"name\": ";
      json_str(o, a.name);
      o += ", \"kind\": ";
      json_str(o, a.kind);
      o += ", \"mac\": ";
      if (a.has_mac) json_str(o, mac);
      else o += "null";
      o += ", \"mtu\": " + std::to_string(a.mtu) + ", \"flags\": [" + flags + "], \"linktype\": " +
           std::to_string(a.linktype) + ", \"linktype_name\": \"" + linktype_name(a.linktype) + "\", \"addresses\": [";
      for (size_t i = 0; i < a.addresses.size(); ++i) {
        const auto& ad = a.addresses[i];
        if (i) o += ", ";
        fmt::Buf b = ad.family == AF_INET ? fmt::ipv4(ad.addr) : fmt::ipv6(ad.addr);
        o += "{\"family\": \"";
        o += ad.family == AF_INET ? "ipv4" : "ipv6";
        o += "\", \"address\": \"" + std::string(b.view()) + "\", \"prefix_len\": " + std::to_string(ad.prefix_len) + "}";
      }
      o += "]}";
      o += k + 1 < ads.size() ? ",\n" : "\n";
    } else {
      char line[256];
      std::snprintf(line, sizeof line, "%d. %s  kind=%s mtu=%u linktype=%s flags=%s%s%s\n", a.index, a.name.c_str(),
                    a.kind.c_str(), a.mtu, linktype_name(a.linktype), flags.empty() ? "-" : flags.c_str(),
                    a.has_mac ? " mac=" : "", mac.c_str());
      o += line;
      for (const auto& ad : a.addresses) {
        o += ad.family == AF_INET ? "    inet  " : "    inet6 ";
        o += addr_text(ad);
        o += '\n';
      }
    }
  }
  if (json) o += "]\n";
  std::fwrite(o.data(), 1, o.size(), stdout);
  return 0;
}

}  // namespace weir::cli
