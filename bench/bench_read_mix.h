// A realistic read mix against a running server with many items: item and history reads, list
// pages walked by cursor, filters by unit, workflow and stage, and overdue, a village manager's
// scoped list, the small reference endpoints, and a few transitions. Header-only because every
// bench/*.cc becomes its own executable.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_engine.h"
#include "bench/bench_http_client.h"

namespace bench {

struct MixSide {
  std::string manager, supervisor, village_manager;  // tokens
  BulkItems items;
};

enum MixKind {
  kGetItem, kHistory, kPage50, kPage200, kFilterVillage, kFilterTownship, kFilterStage,
  kFilterOverdue, kScopedList, kReference, kTransition, kMixKinds
};

struct MixKindInfo {
  const char* name;
  int weight;  // out of the sum of weights
};

inline const MixKindInfo kMix[kMixKinds] = {
    {"GET item (random id)", 30},
    {"GET item history", 8},
    {"list limit=50, cursor walk", 12},
    {"list limit=200, cursor walk", 5},
    {"filter org=<village>", 8},
    {"filter org=泗顶镇 (all below)", 4},
    {"filter workflow+stage", 8},
    {"filter overdue=true", 5},
    {"village manager's list", 8},
    {"orgs / workflows / me", 6},
    {"POST start (plan_task)", 2},
};

struct MixKindStats {
  Latencies lat;
  long long count = 0, non_2xx = 0;
  std::string first_bad;
};

struct MixResults {
  MixKindStats kinds[kMixKinds];
  long long total = 0, failures = 0;
  std::string first_failure;
};

// "a1b2" from `"next_cursor":"a1b2"`; empty when the page is the last. The key sorts last, so
// it is found from the end without parsing the whole page.
inline std::string next_cursor(const std::string& body) {
  static const std::string key = "\"next_cursor\":\"";
  auto at = body.rfind(key);
  if (at == std::string::npos) return {};
  auto end = body.find('"', at + key.size());
  return body.substr(at + key.size(), end - at - key.size());
}

inline MixResults read_mix(uint16_t port, const MixSide& side, int clients, double seconds) {
  static const char* kVillages[] = {"吉照村", "马田村", "儒南村", "三坡村", "山贝村",
                                    "上洞村", "寿局村", "泗顶村", "振彩村"};
  static const char* kStageFilters[] = {
      "workflow=plan_task&stage=in_progress", "workflow=plan_task&stage=not_started",
      "workflow=road&stage=proposal", "workflow=housing_repair&stage=application",
      "workflow=road&stage=village_notice&org=" /* + village */};
  static const char* kReferenceTargets[] = {"/api/v1/orgs", "/api/v1/workflows", "/api/v1/me",
                                     "/api/v1/workflows/plan_task"};
  int weight_sum = 0;
  for (const auto& k : kMix) weight_sum += k.weight;
  std::atomic<size_t> next_start{0};
  std::vector<MixResults> per_thread(static_cast<size_t>(clients));
  const auto start = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
  const auto stop = start + std::chrono::duration<double>(seconds);
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&, t] {
      MixResults& me = per_thread[static_cast<size_t>(t)];
      std::mt19937 rng(1234u + static_cast<unsigned>(t));
      auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
      auto random_id = [&] {
        return side.items.first_id + static_cast<int64_t>(
                   rng() % static_cast<uint64_t>(side.items.last_id - side.items.first_id + 1));
      };
      std::string cursor50, cursor200;
      HttpClient c("127.0.0.1", port);
      std::this_thread::sleep_until(start);
      while (std::chrono::steady_clock::now() < stop && me.failures < 100) {
        int roll = pick(weight_sum), kind = 0;
        while (roll >= kMix[kind].weight) roll -= kMix[kind].weight, ++kind;
        std::string method = "GET", target, body, token = side.manager;
        const std::string village = url_encode(kVillages[pick(9)]);
        switch (kind) {
          case kGetItem: target = "/api/v1/items/" + std::to_string(random_id()); break;
          case kHistory:
            target = "/api/v1/items/" + std::to_string(random_id()) + "/history";
            token = side.supervisor;
            break;
          case kPage50:
            target = "/api/v1/items?limit=50" + (cursor50.empty() ? "" : "&cursor=" + cursor50);
            break;
          case kPage200:
            target = "/api/v1/items?limit=200" + (cursor200.empty() ? "" : "&cursor=" + cursor200);
            token = side.supervisor;
            break;
          case kFilterVillage: target = "/api/v1/items?org=" + village; break;
          case kFilterTownship: target = "/api/v1/items?org=" + url_encode("泗顶镇"); break;
          case kFilterStage: {
            int which = pick(5);
            target = std::string("/api/v1/items?") + kStageFilters[which] +
                     (which == 4 ? village : "");
            break;
          }
          case kFilterOverdue: target = "/api/v1/items?overdue=true"; break;
          case kScopedList: target = "/api/v1/items?limit=50"; token = side.village_manager; break;
          case kReference: target = kReferenceTargets[pick(4)]; break;
          case kTransition: {
            size_t i = next_start++;
            if (i >= side.items.plan_tasks_not_started.size()) {
              kind = kGetItem;
              target = "/api/v1/items/" + std::to_string(random_id());
              break;
            }
            method = "POST";
            target = "/api/v1/items/" + std::to_string(side.items.plan_tasks_not_started[i]) +
                     "/transitions";
            body = R"({"action":"start"})";
            break;
          }
        }
        const auto t0 = std::chrono::steady_clock::now();
        try {
          HttpResponse r = c.request(method, target, token, body);
          const auto t1 = std::chrono::steady_clock::now();
          if (t1 > stop) break;
          MixKindStats& k = me.kinds[kind];
          k.lat.add(t1 - t0);
          ++k.count;
          ++me.total;
          if (r.status / 100 != 2 && ++k.non_2xx == 1) {
            k.first_bad = std::to_string(r.status) + " " + target + " " + r.body.substr(0, 200);
          }
          if (kind == kPage50) cursor50 = next_cursor(r.body);
          if (kind == kPage200) cursor200 = next_cursor(r.body);
        } catch (const std::exception& e) {
          if (++me.failures == 1) me.first_failure = e.what();
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  MixResults all;
  for (auto& r : per_thread) {
    all.total += r.total;
    all.failures += r.failures;
    if (all.first_failure.empty()) all.first_failure = r.first_failure;
    for (int k = 0; k < kMixKinds; ++k) {
      all.kinds[k].lat.merge(r.kinds[k].lat);
      all.kinds[k].count += r.kinds[k].count;
      all.kinds[k].non_2xx += r.kinds[k].non_2xx;
      if (all.kinds[k].first_bad.empty()) all.kinds[k].first_bad = r.kinds[k].first_bad;
    }
  }
  return all;
}

inline void print_mix(MixResults mix, int clients, double seconds) {  // sorts a copy
  std::printf("  read mix, %d clients for %.0f s: %lld requests, %.0f requests/s, %lld failures\n",
              clients, seconds, mix.total, static_cast<double>(mix.total) / seconds,
              mix.failures);
  if (!mix.first_failure.empty()) std::printf("  first failure: %s\n", mix.first_failure.c_str());
  std::printf("    %-32s %7s %8s %8s %8s %7s\n", "request", "count", "p50 ms", "p99 ms", "max ms",
              "non-2xx");
  for (int k = 0; k < kMixKinds; ++k) {
    MixKindStats& s = mix.kinds[k];
    // Pad by display columns: each CJK character here is 3 bytes and 2 columns wide.
    std::string name = kMix[k].name;
    int columns = 0;
    for (unsigned char ch : name) columns += (ch & 0xC0) != 0x80 ? (ch >= 0xE0 ? 2 : 1) : 0;
    name.append(static_cast<size_t>(std::max(0, 32 - columns)), ' ');
    std::printf("    %s %7lld %8.2f %8.2f %8.2f %7lld\n", name.c_str(), s.count,
                s.lat.percentile_ms(0.5), s.lat.percentile_ms(0.99), s.lat.percentile_ms(1.0),
                s.non_2xx);
  }
  for (int k = 0; k < kMixKinds; ++k) {
    if (!mix.kinds[k].first_bad.empty()) {
      std::printf("    first non-2xx (%s): %s\n", kMix[k].name, mix.kinds[k].first_bad.c_str());
    }
  }
}

}  // namespace bench
