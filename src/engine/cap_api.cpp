// The C API (weir/cap.h) on top of weir::Interceptor, IptablesRules and
// Injector. Rules are managed here (per adapter and direction), so the
// Interceptor is opened with RuleBackend::None.
#include "weir/cap.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>

#include "io/inject.hpp"
#include "io/rules_iptables.hpp"
#include "weir/adapters.hpp"
#include "weir/checksum.hpp"
#include "weir/intercept.hpp"

namespace {

thread_local int t_err = CAP_OK;
thread_local char t_msg[512] = "";
// Set on the worker and monitor threads while they call the program back:
// CapStopCapture/CapUninitialize from there would join the calling thread.
thread_local bool t_in_callback = false;

int set_err(int code, const std::string& msg) {
  t_err = code;
  std::snprintf(t_msg, sizeof t_msg, "%s", msg.c_str());
  return code;
}
int ok() {
  t_err = CAP_OK;
  t_msg[0] = 0;
  return CAP_OK;
}

struct State {
  std::mutex mu;
  // The injector's lifetime: CapSendPacket (any thread, also a callback)
  // holds it shared, so CapUninitialize/CapInitialize on another thread
  // cannot close or reopen the socket under a send. `initialized` changes
  // only under both locks.
  std::shared_mutex inj_mu;
  bool initialized = false;
  bool started = false;
  uint16_t queue = 0;
  weir::RuleBackend backend = weir::RuleBackend::Auto;
  weir::IptablesRules rules;
  weir::Injector injector;
  std::map<int, int> opcodes;  // adapter -> Opcode_SND|Opcode_RCV
  std::map<std::string, int> installed;  // interface -> opcodes with rules in place
  std::unique_ptr<weir::Interceptor> icp;
  PacketProc proc = nullptr;
  AdaptersChangeCallback on_change = nullptr;
  std::thread monitor;
  std::atomic<bool> monitor_run{false};
  bool stopping = false;  // CapStopCapture is joining the threads
};

State& st() {
  static State* s = new State;  // never destroyed: callbacks may race exit
  return *s;
}

weir::RuleSpec chain_spec(const State& s) {
  weir::RuleSpec r;
  r.input = r.output = true;
  r.queue_base = s.queue;
  r.queues = 1;
  r.bypass_mark = 0;
  r.inject_mark = weir::kDefaultInjectMark;
  r.jumps = false;
  return r;
}

// Brings the jumps in line with the opcode table, one interface and
// direction at a time (caller holds the lock). Nothing else is touched, so
// other adapters stay intercepted throughout.
int apply_rules(State& s) {
  weir::RuleSpec in = chain_spec(s), out = chain_spec(s);
  in.output = false;
  out.input = false;
  std::map<std::string, int> want;  // interface name -> opcodes
  for (auto& [ad, ops] : s.opcodes) {
    char name[IF_NAMESIZE];
    if (if_indextoname(unsigned(ad), name)) want[name] |= ops;  // gone adapters: no rule
  }
  std::string first_err;
  // `installed` records only the jumps that really went in (or failed to
  // come out), so a retry after an error tries again.
  auto change = [&](const weir::RuleSpec& spec, const std::string& iface, bool add) {
    weir::Status e = s.rules.jump(spec, iface, add);
    if (!e && first_err.empty()) first_err = e.message();
    return bool(e);
  };
  for (auto it = s.installed.begin(); it != s.installed.end();) {
    int now = want.count(it->first) ? want[it->first] : 0;
    int& have = it->second;
    if ((have & Opcode_RCV) && !(now & Opcode_RCV) && change(in, it->first, false)) have &= ~Opcode_RCV;
    if ((have & Opcode_SND) && !(now & Opcode_SND) && change(out, it->first, false)) have &= ~Opcode_SND;
    it = have ? std::next(it) : s.installed.erase(it);
  }
  for (auto& [name, ops] : want) {
    int& have = s.installed[name];
    if ((ops & Opcode_RCV) && !(have & Opcode_RCV) && change(in, name, true)) have |= Opcode_RCV;
    if ((ops & Opcode_SND) && !(have & Opcode_SND) && change(out, name, true)) have |= Opcode_SND;
    if (!have) s.installed.erase(name);
  }
  if (!first_err.empty()) return set_err(CAP_E_RULES, first_err);
  return ok();
}

void handle(State& s, weir::Interceptor& icp, std::span<weir::PacketLease*> batch) {
  t_in_callback = true;
  for (weir::PacketLease* l : batch) {
    bool snd = l->hook == weir::Hook::Output || l->hook == weir::Hook::PostRouting;
    int adapter = int(snd ? l->outdev : l->indev);
    const uint8_t* data = l->view.data;
    uint32_t len = l->view.caplen;
    if (l->csum_not_ready) {
      // Hand the program valid checksums (it may re-inject the bytes).
      if (uint8_t* w = l->writable()) {
        weir::csum::fix_ip_packet(w, len, false);
        data = w;
      }
    }
    int v = s.proc ? s.proc(adapter, snd ? Opcode_SND : Opcode_RCV, len, data) : CAP_PASS;
    if (v == CAP_PASS) icp.pass(*l);
    else icp.drop(*l);
  }
}

}  // namespace

extern "C" {

int CapInitialize(void) {
  State& s = st();
  std::lock_guard<std::mutex> g(s.mu);
  if (s.initialized) return set_err(CAP_E_STATE, "CapInitialize: already initialized");
  if (const char* q = std::getenv("WEIR_CAP_QUEUE")) {
    char* end = nullptr;
    errno = 0;
    long v = std::strtol(q, &end, 10);
    if (errno || end == q || *end || v < 0 || v > 65535)
      return set_err(CAP_E_ARG, std::string("CapInitialize: WEIR_CAP_QUEUE is not a queue number 0-65535: ") + q);
    s.queue = uint16_t(v);
  }
  s.backend = weir::RuleBackend::Auto;
  if (const char* b = std::getenv("WEIR_CAP_BACKEND")) {
    if (!std::strcmp(b, "nft")) s.backend = weir::RuleBackend::Nft;
    else if (!std::strcmp(b, "legacy")) s.backend = weir::RuleBackend::Legacy;
  }
  if (weir::Status e = s.rules.init(s.backend); !e) return set_err(CAP_E_RULES, "CapInitialize: " + e.message());
  std::unique_lock<std::shared_mutex> inj(s.inj_mu);
  if (weir::Status e = s.injector.open(weir::kDefaultInjectMark); !e)
    return set_err(CAP_E_SYSTEM, "CapInitialize: " + e.message());
  s.initialized = true;
  return ok();
}

int CapStartCapture(PacketProc proc, AdaptersChangeCallback on_change) {
  State& s = st();
  std::lock_guard<std::mutex> g(s.mu);
  if (!s.initialized) return set_err(CAP_E_STATE, "CapStartCapture: call CapInitialize first");
  if (s.started) return set_err(CAP_E_STATE, "CapStartCapture: already started");
  if (!proc) return set_err(CAP_E_ARG, "CapStartCapture: PacketProc is NULL");
  weir::InterceptConfig cfg;
  cfg.queue_base = s.queue;
  cfg.queues = 1;
  cfg.backend = weir::RuleBackend::None;
  cfg.gso = false;  // the program may re-inject packets: keep them MTU-sized
  cfg.copy = weir::CopyMode::Full;
  weir::Status err;
  s.icp = weir::Interceptor::open(cfg, err);
  if (!s.icp) return set_err(CAP_E_QUEUE, "CapStartCapture: " + err.message());
  s.proc = proc;
  s.on_change = on_change;
  s.rules.remove(s.queue);  // left by a crashed run
  s.installed.clear();
  if (weir::Status e = s.rules.install(chain_spec(s)); !e) {
    s.icp.reset();
    s.rules.remove(s.queue);
    return set_err(CAP_E_RULES, "CapStartCapture: " + e.message());
  }
  if (int rc = apply_rules(s); rc != CAP_OK) {
    s.icp.reset();
    s.rules.remove(s.queue);
    return rc;
  }
  // The worker uses the Interceptor through this pointer, not s.icp (which
  // CapStopCapture moves out before it stops the worker).
  weir::Interceptor* icp = s.icp.get();
  if (weir::Status e = icp->start([&s, icp](unsigned, std::span<weir::PacketLease*> b) { handle(s, *icp, b); }); !e) {
    s.icp.reset();
    s.rules.remove(s.queue);
    return set_err(CAP_E_SYSTEM, "CapStartCapture: " + e.message());
  }
  if (on_change) {
    weir::Status e;
    std::shared_ptr<weir::AdapterMonitor> mon(weir::AdapterMonitor::open(e).release());
    if (mon) {
      s.monitor_run = true;
      s.monitor = std::thread([&s, mon] {
        t_in_callback = true;
        while (s.monitor_run.load()) {
          pollfd p{mon->fd(), POLLIN, 0};
          if (poll(&p, 1, 100) > 0)
            mon->poll([&s](weir::AdapterEvent ev, const weir::Adapter& a) {
              if (a.name.rfind(weir::Injector::kHelperPrefix, 0) == 0) return;  // our own helper
              if (s.on_change) s.on_change(a.index, int(ev));
            });
        }
      });
    }
  }
  s.started = true;
  return ok();
}

int CapStopCapture(void) {
  State& s = st();
  if (t_in_callback)
    return set_err(CAP_E_STATE, "CapStopCapture: not from inside a PacketProc or adapter callback");
  std::thread monitor;
  std::unique_ptr<weir::Interceptor> icp;
  {
    std::lock_guard<std::mutex> g(s.mu);
    if (!s.started || s.stopping) return set_err(CAP_E_STATE, "CapStopCapture: capture not started");
    s.stopping = true;
    s.monitor_run = false;
    s.rules.quiesce(s.queue);  // no new packets; queued ones still get verdicts
    monitor = std::move(s.monitor);
    icp = std::move(s.icp);
  }
  // Without the lock: the callbacks may call CapSetRule meanwhile.
  if (monitor.joinable()) monitor.join();
  icp->stop();  // the worker finishes its batch
  icp.reset();  // default verdict for the rest, unbind
  std::lock_guard<std::mutex> g(s.mu);
  weir::Status e = s.rules.remove(s.queue);
  s.installed.clear();
  s.started = false;
  s.stopping = false;
  if (!e) return set_err(CAP_E_RULES, "CapStopCapture: " + e.message());
  return ok();
}

int CapUninitialize(void) {
  State& s = st();
  if (t_in_callback)
    return set_err(CAP_E_STATE, "CapUninitialize: not from inside a PacketProc or adapter callback");
  bool started;
  {
    std::lock_guard<std::mutex> g(s.mu);
    if (!s.initialized) return set_err(CAP_E_STATE, "CapUninitialize: not initialized");
    started = s.started;
  }
  if (started) CapStopCapture();
  std::lock_guard<std::mutex> g(s.mu);
  std::unique_lock<std::shared_mutex> inj(s.inj_mu);
  s.opcodes.clear();
  s.injector.remove_helper();
  s.initialized = false;
  return ok();
}

int CapGetAdaptList(CapAdapterList* list) {
  if (!list) return set_err(CAP_E_ARG, "CapGetAdaptList: list is NULL");
  std::vector<weir::Adapter> v;
  if (weir::Status e = weir::list_adapters(v); !e) return set_err(CAP_E_SYSTEM, "CapGetAdaptList: " + e.message());
  std::memset(list, 0, sizeof *list);
  for (const auto& a : v) {
    if (list->count >= CAP_MAX_ADAPTERS) break;
    if (a.name.rfind(weir::Injector::kHelperPrefix, 0) == 0) continue;  // weir's injection helper
    CapAdapterInfo& o = list->adapters[list->count++];
    o.adapter = a.index;
    std::snprintf(o.name, sizeof o.name, "%s", a.name.c_str());
    std::memcpy(o.mac, a.mac, 6);
    o.mtu = a.mtu;
    o.flags = a.flags;
    for (const auto& ad : a.addresses)
      if (ad.family == AF_INET) {
        std::memcpy(&o.ipv4, ad.addr, 4);
        break;
      }
  }
  return ok();
}

int CapSetRule(int adapter, int opcodes) {
  State& s = st();
  std::lock_guard<std::mutex> g(s.mu);
  if (!s.initialized) return set_err(CAP_E_STATE, "CapSetRule: call CapInitialize first");
  if (opcodes & ~(Opcode_SND | Opcode_RCV)) return set_err(CAP_E_ARG, "CapSetRule: unknown opcode bits");
  char name[IF_NAMESIZE];
  if (adapter <= 0 || !if_indextoname(unsigned(adapter), name))
    return set_err(CAP_E_ARG, "CapSetRule: no adapter with index " + std::to_string(adapter));
  if (opcodes == Opcode_PASSTHRU) s.opcodes.erase(adapter);
  else s.opcodes[adapter] = opcodes;
  if (s.started && !s.stopping) return apply_rules(s);
  return ok();
}

int CapSendPacket(int adapter, int opcode, uint32_t length, const uint8_t* data) {
  State& s = st();
  std::shared_lock<std::shared_mutex> inj(s.inj_mu);
  if (!s.initialized) return set_err(CAP_E_STATE, "CapSendPacket: call CapInitialize first");
  if (!data || length < 20 || length > 65535) return set_err(CAP_E_ARG, "CapSendPacket: bad packet or length");
  weir::Status e;
  if (opcode == Opcode_SND) {
    char name[IF_NAMESIZE];
    if (adapter <= 0 || !if_indextoname(unsigned(adapter), name))
      return set_err(CAP_E_ARG, "CapSendPacket: no adapter with index " + std::to_string(adapter));
    e = s.injector.send_ip(adapter, data, length);
  } else if (opcode == Opcode_RCV) {
    e = s.injector.send_to_stack(adapter, data, length);  // as if received on adapter (lo if none)
  } else {
    return set_err(CAP_E_ARG, "CapSendPacket: opcode must be Opcode_SND or Opcode_RCV");
  }
  if (!e) return set_err(CAP_E_SEND, "CapSendPacket: " + e.message());
  return ok();
}

int CapGetLastError(void) { return t_err; }
const char* CapGetLastErrorMessage(void) { return t_msg; }

}  // extern "C"
