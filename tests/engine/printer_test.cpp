#include "engine/printer.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <memory>

#include "engine/engine_test_util.hpp"
#include "weir/format.hpp"

namespace weir {
namespace {

// Captures what an OutBuf writes, through a temporary file.
class Capture {
 public:
  Capture() : f_(std::tmpfile()), out_(fileno(f_)) {}
  ~Capture() { std::fclose(f_); }
  OutBuf& out() { return out_; }
  std::string text() {
    out_.flush();
    std::string s;
    std::rewind(f_);
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f_)) > 0) s.append(buf, n);
    return s;
  }

 private:
  FILE* f_;
  OutBuf out_;
};

void emit_number(const FieldCtx& c, FieldOut& o) { o.value(fmt::dec(c.pkt.number)); }
void emit_src(const FieldCtx& c, FieldOut& o) { o.value(fmt::ipv4(c.layer->as<Ipv4Fields>().src)); }
void emit_multi(const FieldCtx&, FieldOut& o) {
  o.value("a");
  o.value("b\tc");
  o.value("say \"hi\"");
}
void emit_none(const FieldCtx&, FieldOut&) {}
void emit_long(const FieldCtx&, FieldOut& o) {
  o.value("abcdefghijklmnopqrstuvwxyz0123456789");                     // nothing to escape
  o.value("abcdefghijk\tlmnopqrstu\\vwxyz\x7f" "0123456789\x01");      // escapes past 8 bytes
  o.value("caf\xc3\xa9 \xe2\x86\x92 abcdefgh'");                       // UTF-8 kept; quote at the end
}
void info_ip(const FieldCtx& c, TextOut& o) {
  o.append("id=");
  o.append(fmt::dec(c.layer->as<Ipv4Fields>().id));
  o.append("\nnext");
}

// A private registry so these tests do not depend on the real decoders.
std::unique_ptr<Registry> test_registry() {
  auto r = std::make_unique<Registry>();
  r->add_proto({Proto::Frame, "frame", "Frame", nullptr, nullptr});
  r->add_proto({Proto::Eth, "eth", "Ethernet", nullptr, nullptr});
  r->add_proto({Proto::Ipv4, "ip", "IPv4", nullptr, info_ip});
  r->add_proto({Proto::Tcp, "tcp", "TCP", nullptr, nullptr});
  r->add_field({"frame.number", Proto::Frame, emit_number});
  r->add_field({"ip.src", Proto::Ipv4, emit_src});
  r->add_field({"ip.multi", Proto::Ipv4, emit_multi});
  r->add_field({"ip.none", Proto::Ipv4, emit_none});
  r->add_field({"udp.long", Proto::Udp, emit_long});
  return r;
}

struct PrinterTest : ::testing::Test {
  std::unique_ptr<Registry> reg = test_registry();
  Capture cap;
  Printer pr{*reg, cap.out()};
  PacketView pv;
  DecodedPacket d;
  uint8_t bytes[40];
  void SetUp() override {
    for (int i = 0; i < 40; ++i) bytes[i] = uint8_t(i * 7 + 30);
    pv.data = bytes;
    pv.caplen = 40;
    pv.origlen = 60;
    pv.ts_ns = 1'500'000'000;
    testutil::make_ip4_packet(d, pv, {198, 18, 0, 1}, {198, 18, 0, 2}, Proto::Tcp, 40000, 25);
    d.layers[1].as<Ipv4Fields>().id = 77;
    d.number = 7;
    pr.set_time_base(1'000'000'000);
  }
  // IP-in-IP: a second IPv4 layer gives a second occurrence of ip.src.
  void add_inner_ip() {
    testutil::set_ip4(testutil::add_layer(d, Proto::Ipv4), {10, 0, 0, 1}, {10, 0, 0, 2}, 6);
  }
};

TEST_F(PrinterTest, SummaryLine) {
  pr.summary(d);
  EXPECT_EQ(cap.text(), "    7    0.500000 198.18.0.1 \xe2\x86\x92 198.18.0.2 TCP 60 id=77.next\n");
}

TEST_F(PrinterTest, SummaryShowsAnomaliesAndInnermostIp) {
  add_inner_ip();
  d.nanomalies = 1;
  d.anomalies[0] = "truncated_x";
  pr.summary(d);
  EXPECT_EQ(cap.text(), "    7    0.500000 10.0.0.1 \xe2\x86\x92 10.0.0.2 IPv4 60 id=0.next [truncated_x]\n");
}

TEST_F(PrinterTest, SummaryAddressesOfTheLastEthernetOrIpHeader) {
  // A tunnelled frame without IP after the outer IP header: tshark's
  // address columns show its own MACs.
  Layer& e = testutil::add_layer(d, Proto::Eth);
  const uint8_t src[6] = {2, 0, 0, 0, 0, 1}, dst[6] = {1, 0x80, 0xc2, 0, 0, 0};
  std::memcpy(e.as<EthFields>().src, src, 6);
  std::memcpy(e.as<EthFields>().dst, dst, 6);
  pr.summary(d);
  EXPECT_EQ(cap.text(), "    7    0.500000 02:00:00:00:00:01 \xe2\x86\x92 01:80:c2:00:00:00 Ethernet 60 id=77.next\n");
}

TEST_F(PrinterTest, FieldsAllOccurrencesDefault) {
  add_inner_ip();
  FieldsFormat f;
  ASSERT_TRUE(pr.set_fields({"frame.number", "ip.src", "ip.none", "ip.multi"}, f));
  pr.fields(d);
  // ip.multi is emitted once per IP layer: 2 x 3 values; the tab is escaped.
  EXPECT_EQ(cap.text(),
            "7\t198.18.0.1,10.0.0.1\t\ta,b\\tc,say \"hi\",a,b\\tc,say \"hi\"\n");
}

TEST_F(PrinterTest, FieldsOccurrenceFirstLastAggregatorSeparatorQuote) {
  add_inner_ip();
  FieldsFormat f;
  f.occurrence = 'f';
  f.separator = ",";
  f.quote = '"';
  f.header = true;
  ASSERT_TRUE(pr.set_fields({"ip.src", "ip.none", "ip.multi"}, f));
  pr.fields_header();
  pr.fields(d);
  f.occurrence = 'l';
  f.quote = 0;
  f.separator = " ";
  ASSERT_TRUE(pr.set_fields({"ip.src", "ip.multi"}, f));
  pr.fields(d);
  f.occurrence = 'a';
  f.aggregator = ";";
  f.quote = '\'';
  ASSERT_TRUE(pr.set_fields({"ip.src"}, f));
  pr.fields(d);
  EXPECT_EQ(cap.text(),
            "ip.src,ip.none,ip.multi\n"
            "\"198.18.0.1\",,\"a\"\n"
            "10.0.0.1 say \"hi\"\n"
            "'198.18.0.1;10.0.0.1'\n");
}

TEST_F(PrinterTest, OccurrenceNumberPicksOneValue) {
  add_inner_ip();
  FieldsFormat f;
  f.occurrence = 'n';
  f.occurrence_n = 2;
  f.quote = '"';
  ASSERT_TRUE(pr.set_fields({"ip.src", "ip.multi", "frame.number"}, f));
  pr.fields(d);
  // 2nd ip.src is the inner header's; frame.number has only one value.
  EXPECT_EQ(cap.text(), "\"10.0.0.1\"\t\"b\\tc\"\t\n");
}

// As tshark 4.0: only \b \f \n \r \t are escaped (and the quote doubled);
// backslashes and other control bytes go out verbatim.
TEST_F(PrinterTest, LongValuesEscapeAtAnyPosition) {
  testutil::add_layer(d, Proto::Udp);
  FieldsFormat f;
  f.aggregator = "|";
  ASSERT_TRUE(pr.set_fields({"udp.long"}, f));
  pr.fields(d);
  f.quote = '\'';
  ASSERT_TRUE(pr.set_fields({"udp.long"}, f));
  pr.fields(d);
  EXPECT_EQ(cap.text(),
            "abcdefghijklmnopqrstuvwxyz0123456789|abcdefghijk\\tlmnopqrstu\\vwxyz\x7f" "0123456789\x01|"
            "caf\xc3\xa9 \xe2\x86\x92 abcdefgh'\n"
            "'abcdefghijklmnopqrstuvwxyz0123456789|abcdefghijk\\tlmnopqrstu\\vwxyz\x7f" "0123456789\x01|"
            "caf\xc3\xa9 \xe2\x86\x92 abcdefgh'''\n");
}

TEST_F(PrinterTest, QuoteCharacterInsideValueIsDoubled) {
  FieldsFormat f;
  f.quote = '"';
  f.occurrence = 'l';
  ASSERT_TRUE(pr.set_fields({"ip.multi"}, f));
  pr.fields(d);
  EXPECT_EQ(cap.text(), "\"say \"\"hi\"\"\"\n");
}

TEST_F(PrinterTest, UnknownFieldIsAnError) {
  FieldsFormat f;
  Status s = pr.set_fields({"ip.src", "ip.bogus", "nope"}, f);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.message(), "Some fields aren't valid:\n\tip.bogus\n\tnope");
  // Synthetic frame fields are known.
  EXPECT_TRUE(pr.set_fields({"frame.protocols", "frame.time_relative"}, f));
  pr.fields(d);
  EXPECT_EQ(cap.text(), "eth:ethertype:ip:tcp\t0.500000000\n");
}

TEST_F(PrinterTest, JsonLine) {
  add_inner_ip();
  d.nanomalies = 1;
  d.anomalies[0] = "odd\"one";
  pr.json(d);
  EXPECT_EQ(cap.text(),
            "{\"frame\":{\"frame.number\":\"7\",\"frame.time_relative\":\"0.500000000\","
            "\"frame.protocols\":\"eth:ethertype:ip:tcp:ip\"},\"layers\":[{\"eth\":{}},"
            "{\"ip\":{\"ip.src\":\"198.18.0.1\",\"ip.multi\":[\"a\",\"b\\tc\",\"say \\\"hi\\\"\"]}},"
            "{\"tcp\":{}},"
            "{\"ip\":{\"ip.src\":\"10.0.0.1\",\"ip.multi\":[\"a\",\"b\\tc\",\"say \\\"hi\\\"\"]}}],"
            "\"anomalies\":[\"odd\\\"one\"]}\n");
}

TEST(JsonEscape, EscapesControlQuotesAndInvalidUtf8) {
  std::string out;
  json_escape(std::string_view("a\"b\\c\n\x01\x7f", 8), out);
  EXPECT_EQ(out, "a\\\"b\\\\c\\n\\u0001\\u007f");
  out.clear();
  json_escape("caf\xc3\xa9 \xe2\x86\x92", out);  // valid UTF-8 is kept
  EXPECT_EQ(out, "caf\xc3\xa9 \xe2\x86\x92");
  out.clear();
  json_escape("\xff\xc3(\xed\xa0\x80", out);  // invalid bytes, a lone lead byte, a surrogate
  EXPECT_EQ(out, "\\u00ff\\u00c3(\\u00ed\\u00a0\\u0080");
}

TEST_F(PrinterTest, VerboseListsLayersAndFields) {
  pr.verbose(d);
  EXPECT_EQ(cap.text(),
            "Frame 7: 60 bytes on wire (480 bits), 40 bytes captured (320 bits)\n"
            "    frame.number: 7\n"
            "    frame.protocols: eth:ethertype:ip:tcp\n"
            "Ethernet\n"
            "IPv4, id=77.next\n"
            "    ip.src: 198.18.0.1\n"
            "    ip.multi: a\n"
            "    ip.multi: b.c\n"
            "    ip.multi: say \"hi\"\n"
            "TCP\n"
            "\n");
}

TEST_F(PrinterTest, HexDump) {
  pv.caplen = 20;
  pr.hexdump(pv);
  EXPECT_EQ(cap.text(),
            "0000  1e 25 2c 33 3a 41 48 4f 56 5d 64 6b 72 79 80 87   .%,3:AHOV]dkry..\n"
            "0010  8e 95 9c a3                                       ....\n"
            "\n");
}

TEST_F(PrinterTest, AbsoluteTime) {
  pr.set_time_format(TimeFormat::UtcDate);
  pv.ts_ns = 1'700'000'000'123'456'789;
  pr.summary(d);
  EXPECT_EQ(cap.text().substr(0, 33), "    7 2023-11-14 22:13:20.123456 ");
}

}  // namespace
}  // namespace weir

namespace weir {
namespace {

// A damaged capture can hold any 64-bit time: the time columns saturate
// instead of overflowing (UBSan checks this in the sanitizer build).
TEST_F(PrinterTest, ExtremeTimestampsSaturate) {
  pr.set_time_base(INT64_MAX);
  pv.ts_ns = INT64_MIN;
  pr.summary(d);
  EXPECT_NE(cap.text().find("-9223372036.854775"), std::string::npos) << cap.text();
  EXPECT_EQ(ts_diff(INT64_MAX, INT64_MIN), INT64_MAX);
  EXPECT_EQ(ts_diff(INT64_MIN, 1), INT64_MIN);
  EXPECT_EQ(ts_diff(5, 7), -2);
  EXPECT_EQ(floor_seconds(INT64_MIN), -9223372037);
  EXPECT_EQ(ts_frac(INT64_MIN), 145224192);
  EXPECT_EQ(ts_frac(-1), 999999999);
}

}  // namespace
}  // namespace weir
