// Sources produce batches of PacketViews; sinks consume them. Capture files
// and AF_PACKET rings implement PacketSource, so the decoder, filter,
// statistics and writers never care where packets come from. Interception
// (NFQUEUE) hands out PacketLeases instead (intercept.hpp): each packet
// waits for a verdict, so it is not a PacketSource.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "weir/packet.hpp"
#include "weir/status.hpp"

namespace weir {

// Result of one receive() call. Eof, Timeout and Interrupted are not errors.
enum class RecvStatus { Ok, Eof, Timeout, Interrupted, Error };

struct InterfaceInfo {
  std::string name;
  std::string description;
  uint32_t linktype = linktype::kEthernet;
  uint32_t snaplen = 262144;
  // Timestamp resolution of the file/interface in units per second
  // (1'000'000 for microseconds, 1'000'000'000 for nanoseconds).
  uint64_t ts_units_per_sec = 1'000'000;
};

class PacketSource {
 public:
  virtual ~PacketSource() = default;
  // Fills up to out.size() views and stores the count in n. The views stay
  // valid until the next receive() call. Returns Ok with n > 0, or Eof /
  // Timeout / Interrupted with n possibly > 0, or Error (see error()). A
  // source that hits damage returns the good packets before it first, then
  // Error on a later call.
  virtual RecvStatus receive(std::span<PacketView> out, size_t& n) = 0;
  // Why the last receive() returned Error (file offset and reason included).
  virtual const Status& error() const = 0;
  // Interfaces known so far (pcapng IDBs grow as the file is read).
  virtual const std::vector<InterfaceInfo>& interfaces() const = 0;
};

class PacketSink {
 public:
  virtual ~PacketSink() = default;
  // Writes one packet. Returns false on an I/O error (see error()).
  virtual bool write(const PacketView& pkt) = 0;
  virtual bool flush() = 0;
  virtual bool close() = 0;
  virtual const Status& error() const = 0;
};

}  // namespace weir
