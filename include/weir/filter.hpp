// Packet filters in pcap-filter syntax, compiled by libpcap to classic BPF
// and run with libpcap's interpreter (the same one tcpdump -r uses). A
// filter is compiled lazily per link type, so pcapng files that mix link
// types filter correctly.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "weir/packet.hpp"
#include "weir/status.hpp"

struct bpf_insn;
struct bpf_program;  // libpcap's, at global scope (else "struct bpf_program" below names weir::bpf_program)

namespace weir {

class BpfFilter {
 public:
  BpfFilter();
  ~BpfFilter();
  BpfFilter(BpfFilter&&) noexcept;
  BpfFilter& operator=(BpfFilter&&) noexcept;

  // Checks the expression compiles (for Ethernet) and keeps it. An empty
  // expression matches everything.
  Status set(const std::string& expr, uint32_t snaplen = 262144);
  const std::string& expression() const { return expr_; }
  bool empty() const { return expr_.empty(); }

  // True if the packet passes. A link type the expression cannot be compiled
  // for (e.g. "ether host" on raw IP) never matches.
  bool matches(const PacketView& pkt);

  // The compiled program for a link type, e.g. to attach to a socket.
  // Returns nullptr and sets err when it does not compile.
  const struct bpf_program* program(uint32_t linktype, Status* err = nullptr);

 private:
  struct Compiled;
  Compiled* get(uint32_t linktype);
  std::string expr_;
  uint32_t snaplen_ = 262144;
  std::unique_ptr<Compiled[]> cache_;  // small fixed cache by link type
  uint32_t last_linktype_ = UINT32_MAX;
  Compiled* last_ = nullptr;
};

}  // namespace weir
