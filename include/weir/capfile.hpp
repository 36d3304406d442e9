// Capture files: pcap and pcapng, read and written.
#pragma once

#include <cstddef>
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

// A descriptor that, once readable, ends every blocking read from a stream
// input (stdin, pipe): receive() then returns Interrupted. A signal handler
// writes a byte to a pipe whose read end is this (the self-pipe trick), so a
// signal that arrives just before read(2) blocks still stops the reader;
// without it only a signal during read(2) does (EINTR). -1 = none.
void set_read_wake_fd(int fd);

// Opens a pcap or pcapng file (detected from its magic number); "-" reads
// standard input. On failure returns nullptr and sets err.
//
// Regular files are memory-mapped; standard input, pipes and other streams
// are read into a large buffer (grown only for records bigger than it).
// Views point into the mapping/buffer: nothing is allocated per packet.
//
// What the reader puts in each PacketView:
//  * ts_ns: nanoseconds since the epoch (pcapng: if_tsresol, either the
//    power-of-10 or the power-of-2 form, and if_tsoffset applied; SPBs, which
//    carry no timestamp, get 0).
//  * iface: index into interfaces(). That list accumulates over the whole
//    file: a second section's IDB 0 gets the index after the last IDB of the
//    previous section. pcap files have exactly one interface (index 0).
//  * linktype: the interface's (pcap: header's network & 0x03FFFFFF).
//  * dir: from epb_flags / pack_flags bits 0-1 (pcapng), else Unknown.
//  * file_offset: offset of the record header (pcap) or block (pcapng).
//
// Damage (truncation, impossible lengths, undefined interface ids, bad
// trailer lengths) ends the good prefix: the packets before it are returned,
// then receive() returns Error with error() naming the file and offset, e.g.
// "x.pcap: truncated record at offset 1234: header says 1514 bytes, 200 left".
// With ReadOptions::salvage the reader instead scans forward for the next
// plausible record (pcap: sane header followed by another sane header or the
// end of file; pcapng: known block type whose trailing length matches), skips
// the damaged bytes and carries on; CaptureFileStats counts what was skipped.
std::unique_ptr<PacketSource> open_capture_file(const std::string& path, const ReadOptions& opt,
                                                Status& err);

// What a capture-file reader has seen so far.
struct CaptureFileStats {
  uint64_t packets = 0;          // packets returned
  uint64_t bytes_read = 0;       // bytes consumed (parsed or skipped)
  uint64_t blocks_skipped = 0;   // pcapng blocks carrying no packet (NRB, ISB, custom, unknown)
  uint64_t damaged_regions = 0;  // salvage: number of resynchronisations
  uint64_t bytes_skipped = 0;    // salvage: damaged bytes skipped in total
  std::string first_damage;      // salvage: message for the first damage, "" if none
};

// The concrete reader type behind open_capture_file.
class CaptureReader : public PacketSource {
 public:
  virtual FileFormat format() const = 0;
  virtual const CaptureFileStats& stats() const = 0;
  // The name used in error messages (the path, or the name given for memory).
  virtual const std::string& name() const = 0;
};

// Like open_capture_file, with the concrete type.
std::unique_ptr<CaptureReader> open_capture_reader(const std::string& path, const ReadOptions& opt,
                                                   Status& err);

// Reads a capture held in memory (not copied: it must outlive the reader).
// `name` is used in error messages. Used by the fuzzer and tests.
std::unique_ptr<CaptureReader> open_capture_memory(const uint8_t* data, size_t size,
                                                   const std::string& name, const ReadOptions& opt,
                                                   Status& err);

// Stats of a source returned by open_capture_file; false (out untouched) for
// any other kind of source.
bool capture_file_stats(const PacketSource& src, CaptureFileStats& out);

struct WriteOptions {
  FileFormat format = FileFormat::PcapNg;  // pcapng is the default, as in Wireshark
  bool nanosecond = true;                  // pcap: nanosecond magic; pcapng: if_tsresol=9
  uint32_t snaplen = 262144;              // packets are cut to this; 0 = no limit (also the IDB snaplen)
  std::string user_appl = "weir";          // pcapng shb_userappl
  // Interfaces described in the file (pcapng IDBs, in order: PacketView::iface
  // indexes them; pcap uses the first one's link type). More can be added
  // with PacketWriter::add_interface.
  std::vector<InterfaceInfo> interfaces;
  // Flush to the OS after every block (so a killed process leaves a file
  // readable up to its last complete block). Otherwise buffered.
  bool flush_each_packet = false;
};

// The writer: pcapng (default) writes an SHB with shb_userappl, one IDB per
// interface (if_name, if_description, if_tsresol 9 or 6, snaplen) and an EPB
// per packet with epb_flags carrying the direction (inbound 1, outbound 2).
// pcap writes the micro- or nanosecond magic and the first interface's link
// type (or, with no interfaces given, the first packet's); a packet of another
// link type is an error there. Packets longer than snaplen are cut to it.
// In pcapng a packet whose iface is unknown or whose link type differs from
// its interface's goes to an interface with its link type (added on first
// use). Output is assembled in a large buffer (one memcpy per packet, one
// write(2) per buffer) unless flush_each_packet is set.
class PacketWriter : public PacketSink {
 public:
  // Adds an interface (pcapng IDB) and returns its index.
  virtual uint32_t add_interface(const InterfaceInfo& info) = 0;
  // Bytes of file produced so far (including what is still buffered).
  virtual uint64_t bytes_written() const = 0;
  virtual uint64_t packets_written() const = 0;
};

// Creates (truncates) a file; "-" writes standard output.
std::unique_ptr<PacketWriter> create_capture_file(const std::string& path, const WriteOptions& opt,
                                                  Status& err);

}  // namespace weir
