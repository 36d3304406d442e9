// Test helper for the reassemblers (engine/defrag.hpp, engine/tcp_reasm.hpp):
// decodes frames in order, numbered from 1, and runs each through one
// reassembler as the Analyzer does.
#pragma once

#include <memory>
#include <vector>

#include "decode/packet_builder.hpp"

namespace weir::testpkt {

template <class Reassembler>
struct Feed {
  Reassembler r;
  std::vector<std::unique_ptr<Decoded>> pkts;
  Decoded& add(const Bytes& f, uint32_t caplen = UINT32_MAX) {
    pkts.push_back(std::make_unique<Decoded>(f, linktype::kEthernet, caplen));
    Decoded& d = *pkts.back();
    d.set_frame(pkts.size(), 0);
    r.process(Registry::builtin(), d.mutable_pkt(), true);
    return d;
  }
};

}  // namespace weir::testpkt
