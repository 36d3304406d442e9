// Network adapters (interfaces): listing and change notification over
// rtnetlink. Shared by live capture and interception.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "weir/status.hpp"

namespace weir {

struct AdapterAddress {
  int family = 0;            // AF_INET or AF_INET6
  uint8_t addr[16] = {};
  uint8_t prefix_len = 0;
};

struct Adapter {
  int index = 0;
  std::string name;
  std::string kind;          // "veth", "bridge", "loopback", "ether", "tun", ...
  uint8_t mac[6] = {};
  bool has_mac = false;
  uint32_t mtu = 0;
  uint32_t flags = 0;        // IFF_* (IFF_UP, IFF_RUNNING, IFF_LOOPBACK, IFF_PROMISC)
  uint32_t linktype = 1;     // pcap LINKTYPE_* for capture on it
  std::vector<AdapterAddress> addresses;
};

// Lists every interface with its addresses.
Status list_adapters(std::vector<Adapter>& out);

enum class AdapterEvent { Added, Removed, Up, Down };

// Watches rtnetlink for interface changes. poll() is non-blocking; fd() can
// be put in an epoll/poll set.
class AdapterMonitor {
 public:
  using Callback = std::function<void(AdapterEvent, const Adapter&)>;
  static std::unique_ptr<AdapterMonitor> open(Status& err);
  virtual ~AdapterMonitor() = default;
  virtual int fd() const = 0;
  // Reads pending notifications and calls cb for each; returns how many.
  virtual int poll(const Callback& cb) = 0;
};

}  // namespace weir
