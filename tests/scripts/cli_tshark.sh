#!/usr/bin/env bash
# `weir read -T fields` must print exactly what `tshark -T fields` prints for
# the same fields and -E options on the bundled sample: same separators,
# occurrence selection, aggregation and quoting.
#   bash tests/scripts/cli_tshark.sh path/to/weir
set -u
WEIR=${1:?usage: cli_tshark.sh path/to/weir}
SRC=${WEIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
S=$SRC/data/sample.pcapng
[ -f "$S" ] || { echo "SKIP: $S missing"; exit 77; }
command -v tshark >/dev/null || { echo "SKIP: tshark not installed"; exit 77; }
fail=0
# Fields with several occurrences per packet (eth.addr, ip.addr, tcp.port)
# exercise the aggregator.
F="-e frame.number -e frame.len -e eth.src -e eth.addr -e ip.src -e ip.addr -e ipv6.src -e tcp.srcport
   -e tcp.port -e udp.dstport -e ip.ttl -e tcp.len -e arp.opcode -e vlan.id -e icmpv6.type -e dns.qry.name
   -e dns.a -e http.host -e tls.handshake.extensions_server_name -e dhcp.option.dhcp -e frame.time_epoch"
for opts in "" "-E header=y" "-E occurrence=f" "-E occurrence=l" "-E bom=y -E header=y" "-E separator=, -E quote=d" \
  "-E separator=/s -E aggregator=; -E quote=s" "-E aggregator=/s -E header=y -E separator=|"; do
  if diff <("$WEIR" read "$S" -T fields $F $opts 2>&1) <(tshark -r "$S" -T fields $F $opts 2>/dev/null) >/tmp/weir-tshark.$$; then
    echo "ok: -T fields $opts matches tshark"
  else
    echo "FAIL: -T fields $opts differs from tshark:"
    head -10 /tmp/weir-tshark.$$
    fail=1
  fi
done
rm -f /tmp/weir-tshark.$$

# frame.protocols (tshark's "ethertype" steps, "ieee8021ad" for service
# tags after Ethernet, VLAN and Linux cooked v1/v2 headers) and the
# frame.interface_* fields (pcapng names its interfaces, pcap does not).
PT=$(mktemp -d /tmp/weir-proto.XXXXXX)
python3 - "$PT" "$SRC/tests/scripts" <<'PYEOF'
import struct, sys
sys.path.insert(0, sys.argv[2])
from craft import ip4, write_pcap
out = sys.argv[1]
udp = ip4("198.18.0.1", "198.18.0.2", 17, struct.pack("!HHHH", 4000, 9, 12, 0) + b"abcd")
tags = struct.pack("!HH", 100, 0x8100) + struct.pack("!HH", 200, 0x0800)  # S-tag then C-tag
mac = b"\x02\0\0\0\0\x02\x02\0\0\0\0\x01"
frames = [(mac + b"\x88\xa8" + tags + udp, 0, None), (mac + b"\x81\x00" + struct.pack("!HH", 5, 0x0800) + udp, 1, None),
          (mac + b"\x81\x00" + struct.pack("!HH", 5, 60) + b"\x0a\x0a\x03" + b"\0" * 57, 2, None)]
write_pcap(out + "/eth.pcap", frames)
sll = struct.pack("!HHH", 0, 1, 6) + b"\x02\0\0\0\0\x01\0\0"
write_pcap(out + "/sll.pcap", [(sll + b"\x88\xa8" + tags + udp, 0, None)], linktype=113)
sll2 = struct.pack("!HHIHBB", 0x88a8, 0, 1, 1, 0, 6) + b"\x02\0\0\0\0\x01\0\0"
write_pcap(out + "/sll2.pcap", [(sll2 + tags + udp, 0, None)], linktype=276)
# DHCP strings (ENC_ASCII): control characters raw but \n \r \t escaped,
# bytes >= 0x80 (also UTF-8) as U+FFFD, a backslash as it is.
host = b"a\x7fb\x01c\nd\te\x80f\\g"
bootp = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, 0x1234, 0, 0x8000, bytes(4), bytes(4), bytes(4),
                    bytes(4), b"\x02\0\0\0\0\x01" + bytes(10), b"s\x01\x7f\xc3\xa9\tz", b"f\x80g\rh")
opts = b"\x63\x82\x53\x63\x35\x01\x01" + bytes([12, len(host)]) + host + b"\x3c\x03x\x7fy\xff"
dhcp = ip4("0.0.0.0", "255.255.255.255", 17, struct.pack("!HHHH", 68, 67, 8 + len(bootp) + len(opts), 0) + bootp + opts)
write_pcap(out + "/dhcp.pcap", [(b"\xff" * 6 + mac[6:] + b"\x08\x00" + dhcp, 0, None)])
# Protocols Wireshark names apart from their base dissector: mDNS, LLMNR,
# SSDP, the IGMP versions, BOOTP without a DHCP message type.
def udp4(sp, dp, data, dst="224.0.0.251"):
    return ip4("198.18.0.1", dst, 17, struct.pack("!HHHH", sp, dp, 8 + len(data), 0) + data)
q = struct.pack("!HHHHHH", 0, 0, 1, 0, 0, 0) + b"\x04host\x05local\x00" + struct.pack("!HH", 1, 1)
ssdp = b"M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\nST: ssdp:all\r\n\r\n"
igmp2 = ip4("198.18.0.1", "224.0.0.22", 2, b"\x16\x00\x00\x00" + bytes([224, 1, 2, 3]))
igmp1q = ip4("198.18.0.1", "224.0.0.1", 2, b"\x11\x00\x00\x00" + bytes(4))
pim = ip4("198.18.0.1", "224.0.0.13", 103, b"\x20\x00\x00\x00" + struct.pack("!HH", 1, 2) + struct.pack("!HH", 20, 105))
boot = bytearray(bootp[:236]) + b"\x63\x82\x53\x63\xff"
frames = [udp4(5353, 5353, q), udp4(40000, 5355, q, "224.0.0.252"), udp4(40001, 1900, ssdp, "239.255.255.250"),
          igmp2, igmp1q, pim, udp4(68, 67, bytes(boot), "255.255.255.255")]
write_pcap(out + "/names.pcap", [(mac + b"\x08\x00" + f, i, None) for i, f in enumerate(frames)])
PYEOF
for f in "$PT/eth.pcap" "$PT/sll.pcap" "$PT/sll2.pcap" "$S"; do
  P="-e frame.interface_id -e frame.interface_name -e frame.interface_description"
  [ "$f" = "$S" ] || P="$P -e frame.protocols"  # (the sample's HTTP segments need reassembly)
  if diff <("$WEIR" read "$f" -T fields $P 2>&1) <(tshark -r "$f" -T fields $P 2>/dev/null) >"$PT/d"; then
    echo "ok: $(basename "$f"): ${P//-e /} match tshark"
  else
    echo "FAIL: $(basename "$f"): ${P//-e /} differ from tshark:"; head -6 "$PT/d"; fail=1
  fi
done
P="-e frame.number -e _ws.col.Protocol -e frame.protocols"
if diff <("$WEIR" read "$PT/names.pcap" -T fields $P 2>&1) <(tshark -r "$PT/names.pcap" -T fields $P 2>/dev/null) >"$PT/d"; then
  echo "ok: protocol column and frame.protocols of mDNS, LLMNR, SSDP, IGMPv1/v2, PIMv2, BOOTP match tshark"
else
  echo "FAIL: mDNS/LLMNR/SSDP/IGMP/PIM/BOOTP names differ from tshark:"; head -10 "$PT/d"; fail=1
fi
P="-e dhcp.server -e dhcp.file -e dhcp.option.hostname -e dhcp.option.vendor_class_id"
if diff <("$WEIR" read "$PT/dhcp.pcap" -T fields $P 2>&1) <(tshark -r "$PT/dhcp.pcap" -T fields $P 2>/dev/null) >"$PT/d"; then
  echo "ok: DHCP strings with control and non-ASCII bytes match tshark"
else
  echo "FAIL: DHCP strings differ from tshark:"; od -c "$PT/d" | head -8; fail=1
fi
rm -rf "$PT"

# Summary lines: number, source, destination and length columns equal
# tshark -n's (IP addresses, else MAC addresses).
if diff <("$WEIR" read "$S" | awk '{print $1, $3, $5, $7}') \
  <(tshark -n -r "$S" -T fields -e frame.number -e _ws.col.Source -e _ws.col.Destination -e frame.len \
    -E separator=/s 2>/dev/null) >/dev/null; then
  echo "ok: summary source/destination/length columns match tshark -n"
else
  echo "FAIL: summary columns differ from tshark -n"
  fail=1
fi
# Time fields and the -t formats of the time column (tshark's letters; the
# sample's nanosecond resolution gives 9 decimals), ICMP echo matching.
TF="-e frame.number -e frame.time -e frame.time_delta -e frame.time_delta_displayed -e frame.time_relative
    -e frame.time_epoch -e icmp.resp_to -e icmp.resptime"
tfail=0
diff <("$WEIR" read "$S" -T fields $TF 2>&1) <(tshark -r "$S" -T fields $TF 2>/dev/null) >/dev/null || tfail=1
diff <("$WEIR" read "$S" -T fields $TF arp 2>&1) <(tshark -r "$S" -Y "arp and !vlan" -T fields $TF 2>/dev/null) >/dev/null || tfail=2
for t in r a ad u ud e d dd; do
  diff <("$WEIR" read "$S" -t $t | awk '{print $1, $2, $3}') <(tshark -r "$S" -t $t 2>/dev/null | awk '{print $1, $2, $3}') \
    >/dev/null || tfail="-t $t"
done
[ "$tfail" = 0 ] && echo "ok: time fields, -t r/a/ad/u/ud/e/d/dd and echo matching match tshark" ||
  { echo "FAIL: time fields or -t formats differ from tshark ($tfail)"; fail=1; }

# Writes a crafted capture with tests/scripts/SCRIPT and compares weir with
# tshark -n: the -T fields output of FIELDS and the summary lines (the time
# column left out). Prints "ok: WHAT" or FAIL.
#   crafted_matches SCRIPT WHAT FIELDS
crafted_matches() {
  local cap
  cap=$(mktemp /tmp/weir-crafted.XXXXXX.pcap)
  python3 "$SRC/tests/scripts/$1" "$cap"
  if diff <("$WEIR" read "$cap" -T fields $3 2>&1) <(tshark -n -r "$cap" -T fields $3 2>/dev/null) >/tmp/weir-tshark.$$ &&
    diff <("$WEIR" read "$cap" | awk '{$2=""; print}') <(tshark -n -r "$cap" 2>/dev/null | awk '{$2=""; print}') >>/tmp/weir-tshark.$$; then
    echo "ok: $2 match tshark"
  else
    echo "FAIL: $2 differ from tshark:"
    head -20 /tmp/weir-tshark.$$
    fail=1
  fi
  rm -f "$cap"
}

if command -v python3 >/dev/null; then
  # TLS connections on a port without a TLS dissector: tshark's heuristic
  # finds TLS, the connection then stays TLS (a ChangeCipherSpec + Finished
  # segment is TLS only through it), the protocol column names the version
  # the ServerHello selected, the info column lists every record, and TLS
  # 1.3 application data has an opaque type.
  crafted_matches tls_sessions.py "TLS 1.2 and 1.3 connections on port 4433: columns, frame.protocols, record fields and summary" \
    "-e frame.number -e _ws.col.Protocol -e _ws.col.Info -e frame.protocols -e tls.record.content_type
     -e tls.record.opaque_type -e tls.record.version -e tls.handshake.type -e tls.handshake.extensions.supported_version"
  # SSH: version exchange, key exchanges of three kinds and one the capture
  # missed, a reply and NEW KEYS in one segment, encrypted packets.
  crafted_matches ssh_sessions.py "SSH connections on port 22: columns, frame.protocols, fields and summary" \
    "-e frame.number -e _ws.col.Protocol -e _ws.col.Info -e frame.protocols -e ssh.protocol -e ssh.direction
     -e ssh.packet_length -e ssh.padding_length -e ssh.message_code -e ssh.padding_string
     -e ssh.packet_length_encrypted -e ssh.encrypted_packet -e ssh.cookie -e ssh.kex_algorithms_length
     -e ssh.kex_algorithms -e ssh.server_host_key_algorithms -e ssh.encryption_algorithms_client_to_server
     -e ssh.mac_algorithms_server_to_client -e ssh.compression_algorithms_client_to_server
     -e ssh.languages_server_to_client_length -e ssh.first_kex_packet_follows -e ssh.kex.reserved
     -e ssh.dh_gex.min -e ssh.dh_gex.nbits -e ssh.dh_gex.max"
  # ARP: info texts for every kind of request and reply, RARP/DRARP
  # columns, and Wireshark's duplicate address detection (which must fire).
  crafted_matches arp_dup.py "ARP info texts, columns and duplicate address detection" \
    "-e frame.number -e _ws.col.Protocol -e _ws.col.Info -e arp.duplicate-address-detected
     -e arp.duplicate-address-frame -e arp.seconds-since-duplicate-address-frame"
  # IEEE 802.11: every subtype without a body of its own, data in all four
  # DS directions, every frame-control flag; the summary's TA/RA columns.
  crafted_matches wlan_frames.py "802.11 frame names, addresses, sequence and QoS fields and summary" \
    "-e frame.number -e frame.protocols -e _ws.col.Protocol -e _ws.col.Info -e wlan.fc.type_subtype -e wlan.flags
     -e wlan.duration -e wlan.ra -e wlan.ta -e wlan.da -e wlan.sa -e wlan.bssid -e wlan.staa -e wlan.addr -e wlan.seq
     -e wlan.frag -e wlan.qos -e wlan.qos.tid -e wlan.fixed.capabilities -e wlan.fixed.status_code
     -e wlan.fixed.reason_code -e wlan.tag.number -e wlan.ssid -e wlan.supported_rates"
  # SCTP: relative TSNs from INIT / INIT ACK, SACK details, chunk names.
  # TCP reassembly of HTTP messages as tshark's default: headers over two
  # segments, a Content-Length body over three, a POST body then a
  # pipelined request, a chunked body over three, a 304.
  crafted_matches http_reasm.py "HTTP messages across TCP segments: reassembly, columns and fields" \
    "-e frame.number -e frame.protocols -e _ws.col.Protocol -e _ws.col.Info -e tcp.len -e tcp.segment
     -e tcp.segment.count -e tcp.reassembled.length -e tcp.reassembled.data -e http.content_length_header
     -e http.request.uri -e http.response.code -e data.len"
  # TCP reassembly of DNS messages as tshark's default: a response over
  # three segments, a length split between segments, several messages in
  # one segment, a reassembled message followed by another.
  crafted_matches dns_tcp.py "DNS over TCP across segments: reassembly, columns and fields" \
    "-e frame.number -e frame.protocols -e _ws.col.Protocol -e _ws.col.Info -e tcp.segment -e tcp.segment.count
     -e tcp.reassembled.length -e dns.id -e dns.count.answers -e dns.length -e dns.a"
  # HTTP bodies by media type: line-based text, media, XML, data; the
  # protocol column (HTTP/XML) and the info's "(type)".
  crafted_matches http_bodies.py "HTTP bodies by media type: frame.protocols, columns and fields" \
    "-e frame.number -e frame.protocols -e _ws.col.Protocol -e _ws.col.Info -e http.content_type
     -e http.content_length_header -e http.response.code -e http.request.method -e data.len"
  # TCP reassembly of TLS records as tshark's default: records over several
  # segments, a second TLS step, a split record header, a retransmitted
  # piece, a gap, both directions.
  crafted_matches tls_reasm.py "TLS records across TCP segments: reassembly, columns and fields" \
    "-e frame.number -e frame.protocols -e _ws.col.Protocol -e _ws.col.Info -e tcp.len -e tcp.seq -e tcp.payload
     -e tcp.segment -e tcp.segment.count -e tcp.reassembled.length -e tcp.reassembled.data
     -e tls.record.content_type -e tls.record.length -e tls.record.version -e tcp.stream"
  # RX and AFS: calls of every AFS service (the reply's operation is its
  # request's), UBIK and encrypted operations, ports of no service, every
  # RX packet type with its body fields, RX quoted in an ICMP error.
  crafted_matches rx_afs.py "RX and AFS: columns, frame.protocols, header, body and AFS fields" \
    "-e frame.number -e frame.protocols -e _ws.col.Protocol -e _ws.col.Info -e rx.epoch -e rx.cid -e rx.callnumber
     -e rx.seq -e rx.serial -e rx.type -e rx.flags -e rx.flags.client_init -e rx.flags.request_ack
     -e rx.flags.last_packet -e rx.flags.more_packets -e rx.flags.free_packet -e rx.userstatus -e rx.securityindex
     -e rx.spare -e rx.serviceid -e rx.bufferspace -e rx.maxskew -e rx.first -e rx.prev -e rx.reason -e rx.num_acks
     -e rx.ack_type -e rx.max_mtu -e rx.if_mtu -e rx.rwind -e rx.max_packets -e rx.abort_code -e rx.version
     -e rx.nonce -e rx.min_level -e rx.inc_nonce -e rx.level -e rx.kvno -e rx.ticket_len -e rx.ticket -e afs.service
     -e afs.reqframe -e afs.time -e afs.fs -e afs.fs.opcode -e afs.cb -e afs.cb.opcode -e afs.prot.opcode
     -e afs.vldb.opcode -e afs.kauth.opcode -e afs.vol.opcode -e afs.error -e afs.error.opcode -e afs.bos.opcode
     -e afs.update.opcode -e afs.rmtsys.opcode -e afs.backup.opcode -e afs.butc -e afs.butc.opcode -e afs.ubik
     -e afs.ubik.opcode"
  # OpenFlow: several messages per segment, reassembly across segments and
  # a second call, versions 1.0-1.5 and an unsupported one, port 6653 and
  # the 6633 heuristic (the connection OpenFlow only after a segment to
  # 6633), a quoted header in an error, frames in PACKET_IN / PACKET_OUT.
  crafted_matches openflow.py "OpenFlow: columns, frame.protocols, header fields and reassembly" \
    "-e frame.number -e frame.protocols -e _ws.col.Protocol -e _ws.col.Info -e openflow.version
     -e openflow_1_0.type -e openflow.xid -e openflow.length -e openflow.stats.type -e openflow_v4.version
     -e openflow_v4.type -e openflow_v4.xid -e openflow_v4.length -e openflow_v4.multipart_request.type
     -e openflow_v5.version -e openflow_v5.type -e openflow_v5.xid -e openflow_v5.length -e openflow_v6.type
     -e openflow_v6.xid -e tcp.segment -e tcp.reassembled.length -e udp.srcport"
  # Redis (RESP): every RESP type in commands and replies, nested arrays,
  # inline commands, pipelining, a segment that asks for more.
  crafted_matches resp.py "RESP: columns, frame.protocols and fields" \
    "-e frame.number -e frame.protocols -e _ws.col.Protocol -e _ws.col.Info -e resp.string -e resp.error
     -e resp.integer -e resp.bulk_string.length -e resp.array.length -e resp.bulk_string.value"
  # IPX over LLC, Ethernet II and raw 802.3: sockets, RIP, SAP, NetBIOS
  # broadcasts; the network.node address columns.
  crafted_matches ipx.py "IPX: columns, frame.protocols and header fields" \
    "-e frame.number -e frame.protocols -e _ws.col.Protocol -e _ws.col.Info -e ipx.checksum -e ipx.len -e ipx.hops
     -e ipx.packet_type -e ipx.dst.net -e ipx.dst.node -e ipx.dst.socket -e ipx.src.net -e ipx.src.node
     -e ipx.src.socket -e data.len"
  # NHRP over GRE: every packet type, entries' codes, extensions' entries,
  # a traffic indication's quoted packet (columns stay NHRP's).
  crafted_matches nhrp.py "NHRP: columns, frame.protocols and fields" \
    "-e frame.number -e frame.protocols -e _ws.col.Protocol -e _ws.col.Info -e nhrp.hdr.afn -e nhrp.hdr.pro.type
     -e nhrp.hdr.hopcnt -e nhrp.hdr.pktsz -e nhrp.hdr.chksum -e nhrp.hdr.extoff -e nhrp.hdr.version
     -e nhrp.hdr.op.type -e nhrp.hdr.shtl -e nhrp.hdr.sstl -e nhrp.src.prot.len -e nhrp.dst.prot.len -e nhrp.flags
     -e nhrp.reqid -e nhrp.src.nbma.addr -e nhrp.src.prot.addr -e nhrp.dst.prot.addr -e nhrp.code -e nhrp.prefix
     -e nhrp.mtu -e nhrp.htime -e nhrp.ext.type -e nhrp.ext.len -e icmp.type"
  # Ethernet's loopback test protocol, Nortel's discovery protocol, Cisco's
  # DTP, GeoNetworking basic headers.
  crafted_matches loop_ndp.py "LOOP, NDP, DTP and GeoNetworking: columns, frame.protocols and fields" \
    "-e frame.number -e frame.protocols -e _ws.col.Protocol -e _ws.col.Info -e loop.skipcount
     -e loop.relevant_function -e loop.function -e loop.forwarding_address -e loop.receipt_number -e data.len
     -e ndp.ipaddress -e ndp.segmentident -e ndp.chassis -e ndp.backplane -e ndp.state -e ndp.numberoflinks
     -e geonw.bh.version -e geonw.bh.nh -e geonw.bh.reserved -e geonw.bh.lt -e geonw.bh.rhl -e dtp.version
     -e dtp.tlv_type -e dtp.tlv_len -e dtp.domain -e dtp.tos -e dtp.tas -e dtp.tot -e dtp.tat -e dtp.senderid"
  # Retransmitted, spuriously retransmitted, fast-retransmitted and
  # out-of-order HTTP requests: which tshark hands above TCP.
  crafted_matches retrans.py "retransmissions: frame.protocols, columns and HTTP fields" \
    "-e frame.number -e frame.protocols -e _ws.col.Protocol -e _ws.col.Info -e tcp.analysis.flags
     -e http.request.method"
  # MPLS LSP ping: echo requests and replies (NTP timestamps, TLVs), data
  # plane verification and unknown message types; Babel messages.
  crafted_matches mpls_echo.py "MPLS echo and Babel: columns, frame.protocols and fields" \
    "-e frame.number -e frame.protocols -e _ws.col.Protocol -e _ws.col.Info -e mpls_echo.version -e mpls_echo.flags
     -e mpls_echo.msg_type -e mpls_echo.reply_mode -e mpls_echo.return_code -e mpls_echo.return_subcode
     -e mpls_echo.sender_handle -e mpls_echo.sequence -e mpls_echo.timestamp_sent -e mpls_echo.timestamp_rec
     -e mpls_echo.tlv.type -e mpls_echo.tlv.len -e babel.magic -e babel.version -e babel.bodylen
     -e babel.message.type -e babel.message.length"
  # Linux ARCNET: RFC 1051 and 1201 headers, ARP, IPv4, IPv6, an unknown
  # protocol ID; ARCNET addresses in the summary.
  crafted_matches arcnet.py "ARCNET: columns, frame.protocols and fields" \
    "-e frame.number -e frame.protocols -e _ws.col.Protocol -e _ws.col.Info -e arcnet.src -e arcnet.dst
     -e arcnet.offset -e arcnet.protID -e ip.src -e ipv6.src -e data.len"
  # sFlow v5: flow and counters samples, expanded ones, sampled frames
  # decoded after the sFlow layer (columns stay sFlow's), counters records.
  crafted_matches sflow.py "sFlow: columns, frame.protocols and fields" \
    "-e frame.protocols -e _ws.col.Protocol -e _ws.col.Info
     -e frame.number -e sflow_245.version -e sflow_245.agenttype -e sflow_245.agent -e sflow_245.agent.v6
     -e sflow_245.sub_agent_id -e sflow_245.sequence_number -e sflow_245.sysuptime
     -e sflow_245.numsamples -e sflow_245.sampletype -e sflow.enterprise -e sflow_5.sample_length
     -e sflow.flow_sample.sequence_number -e sflow.flow_sample.source_id_class -e sflow.flow_sample.index
     -e sflow.flow_sample.sampling_rate -e sflow.flow_sample.sample_pool
     -e sflow.flow_sample.dropped_packets -e sflow.flow_sample.input_interface
     -e sflow.flow_sample.output_interface_format -e sflow.flow_sample.output_interface_value
     -e sflow.flow_sample.output_interface -e sflow.flow_sample.flow_record
     -e sflow.flow_sample.source_id_type -e sflow.flow_sample.source_id_index
     -e sflow.flow_sample.input_interface_format -e sflow.flow_sample.input_interface_value
     -e sflow.flow_sample.output_interface.format -e sflow_245.flow_record_format
     -e sflow_5.flow_data_length -e sflow_245.header_protocol -e sflow_245.header.frame_length
     -e sflow_245.header.payload_stripped -e sflow_245.header.sampled_header_length -e sflow_245.header
     -e sflow_245.vlan.in -e sflow_245.pri.in -e sflow_245.vlan.out -e sflow_245.pri.out
     -e sflow_245.nexthop -e sflow_245.nexthop.src_mask -e sflow_245.nexthop.dst_mask
     -e sflow.counters_sample.sequence_number -e sflow.counters_sample.counters_records
     -e sflow.counters_sample.source_id_type -e sflow.counters_sample.source_id_index
     -e sflow_245.counters_record_format -e sflow_245.ifindex -e sflow_245.iftype -e sflow_245.ifspeed
     -e sflow_245.ifdirection -e sflow_245.ifadmin_status -e sflow_245.ifoper_status -e sflow_245.ifinoct
     -e sflow_245.ifinpkt -e sflow_245.ifinmcast -e sflow_245.ifinbcast -e sflow_245.ifindisc
     -e sflow_245.ifinerr -e sflow_245.ifinunk -e sflow_245.ifoutoct -e sflow_245.ifoutpkt
     -e sflow_245.ifoutmcast -e sflow_245.ifoutbcast -e sflow_245.ifoutdisc -e sflow_245.ifouterr
     -e sflow_245.ifpromisc -e sflow_245.dot3StatsAlignmentErrors -e sflow_245.dot3StatsFCSErrors
     -e sflow_245.dot3StatsSymbolErrors -e sflow_245.vlan_id -e sflow_245.octets -e sflow_245.ucastPkts
     -e sflow_245.multicastPkts -e sflow_245.broadcastPkts -e sflow_245.discards -e sflow_5.cpu_5s
     -e sflow_5.cpu_1m -e sflow_5.cpu_5m -e sflow_5.total_memory -e sflow_5.free_memory -e eth.src
     -e eth.dst -e ip.src -e ip.dst -e ipv6.src -e tcp.srcport -e udp.srcport -e udp.length -e data.len
     -e ip.len -e ipv6.plen"
  # QUIC: Initial packets decrypted with the keys their connection IDs give
  # (both directions, v1, v2, draft-29, after a Retry, after Version
  # Negotiation), coalesced packets, Handshake and 1-RTT headers, a cut
  # packet, a bad tag, another port (heuristic), the ClientHello/ServerHello.
  if python3 -c "import cryptography" 2>/dev/null; then
    crafted_matches quic.py "QUIC: columns, frame.protocols and fields" \
      "-e frame.number -e frame.protocols -e _ws.col.Protocol -e _ws.col.Info -e quic.connection.number
       -e quic.packet_length -e quic.header_form -e quic.fixed_bit -e quic.spin_bit -e quic.long.packet_type
       -e quic.long.packet_type_v2 -e quic.long.reserved -e quic.packet_number_length -e quic.version
       -e quic.vn.unused -e quic.dcil -e quic.dcid -e quic.scil -e quic.scid -e quic.token_length -e quic.token
       -e quic.length -e quic.packet_number -e quic.supported_version -e quic.retry_token
       -e quic.retry_integrity_tag -e quic.frame_type -e quic.padding_length -e quic.ack.largest_acknowledged
       -e quic.ack.ack_delay -e quic.ack.ack_range_count -e quic.ack.first_ack_range -e quic.crypto.offset
       -e quic.crypto.length -e quic.cc.error_code -e quic.cc.frame_type -e quic.cc.reason_phrase.length
       -e quic.cc.reason_phrase -e tls.handshake.type -e tls.handshake.length
       -e tls.handshake.extensions_server_name -e tls.handshake.ciphersuite -e tls.record.version
       -e tls.handshake.extensions.supported_version"
  else
    echo "SKIP (visible): QUIC cross-check needs python3-cryptography (scripts/setup.sh installs it)"
  fi
  # IP reassembly as tshark's default: fragments in and out of order, one
  # never completed, a repeated one, one cut by the snap length, IPv6.
  crafted_matches ip_fragments.py "IPv4 and IPv6 fragments: reassembly, columns and fields" \
    "-e frame.number -e frame.protocols -e _ws.col.Protocol -e _ws.col.Info -e ip.len -e ip.flags.mf
     -e ip.frag_offset -e ip.fragment -e ip.fragment.count -e ip.reassembled.length -e ip.reassembled.data
     -e ip.fragments -e ipv6.fragment -e ipv6.fragment.count -e ipv6.reassembled.length -e ipv6.reassembled.data
     -e ipv6.fraghdr.offset -e udp.length -e udp.stream -e dns.qry.name -e dns.count.answers -e dns.a
     -e icmp.type -e icmp.seq -e icmp.resp_to -e icmpv6.type -e data.len"
  crafted_matches sctp_assoc.py "SCTP association: relative TSNs, SACKs and chunk names" \
    "-e frame.number -e frame.protocols -e _ws.col.Protocol -e _ws.col.Info -e sctp.srcport -e sctp.dstport
     -e sctp.verification_tag"
  A=$(mktemp /tmp/weir-arp.XXXXXX.pcap)
  python3 "$SRC/tests/scripts/arp_dup.py" "$A"
  if ! "$WEIR" read "$A" -T fields -e arp.duplicate-address-frame | grep -qx 2; then
    echo "FAIL: no ARP duplicate address reported"
    fail=1
  fi
  rm -f "$A"
fi

# TCP corner cases of the conversation tracker (a crafted capture): the
# fields that need state across packets, and the protocol column (an ICMP
# error quoting TCP is ICMP). tshark without IP reassembly, as weir.
if command -v python3 >/dev/null; then
  E=$(mktemp /tmp/weir-tcp-edges.XXXXXX.pcap)
  python3 "$SRC/tests/scripts/tcp_edges.py" "$E"
  TF="-e frame.number -e tcp.stream -e tcp.seq -e tcp.ack -e tcp.nxtseq -e tcp.len -e tcp.window_size
      -e tcp.window_size_scalefactor -e udp.stream"
  if diff <("$WEIR" read -o ip.defragment:FALSE "$E" -T fields $TF 2>&1) <(tshark -o ip.defragment:FALSE -r "$E" -T fields $TF 2>/dev/null) \
    >/tmp/weir-tshark.$$ && diff <("$WEIR" read -o ip.defragment:FALSE "$E" | awk '{print $1, $6}') \
    <(tshark -o ip.defragment:FALSE -r "$E" -T fields -e frame.number -e _ws.col.Protocol -E separator=/s 2>/dev/null) \
    >>/tmp/weir-tshark.$$; then
    echo "ok: TCP corner cases (quoted, fragments, reuse, window scaling) match tshark"
  else
    echo "FAIL: TCP corner cases differ from tshark:"
    head -20 /tmp/weir-tshark.$$
    fail=1
  fi
  # Wireshark's sequence analysis: every tcp.analysis field, and the whole
  # summary lines with their "[TCP Retransmission]"-style prefixes.
  python3 "$SRC/tests/scripts/tcp_analysis.py" "$E"
  AF="-e frame.number"
  for f in analysis analysis.flags analysis.retransmission analysis.fast_retransmission \
    analysis.spurious_retransmission analysis.out_of_order analysis.lost_segment analysis.ack_lost_segment \
    analysis.duplicate_ack analysis.duplicate_ack_num analysis.duplicate_ack_frame analysis.zero_window \
    analysis.zero_window_probe analysis.zero_window_probe_ack analysis.window_update analysis.window_full \
    analysis.keep_alive analysis.keep_alive_ack analysis.reused_ports analysis.bytes_in_flight \
    analysis.push_bytes_sent analysis.acks_frame analysis.ack_rtt analysis.initial_rtt analysis.rto \
    analysis.rto_frame; do AF="$AF -e tcp.$f"; done
  n=$(tshark -r "$E" -Y tcp.analysis.flags 2>/dev/null | wc -l)
  if [ "$n" -ge 20 ] && diff <("$WEIR" read "$E" -T fields $AF 2>&1) <(tshark -r "$E" -T fields $AF 2>/dev/null) \
    >/tmp/weir-tshark.$$ && diff <("$WEIR" read "$E" | sed 's/^ *[0-9]* *[0-9.]* //; s/  */ /g') \
    <(tshark -r "$E" 2>/dev/null | sed 's/^ *[0-9]* *[0-9.]* *//; s/  */ /g') >>/tmp/weir-tshark.$$; then
    echo "ok: TCP sequence analysis ($n flagged segments): fields and summary lines match tshark"
  else
    echo "FAIL: TCP sequence analysis differs from tshark ($n flagged segments in tshark):"
    head -20 /tmp/weir-tshark.$$
    fail=1
  fi
  rm -f "$E" /tmp/weir-tshark.$$
else
  echo "skip: TCP corner cases (python3 missing)"
fi
exit $fail
