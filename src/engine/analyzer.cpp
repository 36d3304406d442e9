// The Analyzer: filter -> decode -> print / stats / write / split.
#include <sys/stat.h>

#include <array>
#include <ctime>

#include "engine/defrag.hpp"
#include "engine/streams.hpp"
#include "engine/quic_crypto.hpp"
#include "engine/tcp_reasm.hpp"
#include "printer.hpp"
#include "split.hpp"
#include "weir/decode.hpp"
#include "weir/engine.hpp"
#include "weir/filter.hpp"

namespace weir {

namespace {

class AnalyzerImpl final : public Analyzer {
 public:
  AnalyzerImpl(const AnalyzerOptions& opt, OutBuf* out)
      : opt_(opt), reg_(Registry::builtin()), out_(out), printer_(reg_, out ? *out : dummy()) {}

  Status init() {
    if (Status s = filter_.set(opt_.filter); !s) return s;
    if ((opt_.mode != OutputMode::None || opt_.hex) && !out_) return Status::error("no output for packet text");
    if (opt_.mode == OutputMode::Fields) {
      if (Status s = printer_.set_fields(opt_.fields, opt_.fields_format); !s) return s;
    }
    printer_.set_time_format(opt_.time_format);
    defrag_.set(opt_.defragment_ipv4, opt_.defragment_ipv6);
    tcp_reasm_.set(opt_.desegment_tcp && opt_.desegment_tls, opt_.desegment_tcp,
                   opt_.desegment_tcp && opt_.desegment_dns);
    if (opt_.split_by != SplitBy::None) {
      split_ = std::make_unique<SplitWriter>(opt_.split_by, opt_.split_dir, opt_.write_options, opt_.split_max_open);
      if (Status s = split_->init(); !s) return s;
    }
    // Decoding is needed for anything but plain -w copying and hex dumps.
    need_decode_ = opt_.mode != OutputMode::None || opt_.stats || split_;
    // Conversation indexes (tcp.stream, udp.stream) only where they are shown.
    // (The summary line's Seq=/Ack= are relative too, as in tshark.)
    track_streams_ = opt_.mode == OutputMode::Verbose || opt_.mode == OutputMode::Json ||
                     opt_.mode == OutputMode::Summary;
    // TCP sequence analysis (tshark's default) where its results show: the
    // summary's "[TCP Retransmission]" prefixes, -V, JSON, tcp.analysis.*.
    bool analysis = track_streams_;
    heuristics_ = opt_.mode != OutputMode::Fields || opt_.stats;  // the hierarchy counts HTTP/TLS
    if (opt_.mode == OutputMode::Fields)
      for (const auto& f : opt_.fields) {
        const FieldDef* def = reg_.field(f);
        bool info = f == "_ws.col.Info";  // the summary's info column, as a field
        // A connection stays on TLS or HTTP once a segment was (and TLS's
        // column names the version the connection chose; SSH's packets
        // depend on its version exchange and KEXINITs): these need the
        // conversations too.
        bool app = f == "_ws.col.Protocol" || f == "frame.protocols" ||
                   (def && (def->proto == Proto::Tls || def->proto == Proto::Http || def->proto == Proto::Ssh ||
                            def->proto == Proto::Quic));
        track_streams_ = track_streams_ || (def && def->needs_streams) || info || app;
        // The heuristics only ever find HTTP, TLS or QUIC (whose layers
        // nothing else follows): without a field of those, data or a
        // column they can change nothing shown.
        // (TCP reassembly of TLS records needs TLS found, also on other
        // ports, for its fields to be right.)
        bool reasm = f.rfind("tcp.segment", 0) == 0 || f.rfind("tcp.reassembled", 0) == 0;
        bool heur = app || info || reasm || (def && def->proto == Proto::Data) || !def;
        heuristics_ = heuristics_ || heur;
        analysis = analysis || f.rfind("tcp.analysis", 0) == 0 || info;
      }
    // Wherever a connection's state is tracked the analysis runs too: it
    // decides which segments tshark hands above TCP (no retransmission).
    analysis = analysis || track_streams_;
    streams_.set_analysis(analysis);
    streams_.set_registry(reg_);
    if (opt_.mode == OutputMode::Fields && opt_.fields_format.bom) out_->append("\xef\xbb\xbf");
    if (opt_.mode == OutputMode::Fields && opt_.fields_format.header) printer_.fields_header();
    return Status::ok();
  }

  bool process(std::span<const PacketView> batch, const std::vector<InterfaceInfo>& ifaces) override {
    if (done_) return false;
    // Kept for an output no packet reaches (an allocation only while no
    // file is open and the input's interface list grows).
    if (!writer_ && !opt_.write_path.empty() && ifaces.size() != input_ifaces_.size()) input_ifaces_ = ifaces;
    for (const PacketView& pkt : batch) {
      ++seen_;
      if (!time_base_set_) {
        printer_.set_time_base(pkt.ts_ns);
        time_base_set_ = true;
      }
      dp_.number = seen_;
      int64_t prev_ts = prev_ts_;
      prev_ts_ = pkt.ts_ns;
      if (pkt.iface != time_iface_ && pkt.iface < ifaces.size()) {
        // The time column's decimals follow the input's resolution.
        time_iface_ = pkt.iface;
        uint64_t u = ifaces[pkt.iface].ts_units_per_sec;
        int digits = 0;
        for (uint64_t x = 1; x < u && digits < 9; x *= 10) ++digits;
        printer_.set_time_digits(digits);
      }
      if (pkt.linktype != filter_linktype_ && !filter_.empty()) {
        // As tcpdump: a filter that does not apply to the input's link type
        // ("ether host" on raw IP) is an error, not a filter nothing passes.
        filter_linktype_ = pkt.linktype;
        Status e;
        if (!filter_.program(pkt.linktype, &e)) {
          filter_err_ = e;
          done_ = true;
          return false;
        }
      }
      if (!filter_.matches(pkt)) {
        if (opt_.stats) stats_.add_filtered();
        // tshark numbers conversations and reassembles (IP datagrams, TLS
        // records, HTTP messages) over every packet read.
        // (And QUIC's connections: their keys come from the first Initial.)
        if (track_streams_ || need_decode_) {
          decode(pkt);
          if (track_streams_) annotate();
        }
        continue;
      }
      // -C/-G/-W: a new file before the packet is shown or counted, so
      // that -G -W N stops before the first packet past its last file (as
      // tcpdump). A packet a pcap file cannot take starts no file.
      if (writer_ && rotating() &&
          !(opt_.write_options.format == FileFormat::Pcap && pkt.linktype != pcap_linktype_) && !rotate(pkt, ifaces)) {
        done_ = true;
        return false;
      }
      ++passed_;
      if (need_decode_) decode(pkt);
      else dp_.pkt = &pkt;
      dp_.ifaces = &ifaces;
      if (track_streams_) annotate();
      if (printed_ < opt_.print_limit && (opt_.mode != OutputMode::None || opt_.hex)) {
        ++printed_;
        printer_.set_prev_captured(prev_ts);
        switch (opt_.mode) {
          case OutputMode::Summary: printer_.summary(dp_); break;
          case OutputMode::Fields: printer_.fields(dp_); break;
          case OutputMode::Json: printer_.json(dp_); break;
          case OutputMode::Verbose: printer_.verbose(dp_); break;
          case OutputMode::None: break;
        }
        if (opt_.hex) printer_.hexdump(pkt);
        printer_.shown(pkt.ts_ns);
        out_->maybe_flush(512 * 1024);
      }
      if (opt_.stats) stats_.add(dp_);
      if (!opt_.write_path.empty() && !write(pkt, ifaces)) {
        done_ = true;
        return false;
      }
      if (split_ && !split_->write(dp_, ifaces)) {
        err_ = split_->error();
        done_ = true;
        return false;
      }
      if (opt_.count && passed_ >= opt_.count) {
        done_ = true;
        return false;
      }
    }
    return true;
  }

  Status finish() override {
    if (finished_) return err_.is_ok() ? filter_err_ : err_;
    finished_ = true;
    if (writer_) {
      if (!writer_->close() && err_.is_ok()) err_ = writer_->error();
      writer_.reset();
    } else if (!opt_.write_path.empty() && err_.is_ok() && !opened_any_) {
      // No packet passed: still create a valid (empty) file with the input's
      // interfaces and link type, as tcpdump does.
      PacketView dummy_pkt;
      if (!input_ifaces_.empty()) dummy_pkt.linktype = input_ifaces_[0].linktype;
      opened_sec_ = int64_t(std::time(nullptr));  // no packet time: the clock, as tcpdump
      if (open_writer(input_ifaces_, dummy_pkt, first_name())) {
        if (!writer_->close() && err_.is_ok()) err_ = writer_->error();
        writer_.reset();
      }
    }
    if (split_) {
      Status s = split_->finish();
      if (!s && err_.is_ok()) err_ = s;
    }
    if (out_) out_->flush();
    return err_.is_ok() ? filter_err_ : err_;
  }

  bool done() const override { return done_; }
  const Status& error() const override { return err_; }
  const Status& filter_error() const override { return filter_err_; }
  const Stats& stats() const override { return stats_; }
  uint64_t packets_seen() const override { return seen_; }
  uint64_t packets_passed() const override { return passed_; }
  bool file_limit_reached() const override { return limit_reached_; }
  uint64_t packets_not_written() const override {
    return not_written_ + (split_ ? split_->unsplit() + split_->overflow() : 0);
  }
  void set_time_base(int64_t ns) override {
    printer_.set_time_base(ns);
    time_base_set_ = true;
  }

 private:
  void annotate() {
    streams_.annotate(dp_);
    tcp_reasm_.after_tracker(dp_);
    // tshark hands a retransmission's or an out-of-order segment's data to
    // no protocol above TCP (a fast retransmission's it does; a spurious
    // one's not while it reassembles): TCP only.
    if (dp_.tcp_analysis_layer >= 0 && dp_.tcp_analysis_layer + 1 < dp_.nlayers) {
      using A = TcpAnalysis;
      uint32_t fl = dp_.tcp_analysis.flags;
      bool retrans = ((fl & A::Retransmission) && !(fl & (A::FastRetransmission | A::SpuriousRetransmission))) ||
                     (fl & A::OutOfOrder);
      bool spurious = (fl & A::SpuriousRetransmission) && opt_.desegment_tcp;
      if (retrans || spurious) {
        dp_.nlayers = uint8_t(dp_.tcp_analysis_layer + 1);
        if (dp_.tcp_reasm.second >= dp_.nlayers) dp_.tcp_reasm.second = -1;
      }
    }
  }

  void decode(const PacketView& pkt) {
    decode_packet(reg_, pkt, dp_, heuristics_);
    defrag_.process(reg_, dp_, heuristics_);
    tcp_reasm_.process(reg_, dp_, heuristics_);
    quic_.process(reg_, dp_, heuristics_);
  }

  static OutBuf& dummy() {
    // Printer needs a reference; with no output configured it is never used.
    static OutBuf devnull(-1, 16);
    return devnull;
  }

  bool rotating() const { return opt_.rotation.max_bytes || opt_.rotation.seconds; }
  std::string first_name() const {
    const RotationOptions& ro = opt_.rotation;
    if (!rotating()) return opt_.write_path;
    return rotation_file_name(opt_.write_path, ro, opened_sec_, 0, ro.max_bytes ? rotation_count_width(ro) : 0);
  }

  // -C/-G/-W before `pkt` is written (see RotationOptions): closes the
  // current file and opens the next when it is due. False on an error, or
  // when -G -W N has written its N files (limit_reached_).
  bool rotate(const PacketView& pkt, const std::vector<InterfaceInfo>& ifaces) {
    const RotationOptions& ro = opt_.rotation;
    if (ro.seconds) {
      int64_t sec = floor_seconds(pkt.ts_ns);
      if (sec - opened_sec_ >= int64_t(ro.seconds)) {
        opened_sec_ = sec;
        if (!close_writer()) return false;
        if (!ro.max_bytes && ro.max_files && ++g_files_ >= ro.max_files) {
          limit_reached_ = true;
          return false;
        }
        count_ = 0;
        if (!open_writer(ifaces, pkt, first_name())) return false;
      }
    }
    if (ro.max_bytes && writer_->bytes_written() > ro.max_bytes) {
      if (!close_writer()) return false;
      if (++count_ >= ro.max_files && ro.max_files) count_ = 0;
      if (!open_writer(ifaces, pkt, rotation_file_name(opt_.write_path, ro, opened_sec_, count_, rotation_count_width(ro))))
        return false;
    }
    return true;
  }
  bool close_writer() {
    bool ok = writer_->close();
    if (!ok) err_ = writer_->error();
    writer_.reset();
    return ok;
  }

  bool open_writer(const std::vector<InterfaceInfo>& ifaces, const PacketView& first, const std::string& name) {
    if (rotating()) {
      // Never over the input (a mapped file truncated under the reader).
      struct stat st;
      if ((opt_.input_dev || opt_.input_ino) && ::stat(name.c_str(), &st) == 0 &&
          uint64_t(st.st_dev) == opt_.input_dev && uint64_t(st.st_ino) == opt_.input_ino) {
        err_ = Status::error("-w: " + name + " is the input file");
        return false;
      }
    }
    WriteOptions wo = opt_.write_options;
    if (wo.format == FileFormat::Pcap || ifaces.empty()) {
      InterfaceInfo info = ifaces.empty() || first.iface >= ifaces.size() ? InterfaceInfo{} : ifaces[first.iface];
      info.linktype = first.linktype;
      wo.interfaces = {info};
      pcap_linktype_ = first.linktype;
    } else {
      wo.interfaces = ifaces;
    }
    writer_ifaces_ = uint32_t(wo.interfaces.size());
    Status err;
    writer_ = create_capture_file(name, wo, err);
    if (!writer_) {
      err_ = err.is_ok() ? Status::error("cannot create " + name) : err;
      return false;
    }
    opened_any_ = true;
    return true;
  }

  bool write(const PacketView& pkt, const std::vector<InterfaceInfo>& ifaces) {
    if (!writer_) {
      opened_sec_ = floor_seconds(pkt.ts_ns);
      if (!open_writer(ifaces, pkt, first_name())) return false;
    }
    if (opt_.write_options.format == FileFormat::Pcap) {
      if (pkt.linktype != pcap_linktype_) {
        ++not_written_;  // a pcap file holds one link type
        return true;
      }
      PacketView p = pkt;
      p.iface = 0;
      if (!writer_->write(p)) {
        err_ = writer_->error();
        return false;
      }
      return true;
    }
    while (writer_ifaces_ <= pkt.iface && writer_ifaces_ < ifaces.size())
      writer_->add_interface(ifaces[writer_ifaces_++]);
    if (!writer_->write(pkt)) {
      err_ = writer_->error();
      return false;
    }
    return true;
  }

  AnalyzerOptions opt_;
  const Registry& reg_;
  OutBuf* out_;
  Printer printer_;
  BpfFilter filter_;
  DecodedPacket dp_;
  Stats stats_;
  std::unique_ptr<PacketWriter> writer_;
  std::vector<InterfaceInfo> input_ifaces_;
  uint32_t writer_ifaces_ = 0;
  uint32_t pcap_linktype_ = 0;
  uint64_t not_written_ = 0;
  // -C/-G/-W: when the current file was opened (seconds, packet time), the
  // -C count, -G files so far.
  int64_t opened_sec_ = 0;
  uint32_t count_ = 0, g_files_ = 0;
  bool limit_reached_ = false, opened_any_ = false;
  std::unique_ptr<SplitWriter> split_;
  bool need_decode_ = true;
  bool track_streams_ = false;
  uint32_t filter_linktype_ = UINT32_MAX;
  int64_t prev_ts_ = INT64_MIN;       // the packet read before (frame.time_delta, -t d)
  uint32_t time_iface_ = UINT32_MAX;  // the interface the time decimals were set for
  Status filter_err_;  // the link type the filter was last checked for
  StreamTracker streams_;
  Defragmenter defrag_;
  TcpReassembler tcp_reasm_;
  QuicTracker quic_;
  bool heuristics_ = true;  // decode_packet's: off for -T fields that cannot show their result
  bool done_ = false;
  bool finished_ = false;
  bool time_base_set_ = false;
  uint64_t seen_ = 0, passed_ = 0, printed_ = 0;
  Status err_;
};

}  // namespace

std::unique_ptr<Analyzer> Analyzer::create(const AnalyzerOptions& opt, OutBuf* out, Status& err) {
  auto a = std::make_unique<AnalyzerImpl>(opt, out);
  err = a->init();
  if (!err) return nullptr;
  return a;
}

bool parse_time_format(std::string_view s, TimeFormat& out) {
  static const struct {
    const char* name;
    TimeFormat f;
  } kFormats[] = {{"r", TimeFormat::Relative}, {"a", TimeFormat::Local}, {"ad", TimeFormat::LocalDate},
                  {"u", TimeFormat::Utc},      {"ud", TimeFormat::UtcDate}, {"e", TimeFormat::Epoch},
                  {"d", TimeFormat::Delta},    {"dd", TimeFormat::DeltaDisplayed}};
  for (const auto& k : kFormats)
    if (s == k.name) {
      out = k.f;
      return true;
    }
  return false;
}

Status run_analyzer(PacketSource& src, Analyzer& an, const volatile sig_atomic_t* stop) {
  std::array<PacketView, 256> batch;
  Status result;
  for (;;) {
    if (stop && *stop) break;
    size_t n = 0;
    RecvStatus rs = src.receive(batch, n);
    if (n && !an.process(std::span<const PacketView>(batch.data(), n), src.interfaces())) break;
    if (rs == RecvStatus::Eof) break;
    if (rs == RecvStatus::Error) {
      result = src.error();
      break;
    }
  }
  // An input without packets still describes its interfaces: an empty batch
  // hands them over, so an empty -w file keeps the input's link type.
  an.process(std::span<const PacketView>(), src.interfaces());
  Status fin = an.finish();
  if (!result.is_ok()) return result;
  return fin;
}

}  // namespace weir
