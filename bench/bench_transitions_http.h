// The transitions workload shared by the benchmark's parts: a line of figures, and over HTTP,
// clients each moving their own plan_task item complete (manager) / send_back (supervisor) on a
// keep-alive connection. Header-only because every bench/*.cc becomes its own executable.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/bench_http_client.h"

namespace bench {

using SteadyClock = std::chrono::steady_clock;

// One line of the transitions table.
struct Figures {
  std::string name;
  long long changes = 0;
  double seconds = 0;
  double p50 = 0, p99 = 0, max = 0;
  long long errors = 0;
  std::string first_error;
  double rate() const { return seconds > 0 ? static_cast<double>(changes) / seconds : 0; }
};

inline void finish(Figures& f, Latencies& lat) {
  f.p50 = lat.percentile_ms(0.50);
  f.p99 = lat.percentile_ms(0.99);
  f.max = lat.percentile_ms(1.0);
}

inline const char* kSendBack = "核验未通过：佐证材料不全，退回补充";

struct HttpSide {
  std::string manager, supervisor;
  std::vector<int64_t> items;
  std::vector<char> in_progress;  // per item, owned by its client thread during a run
};

inline std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// Creates `count` plan_task items over HTTP and starts each.
inline void create_http_items(uint16_t port, HttpSide& side, int count) {
  HttpClient c("127.0.0.1", port);
  for (int i = 0; i < count; ++i) {
    nlohmann::json body = {{"workflow", "plan_task"}, {"title", "基准任务 " + std::to_string(i)},
                           {"org", "泗顶镇"}, {"plan_year", 2019}};
    auto created = c.request("POST", "/api/v1/items", side.manager, body.dump());
    if (created.status != 201) throw std::runtime_error("create item: " + created.body);
    int64_t id = nlohmann::json::parse(created.body)["id"].get<int64_t>();
    auto started = c.request("POST", "/api/v1/items/" + std::to_string(id) + "/transitions",
                             side.manager, R"({"action":"start"})");
    if (started.status != 200) throw std::runtime_error("start item: " + started.body);
    side.items.push_back(id);
    side.in_progress.push_back(1);
  }
}

// The writer's counters from /metrics: {jobs, commits}.
inline std::pair<double, double> writer_counters(uint16_t port) {
  HttpClient c("127.0.0.1", port);
  auto r = c.request("GET", "/metrics", "");
  auto value = [&](const std::string& name) {
    auto at = r.body.find("\n" + name + " ");
    return at == std::string::npos ? -1.0 : std::atof(r.body.c_str() + at + name.size() + 2);
  };
  return {value("taizhang_writer_jobs_total"), value("taizhang_writer_commits_total")};
}

// `clients` threads, each on its own connection moving its own item, for `seconds`.
inline Figures http_transitions(uint16_t port, HttpSide& side, int clients, double seconds,
                         const std::string& name) {
  struct PerThread {
    Latencies lat;
    long long changes = 0, errors = 0;
    std::string first_error;
  };
  std::vector<PerThread> results(static_cast<size_t>(clients));
  const auto start = SteadyClock::now() + std::chrono::milliseconds(200);
  const auto stop = start + std::chrono::duration<double>(seconds);
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&, t] {
      PerThread& me = results[static_cast<size_t>(t)];
      const std::string target =
          "/api/v1/items/" + std::to_string(side.items[static_cast<size_t>(t)]) + "/transitions";
      char& in_progress = side.in_progress[static_cast<size_t>(t)];
      const std::string complete = R"({"action":"complete"})";
      const std::string send_back =
          nlohmann::json{{"action", "send_back"}, {"comment", kSendBack}}.dump();
      HttpClient c("127.0.0.1", port);
      std::this_thread::sleep_until(start);
      while (SteadyClock::now() < stop && me.errors < 100) {
        const auto t0 = SteadyClock::now();
        try {
          auto r = in_progress ? c.request("POST", target, side.manager, complete)
                               : c.request("POST", target, side.supervisor, send_back);
          const auto t1 = SteadyClock::now();
          if (r.status == 200) {
            in_progress = !in_progress;
            if (t1 <= stop) {
              me.lat.add(t1 - t0);
              ++me.changes;
            }
            continue;
          }
          if (++me.errors == 1) me.first_error = std::to_string(r.status) + " " + r.body;
          auto now = c.request("GET", target.substr(0, target.rfind('/')), side.manager);
          in_progress = now.body.find(R"("stage":"in_progress")") != std::string::npos;
        } catch (const std::exception& e) {
          if (++me.errors == 1) me.first_error = e.what();
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  Figures f;
  f.name = name;
  f.seconds = seconds;
  Latencies all;
  for (auto& r : results) {
    all.merge(r.lat);
    f.changes += r.changes;
    f.errors += r.errors;
    if (f.first_error.empty()) f.first_error = r.first_error;
  }
  finish(f, all);
  return f;
}


}  // namespace bench
