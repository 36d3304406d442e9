// Command-line helpers shared by the subcommands.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "weir/engine.hpp"

namespace weir::cli {

// getopt-style clusters of short options, as tcpdump and tshark accept them:
// "-nc3" becomes "-n" "-c" "3", "-ilo" becomes "-i" "lo", "-nn" "-n" "-n".
// `flags` are the letters that take no value, `valued` those that take one
// (the rest of the word, else the next argument, which is left in place).
// A word with a letter that is neither stays whole (the caller reports it as
// unknown), as do "-", long options and everything after "--".
std::vector<std::string> expand_short_options(int argc, char** argv, std::string_view flags,
                                              std::string_view valued);

// One tshark -E option (header, bom, separator, aggregator, occurrence,
// quote) into f; false with a message in err when it is not one.
bool parse_E(const std::string& arg, FieldsFormat& f, std::string& err);

// One tshark -o preference, NAME:VALUE, that weir has: ip.defragment,
// ipv6.defragment, tcp.desegment_tcp_streams and tls.desegment_ssl_records
// (TRUE/FALSE, any case). False with a message in err
// otherwise.
bool parse_pref(const std::string& arg, AnalyzerOptions& o, std::string& err);

// A decimal count (no sign, no suffix); false if s is not one.
bool parse_u64(const char* s, uint64_t& v);

// tcpdump's -C size: millions of bytes, or with a k/m/g suffix (powers of
// 1024) or b (bytes); positive; false if s is not one.
bool parse_size(const char* s, uint64_t& v);

// argv-style pointers into `words` (which must outlive them), argv[0] first.
std::vector<char*> as_argv(std::vector<std::string>& words);

}  // namespace weir::cli
