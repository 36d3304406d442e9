// Capture files: pcap and pcapng, read and written.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "weir/source.hpp"
#include "weir/status.hpp"

namespace weir {

enum class FileFormat { Pcap, PcapNg };

struct ReadOptions {
  // Resynchronise on the next plausible record after damage instead of
  // stopping with an error.
  bool salvage = false;
};

// Opens a pcap or pcapng file (detected from its magic number); "-" reads
// standard input. On failure returns nullptr and sets err.
std::unique_ptr<PacketSource> open_capture_file(const std::string& path, const ReadOptions& opt,
                                                Status& err);

struct WriteOptions {
  FileFormat format = FileFormat::PcapNg;  // pcapng is the default, as in Wireshark
  bool nanosecond = true;                  // pcap: nanosecond magic; pcapng: if_tsresol=9
  uint32_t snaplen = 262144;
  std::string user_appl = "weir";          // pcapng shb_userappl
  // Interfaces described in the file (pcapng IDBs, in order: PacketView::iface
  // indexes them; pcap uses the first one's link type). More can be added
  // with PacketWriter::add_interface.
  std::vector<InterfaceInfo> interfaces;
  // Flush to the OS after every block (so a killed process leaves a file
  // readable up to its last complete block). Otherwise buffered.
  bool flush_each_packet = false;
};

class PacketWriter : public PacketSink {
 public:
  // Adds an interface (pcapng IDB) and returns its index.
  virtual uint32_t add_interface(const InterfaceInfo& info) = 0;
  virtual uint64_t bytes_written() const = 0;
  virtual uint64_t packets_written() const = 0;
};

// Creates (truncates) a file; "-" writes standard output.
std::unique_ptr<PacketWriter> create_capture_file(const std::string& path, const WriteOptions& opt,
                                                  Status& err);

}  // namespace weir
