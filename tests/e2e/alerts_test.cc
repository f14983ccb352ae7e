// Overdue alerts end to end: the server's scanner raises due_soon, overdue and escalated once
// each as the clock passes the due date (restarts with a later --now), moving the item on
// resolves them, the inbox shows each user only their units, and the event stream delivers every
// change once, resuming with Last-Event-ID.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <chrono>
#include <map>
#include <thread>

#include "tests/e2e/checks.h"
#include "tests/e2e/harness.h"

namespace e2e {
namespace {

using namespace std::chrono_literals;

// A plan task of 吉照村 due 2019-03-16 ("tomorrow" at the demo's 2019-03-15), the village's
// manager responsible.
int64_t due_tomorrow(DemoEnv& env) {
  auto r = env.township_manager().post_json(
      "/api/v1/items", {{"workflow", "plan_task"},
                        {"title", "吉照村：核查饮水安全台账"},
                        {"org", "吉照村"},
                        {"plan_year", 2019},
                        {"responsible", "吉照村包村干部"},
                        {"due_on", "2019-03-16"}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json().value("id", int64_t{0});
}

// The item's alerts (every state) in its first stage as `who` sees them, by level.
std::map<std::string, nlohmann::json> alerts_of(const Api& who, int64_t item,
                                                const std::string& stage = "not_started") {
  std::map<std::string, nlohmann::json> out;
  auto r = who.get("/api/v1/alerts?state=all&limit=200");
  EXPECT_EQ(r.status, 200) << r.body;
  const nlohmann::json page = r.json();  // the loop must not range over a temporary's member
  for (const auto& a : page["alerts"]) {
    if (a["item_id"] == item && a["stage"] == stage) {
      EXPECT_FALSE(out.contains(a["level"].get<std::string>())) << "two alerts of one level";
      out[a["level"].get<std::string>()] = a;
    }
  }
  return out;
}

// Waits (bounded) until the item has alerts of `count` levels.
std::map<std::string, nlohmann::json> wait_for_alerts(const Api& who, int64_t item, size_t count) {
  std::map<std::string, nlohmann::json> got;
  for (int i = 0; i < 100; ++i) {
    got = alerts_of(who, item);
    if (got.size() >= count) break;
    std::this_thread::sleep_for(100ms);
  }
  return got;
}

// A Server-Sent Events reader on one connection.
class EventReader {
 public:
  EventReader(uint16_t port, const std::string& token, std::optional<int64_t> last_event_id = {})
      : conn_(port) {
    std::vector<std::pair<std::string, std::string>> headers = {
        {"Authorization", "Bearer " + token}, {"Accept", "text/event-stream"}};
    if (last_event_id) headers.push_back({"Last-Event-ID", std::to_string(*last_event_id)});
    conn_.send_all(build_request("GET", "/api/v1/alerts/stream", "", headers));
  }

  // Reads until `count` events have arrived or `timeout` passes; returns (id, data) pairs.
  std::vector<std::pair<int64_t, nlohmann::json>> events(size_t count,
                                                         std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (events_.size() < count && std::chrono::steady_clock::now() < deadline) read_some();
    return events_;
  }
  const std::string& raw() const { return raw_; }

 private:
  void read_some() {
    pollfd p{conn_.fd(), POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) return;
    char buf[4096];
    ssize_t n = ::recv(conn_.fd(), buf, sizeof buf, 0);
    if (n <= 0) return;
    raw_.append(buf, static_cast<size_t>(n));
    for (size_t end; (end = raw_.find("\n\n", parsed_)) != std::string::npos;) {
      std::string block = raw_.substr(parsed_, end - parsed_);
      parsed_ = end + 2;
      int64_t id = -1;
      std::string data;
      size_t pos = 0;
      while (pos < block.size()) {
        size_t nl = block.find('\n', pos);
        std::string line = block.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
        if (line.starts_with("id: ")) id = std::stoll(line.substr(4));
        if (line.starts_with("data: ")) data = line.substr(6);
        if (nl == std::string::npos) break;
        pos = nl + 1;
      }
      if (id >= 0) events_.push_back({id, nlohmann::json::parse(data)});
    }
  }

  Connection conn_;
  std::string raw_;
  size_t parsed_ = 0;
  std::vector<std::pair<int64_t, nlohmann::json>> events_;
};

TEST(Alerts, DueSoonThenOverdueThenEscalatedOnceEachAndResolvedByMovingOn) {
  DemoEnv env;
  int64_t item = due_tomorrow(env);
  auto manager = env.village_manager();
  auto soon = wait_for_alerts(manager, item, 1);
  ASSERT_EQ(soon.size(), 1u);
  ASSERT_TRUE(soon.contains("due_soon"));
  EXPECT_EQ(soon["due_soon"]["state"], "open");
  EXPECT_EQ(soon["due_soon"]["due_on"], "2019-03-16");
  EXPECT_EQ(soon["due_soon"]["title"], "吉照村：核查饮水安全台账");
  EXPECT_EQ(soon["due_soon"]["org"], "吉照村");
  EXPECT_EQ(soon["due_soon"]["days_overdue"], 0);

  // Two days after the due date: overdue, and due_soon is not raised again.
  env.stop_server();
  env.start_server({}, "2019-03-18T09:00:00+08:00");
  manager = env.village_manager();  // the new server listens on another port
  auto late = wait_for_alerts(manager, item, 2);
  ASSERT_EQ(late.size(), 2u);
  EXPECT_EQ(late["overdue"]["days_overdue"], 2);
  EXPECT_EQ(late["due_soon"]["id"], soon["due_soon"]["id"]);

  // 16 days after: escalated.
  env.stop_server();
  env.start_server({}, "2019-04-01T09:00:00+08:00");
  manager = env.village_manager();
  auto escalated = wait_for_alerts(manager, item, 3);
  ASSERT_EQ(escalated.size(), 3u);
  EXPECT_EQ(escalated["escalated"]["days_overdue"], 16);
  // The township-wide supervisor hears of the escalation.
  auto mine = env.supervisor().get("/api/v1/alerts?mine=true&limit=200").json();
  bool told = false;
  for (const auto& a : mine["alerts"]) told = told || (a["item_id"] == item && a["level"] == "escalated");
  EXPECT_TRUE(told) << mine.dump();

  // A restart at the same time raises nothing new.
  env.stop_server();
  env.start_server({}, "2019-04-01T10:00:00+08:00");
  manager = env.village_manager();
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(alerts_of(manager, item).size(), 3u);

  // Moving the item on resolves all three. (The task is still late in its new stage, which is
  // watched afresh: the engine's tests check that.)
  auto moved = env.township_manager().post_json("/api/v1/items/" + std::to_string(item) +
                                                    "/transitions",
                                                {{"action", "start"}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  std::map<std::string, nlohmann::json> after;
  for (int i = 0; i < 100; ++i) {
    after = alerts_of(manager, item);
    bool all_resolved = after.size() == 3;
    for (auto& [level, a] : after) all_resolved = all_resolved && a["state"] == "resolved";
    if (all_resolved) break;
    std::this_thread::sleep_for(100ms);
  }
  for (auto& [level, a] : after) EXPECT_EQ(a["state"], "resolved") << level;
  auto verify = run_taizhang({"audit", "verify", "--db", env.db()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

TEST(Alerts, AnotherVillagesManagerNeverSeesThem) {
  DemoEnv env;
  int64_t item = due_tomorrow(env);
  ASSERT_EQ(wait_for_alerts(env.village_manager(), item, 1).size(), 1u);
  auto admin = env.admin();
  auto made = admin.post_json("/api/v1/users",
                              {{"name", "马田村包村干部"}, {"role", "manager"}, {"orgs", {"马田村"}}});
  ASSERT_EQ(made.status, 201) << made.body;
  Api other(env.port(), made.json()["token"].get<std::string>());
  EXPECT_TRUE(alerts_of(other, item).empty());
  int64_t alert_id = wait_for_alerts(env.village_manager(), item, 1)["due_soon"]["id"];
  auto ack = other.post("/api/v1/alerts/" + std::to_string(alert_id) + "/ack", "");
  EXPECT_TRUE(IsProblem(ack, 404, "not_found"));  // as if absent: ids reveal nothing
  EventReader stream(env.port(), other.token(), 0);
  EXPECT_TRUE(stream.events(1, 1500ms).empty()) << stream.raw();
}

TEST(Alerts, StreamDeliversEachChangeOnceAndResumesWithLastEventId) {
  DemoEnv env({"--heartbeat-ms", "500"});
  auto manager = env.village_manager();
  EventReader live(env.port(), manager.token());
  std::this_thread::sleep_for(300ms);  // connected before the change
  int64_t item = due_tomorrow(env);
  auto first = live.events(1, 10s);
  ASSERT_EQ(first.size(), 1u) << live.raw();
  EXPECT_EQ(first[0].second["event"], "raised");
  EXPECT_EQ(first[0].second["alert"]["item_id"], item);
  int64_t alert_id = first[0].second["alert"]["id"];
  // Heartbeats keep the connection alive while nothing happens.
  live.events(2, 1500ms);
  EXPECT_NE(live.raw().find(": heartbeat"), std::string::npos);

  auto ack = manager.post("/api/v1/alerts/" + std::to_string(alert_id) + "/ack", "");
  ASSERT_EQ(ack.status, 200) << ack.body;
  EXPECT_EQ(ack.json()["state"], "acked");
  auto second = live.events(2, 10s);
  ASSERT_EQ(second.size(), 2u) << live.raw();
  EXPECT_EQ(second[1].second["event"], "acked");
  EXPECT_GT(second[1].first, second[0].first);
  auto again = manager.post("/api/v1/alerts/" + std::to_string(alert_id) + "/ack", "");
  EXPECT_EQ(again.status, 409) << again.body;

  // A client that saw the first event resumes with exactly the ones after it.
  EventReader resumed(env.port(), manager.token(), first[0].first);
  auto rest = resumed.events(1, 10s);
  ASSERT_GE(rest.size(), 1u) << resumed.raw();
  EXPECT_EQ(rest[0].first, second[1].first);
  EXPECT_EQ(rest[0].second["event"], "acked");
  EXPECT_EQ(resumed.events(2, 1500ms).size(), 1u);  // and nothing twice
}

TEST(Alerts, InboxFiltersAndRefusesBadParameters) {
  DemoEnv env;
  int64_t item = due_tomorrow(env);
  ASSERT_EQ(wait_for_alerts(env.village_manager(), item, 1).size(), 1u);
  auto sup = env.supervisor();
  EXPECT_EQ(sup.get("/api/v1/alerts?state=closed").status, 400);
  EXPECT_EQ(sup.get("/api/v1/alerts?level=late").status, 400);
  EXPECT_EQ(sup.get("/api/v1/alerts?org=" + url_encode("不存在村")).status, 400);
  auto due_soon = sup.get("/api/v1/alerts?level=due_soon&org=" + url_encode("吉照村")).json();
  bool found = false;
  for (const auto& a : due_soon["alerts"]) found = found || a["item_id"] == item;
  EXPECT_TRUE(found) << due_soon.dump();
  auto elsewhere = sup.get("/api/v1/alerts?org=" + url_encode("马田村")).json();
  for (const auto& a : elsewhere["alerts"]) EXPECT_NE(a["item_id"], item);
  EXPECT_EQ(env.anonymous().get("/api/v1/alerts").status, 401);
}

}  // namespace
}  // namespace e2e
