#include "delivery/webhook_deliverer.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "delivery/webhook_test_send.h"
#include "engine/alerts/webhook.h"
#include "engine/webhooks/webhook_payload.h"

namespace taizhang {

namespace {

// Bytes of a response body kept: enough for a robot's {"errcode":…,"errmsg":…} or the start of
// an error page; the rest is read and dropped (the transfer's timeout bounds it).
constexpr size_t kMaxResponseBytes = 4096;
constexpr size_t kMaxErrorTextBytes = 300;

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      std::fputs("fatal: curl_global_init failed\n", stderr);
      std::abort();
    }
  });
}

// What an attempt's error keeps: the text without the URL's credentials (a receiver's answer
// and curl's message may both quote the URL; masked before cutting, so no half key is left),
// as one printable line of at most kMaxErrorTextBytes, cut on a UTF-8 boundary.
std::string error_text(std::string_view raw, std::string_view url) {
  const std::string scrubbed = without_url_secrets(std::string(raw), url);
  std::string_view text = scrubbed;
  size_t end = std::min(text.size(), kMaxErrorTextBytes);
  while (end > 0 && end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  std::string out;
  for (size_t i = 0; i < end; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    out.push_back(c < 0x20 || c == 0x7f ? ' ' : static_cast<char>(c));
  }
  return out;
}

size_t keep_response(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  const size_t n = size * count;
  if (body->size() < kMaxResponseBytes) {
    body->append(data, std::min(n, kMaxResponseBytes - body->size()));
  }
  return n;  // everything "taken": dropping the excess is not an error
}

// One delivery on the wire. Owns its easy handle; the body, headers and error buffer live as
// long as the handle, as libcurl requires.
struct Transfer {
  WebhookDelivery delivery;
  WebhookFormat format = WebhookFormat::json;
  OutgoingRequest request;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::string response;
  char error[CURL_ERROR_SIZE] = {};

  Transfer() = default;
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;
  ~Transfer() {
    if (easy != nullptr) curl_easy_cleanup(easy);
    curl_slist_free_all(headers);
  }
};

// How an attempt ended.
struct Outcome {
  WebhookDelivery delivery;
  bool delivered = false;
  std::optional<int> status;
  std::string error;
  bool permanent = false;  // retrying cannot help (the webhook or event is gone)
};


Outcome judge(Transfer& t, CURLcode result) {
  Outcome o{t.delivery, false, std::nullopt, {}, false};
  long status = 0;
  curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status);
  if (status > 0) o.status = static_cast<int>(status);
  if (result != CURLE_OK) {
    o.error = error_text(t.error[0] != '\0' ? t.error : curl_easy_strerror(result), t.request.url);
    return o;
  }
  if (status < 200 || status > 299) {
    o.error = "HTTP " + std::to_string(status);
    if (auto snippet = error_text(t.response, t.request.url); !snippet.empty()) {
      o.error += ": " + snippet;
    }
    return o;
  }
  if (t.format != WebhookFormat::json) {
    if (auto refusal = robot_refusal(t.response)) {
      o.error = error_text(*refusal, t.request.url);
      return o;
    }
  }
  o.delivered = true;
  return o;
}

}  // namespace

// The deliverer thread's state: only ever touched by that thread.
struct WebhookDeliverer::Loop {
  WebhookDeliverer& self;
  CURLM* multi;
  std::map<CURL*, std::unique_ptr<Transfer>> in_flight;
  std::set<int64_t> in_flight_ids;
  std::map<int64_t, int> per_webhook;  // transfers in flight per webhook id
  int64_t next_fill_ms = 0;            // when to look at the outbox again
  bool storage_failing = false;        // to report a failing database once, not every second

  const Options& options() const { return self.options_; }
  int64_t now_ms() const { return unix_ms(self.clock_.now()); }

  int64_t backoff_ms(int attempts) const {
    int64_t wait = std::max<int64_t>(options().first_backoff_ms, 1);
    for (int i = 1; i < attempts && wait < options().max_backoff_ms; ++i) wait *= 2;
    return std::min(wait, options().max_backoff_ms);
  }

  void report(const char* what, const Error& error) {
    if (storage_failing) return;
    storage_failing = true;
    std::fprintf(stderr, "taizhang: webhook deliverer: %s: %s (retrying)\n", what,
                 error.message.c_str());
  }

  // Reads the due deliveries not yet in flight and starts as many as the slots allow.
  void fill(std::vector<Outcome>& outcomes) {
    const int64_t now = now_ms();
    const int free = options().max_in_flight - static_cast<int>(in_flight.size());
    if (free <= 0) {
      next_fill_ms = now + options().poll_interval_ms;
      return;
    }
    struct Start {
      WebhookDelivery delivery;
      Webhook hook;
      AlertEvent event;
    };
    std::vector<Start> starts;
    auto next_due = self.db_.read([&](StoreReader& store) -> Result<std::optional<int64_t>> {
      std::map<int64_t, std::optional<Webhook>> hooks;
      std::map<int64_t, int> planned = per_webhook;
      for (auto& d : store.due_deliveries(now, options().scan_limit)) {
        if (static_cast<int>(starts.size()) >= free) break;
        if (in_flight_ids.contains(d.id)) continue;
        if (planned[d.webhook_id] >= options().max_in_flight_per_webhook) continue;
        auto h = hooks.find(d.webhook_id);
        if (h == hooks.end()) h = hooks.emplace(d.webhook_id, store.webhook(d.webhook_id)).first;
        auto event = store.alert_event(d.event_id);
        if (!h->second || !event) {
          outcomes.push_back({d, false, std::nullopt,
                              !h->second ? "webhook " + std::to_string(d.webhook_id) + " is gone"
                                         : "event " + std::to_string(d.event_id) + " is gone",
                              true});
          continue;
        }
        ++planned[d.webhook_id];
        starts.push_back({std::move(d), *h->second, std::move(*event)});
      }
      return store.next_delivery_due_ms();
    });
    if (!next_due) {
      report("reading the outbox failed", next_due.error());
      next_fill_ms = now + options().poll_interval_ms;
      return;
    }
    for (auto& s : starts) start(std::move(s.delivery), s.hook, s.event);
    // A due time already passed belongs to a delivery in flight or held back by its webhook's
    // share: a completion brings the next look, or the poll interval does.
    const int64_t due = next_due->value_or(INT64_MAX);
    next_fill_ms = due > now ? std::min(due, now + options().poll_interval_ms)
                             : now + options().poll_interval_ms;
  }

  void start(WebhookDelivery delivery, const Webhook& hook, const AlertEvent& event) {
    auto t = std::make_unique<Transfer>();
    t->delivery = std::move(delivery);
    t->format = hook.format;
    t->request = render_delivery(hook, event, std::chrono::system_clock::now());
    t->easy = curl_easy_init();
    if (t->easy == nullptr) return;  // out of memory: still pending, tried again later
    for (const auto& [name, value] : t->request.headers) {
      t->headers = curl_slist_append(t->headers, (name + ": " + value).c_str());
    }
    t->headers = curl_slist_append(t->headers, "Expect:");  // no 100-continue round trip
    CURL* e = t->easy;
    const long timeout = std::max(options().timeout_ms, 1);
    curl_easy_setopt(e, CURLOPT_URL, t->request.url.c_str());
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, t->request.body.data());
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(t->request.body.size()));
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "taizhang-webhook/1");
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                     std::min<long>(std::max(options().connect_timeout_ms, 1), timeout));
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for DNS timeouts
    // Aborting a transfer still resolving its host must not wait for getaddrinfo(): stop()
    // stays prompt whatever the DNS server does.
    curl_easy_setopt(e, CURLOPT_QUICK_EXIT, 1L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, keep_response);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &t->response);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
    if (curl_multi_add_handle(multi, e) != CURLM_OK) return;
    in_flight_ids.insert(t->delivery.id);
    ++per_webhook[t->delivery.webhook_id];
    in_flight.emplace(e, std::move(t));
  }

  void finish(CURL* easy, std::vector<Outcome>& outcomes, std::optional<CURLcode> result) {
    auto it = in_flight.find(easy);
    if (it == in_flight.end()) return;
    curl_multi_remove_handle(multi, easy);
    Transfer& t = *it->second;
    if (result) outcomes.push_back(judge(t, *result));
    in_flight_ids.erase(t.delivery.id);
    if (--per_webhook[t.delivery.webhook_id] == 0) per_webhook.erase(t.delivery.webhook_id);
    in_flight.erase(it);
  }

  void collect(std::vector<Outcome>& outcomes) {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg == CURLMSG_DONE) finish(msg->easy_handle, outcomes, msg->data.result);
    }
  }

  // Writes every outcome in one transaction: the delivery's next state.
  void record(std::vector<Outcome>& outcomes) {
    const TimePoint now = self.clock_.now();
    DelivererStats counted;
    for (auto& o : outcomes) {
      WebhookDelivery& d = o.delivery;
      d.attempts += o.permanent ? 0 : 1;
      d.last_status = o.status;
      if (o.delivered) {
        d.state = DeliveryState::delivered;
        d.delivered_at = format_rfc3339(now);
        d.last_error.reset();
        ++counted.delivered;
      } else {
        d.last_error = o.error;
        if (o.permanent || d.attempts >= options().max_attempts) {
          d.state = DeliveryState::failed;
          ++counted.given_up;
        } else {
          d.next_attempt_ms = unix_ms(now) + backoff_ms(d.attempts);
          ++counted.retries;
        }
      }
      if (!o.permanent) ++counted.attempts;
    }
    auto done = self.db_.writer().run([&](StoreWriter& store) -> Result<nlohmann::json> {
      for (const auto& o : outcomes) store.update_delivery(o.delivery);
      return nlohmann::json(nullptr);
    });
    if (!done) {
      // Still pending as before: they will be sent again (at least once), after the poll pause.
      report("recording deliveries failed", done.error());
      next_fill_ms = unix_ms(now) + options().poll_interval_ms;
      return;
    }
    storage_failing = false;
    std::lock_guard lock(self.mu_);
    self.stats_.attempts += counted.attempts;
    self.stats_.delivered += counted.delivered;
    self.stats_.retries += counted.retries;
    self.stats_.given_up += counted.given_up;
  }

  void run() {
    bool look_now = true;
    while (!self.stopping_.load()) {
      std::vector<Outcome> outcomes;
      if (look_now || self.poked_.exchange(false) || now_ms() >= next_fill_ms) fill(outcomes);
      int running = 0;
      curl_multi_perform(multi, &running);
      collect(outcomes);
      if (!outcomes.empty()) {
        record(outcomes);
        look_now = !storage_failing;  // slots were freed
        continue;
      }
      look_now = false;
      const int64_t wait = std::clamp<int64_t>(next_fill_ms - now_ms(), 0,
                                               options().poll_interval_ms);
      curl_multi_poll(multi, nullptr, 0, static_cast<int>(wait), nullptr);
    }
    // Aborted, not attempted: the deliveries stay pending for the next start.
    while (!in_flight.empty()) {
      std::vector<Outcome> none;
      finish(in_flight.begin()->first, none, std::nullopt);
    }
  }
};

WebhookDeliverer::WebhookDeliverer(Database& db, const Clock& clock, Options options)
    : db_(db), clock_(clock), options_(options) {
  init_curl_once();
  multi_ = curl_multi_init();
  if (multi_ == nullptr) {
    std::fputs("fatal: curl_multi_init failed\n", stderr);
    std::abort();
  }
}

WebhookDeliverer::~WebhookDeliverer() {
  stop();
  curl_multi_cleanup(static_cast<CURLM*>(multi_));
}

void WebhookDeliverer::start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable() || stopping_.load()) return;
  thread_ = std::thread([this] { run(); });
}

void WebhookDeliverer::stop() {
  stopping_.store(true);
  curl_multi_wakeup(static_cast<CURLM*>(multi_));
  std::thread t;
  {
    std::lock_guard lock(mu_);
    t = std::move(thread_);
  }
  if (t.joinable()) t.join();
}

void WebhookDeliverer::poke() {
  poked_.store(true);
  curl_multi_wakeup(static_cast<CURLM*>(multi_));
}

DelivererStats WebhookDeliverer::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void WebhookDeliverer::run() {
  Loop loop{*this, static_cast<CURLM*>(multi_), {}, {}, {}, 0, false};
  loop.run();
}

}  // namespace taizhang
