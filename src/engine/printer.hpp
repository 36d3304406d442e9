// Per-packet text output: the summary line, -T fields, -T json, -V and -x.
// Everything is written straight into an OutBuf; no allocation per packet
// (scratch buffers are reserved once and values longer than them are cut).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "weir/decode.hpp"
#include "weir/engine.hpp"
#include "weir/outbuf.hpp"
#include "weir/status.hpp"

namespace weir {

// Fields that are not registered by a decoder but computed by the printer.
enum class SyntheticField : uint8_t {
  None, Protocols, TimeRelative, TimeDelta, TimeDeltaDisplayed, Time, ColProtocol, ColInfo
};

struct ResolvedField {
  const FieldDef* def = nullptr;
  SyntheticField synth = SyntheticField::None;
  std::string name;
};

// Resolves a Wireshark field name; error text like tshark's when unknown.
Status resolve_field(const Registry& reg, const std::string& name, ResolvedField& out);

// Appends `v` as a JSON string body (no quotes) with proper escaping: quotes,
// backslashes and control characters escaped; valid UTF-8 kept; bytes that
// are not valid UTF-8 become \u00XX (their Latin-1 reading).
void json_escape(std::string_view v, OutBuf& out);
void json_escape(std::string_view v, std::string& out);

class Printer {
 public:
  Printer(const Registry& reg, OutBuf& out);

  Status set_fields(const std::vector<std::string>& names, const FieldsFormat& f);
  void set_time_base(int64_t ns) { base_ns_ = ns; }
  void set_time_format(TimeFormat f) { time_fmt_ = f; }
  // Decimals of the time column: the input's timestamp resolution (6 for
  // microseconds, 9 for nanoseconds), as tshark.
  void set_time_digits(int d) { time_digits_ = d; }
  // The time of the packet read before this one (frame.time_delta, -t d);
  // the Analyzer sets it for each packet, the printer tracks shown ones.
  void set_prev_captured(int64_t ns) { prev_captured_ns_ = ns; }
  void shown(int64_t ns) { prev_shown_ns_ = ns; }

  void summary(const DecodedPacket& d);
  void fields_header();
  void fields(const DecodedPacket& d);
  void json(const DecodedPacket& d);
  void verbose(const DecodedPacket& d);
  void hexdump(const PacketView& p);

  // "eth:ethertype:ip:tcp"-style chain, as frame.protocols.
  void protocols(const DecodedPacket& d, OutBuf& out) const;

 private:
  void time_column(const DecodedPacket& d);
  // The summary's protocol and info columns (also _ws.col.Protocol/Info).
  std::string_view protocol_column(const DecodedPacket& d, int& ntop) const;
  void info_column(const DecodedPacket& d, int ntop, TextOut& out, std::string_view lead);
  static void analysis_prefix(const TcpAnalysis& a, TextOut& out);
  void emit_synthetic(SyntheticField s, const DecodedPacket& d, FieldOut& fo);
  void write_field_value(std::string_view v);  // escaping + quote doubling for -T fields

  const Registry& reg_;
  OutBuf& out_;
  int64_t base_ns_ = INT64_MIN;
  int64_t prev_ns_ = INT64_MIN;
  TimeFormat time_fmt_ = TimeFormat::Relative;
  int time_digits_ = 6;
  int64_t prev_captured_ns_ = INT64_MIN, prev_shown_ns_ = INT64_MIN;
  std::string col_;  // _ws.col.Info (reserved once)
  int64_t abs_cached_sec_ = INT64_MIN;
  char abs_cached_[32];
  std::vector<ResolvedField> fields_;
  FieldsFormat ff_;
  bool escape_[256] = {};  // bytes write_field_value must escape
  std::string scratch_;  // reserved once: -E occurrence=l and JSON multi-value buffering
  friend struct FieldsSink;
  friend struct JsonSink;
};

}  // namespace weir
