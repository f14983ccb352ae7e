// 200 simultaneous transitions on one item with the same If-Match: exactly one wins.
#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <thread>

#include "checks.h"
#include "harness.h"

namespace e2e {
namespace {

TEST(Concurrency, TwoHundredTransitionsWithTheSameIfMatchExactlyOneSucceeds) {
  // 200 clients on one address at once: above the per-address default of 128.
  DemoEnv env({"--max-connections-per-address", "256"});
  Api manager = env.village_manager();
  auto item = env.create_item(manager, "plan_task", "并发测试", "吉照村");
  ASSERT_TRUE(item.is_object());
  const int64_t id = item["id"].get<int64_t>();
  const State before = state_of(env, id);
  ASSERT_EQ(before.item_version, 1);

  constexpr int kClients = 200;
  const std::string request =
      build_request("POST", transitions_path(id), "{\"action\":\"start\",\"comment\":\"并发\"}",
                    {{"Authorization", "Bearer " + env.token("吉照村包村干部")},
                     {"Content-Type", "application/json"},
                     {"If-Match", "\"1\""},
                     {"Connection", "close"}});
  std::vector<int> statuses(kClients, 0);
  std::vector<std::string> codes(kClients);
  std::vector<std::unique_ptr<Connection>> connections;
  for (int i = 0; i < kClients; ++i) {
    connections.push_back(std::make_unique<Connection>(env.port()));
    ASSERT_TRUE(connections.back()->connected()) << "connection " << i;
  }
  std::barrier start(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();  // every client connected; all send at once
      Connection& c = *connections[i];
      if (!c.send_all(request)) return;
      auto r = c.read_response();
      if (!r) return;
      statuses[i] = r->status;
      codes[i] = r->code();
    });
  }
  for (auto& t : threads) t.join();

  int ok = 0, conflict = 0;
  std::map<int, int> other;
  for (int i = 0; i < kClients; ++i) {
    if (statuses[i] == 200) {
      ++ok;
    } else if (statuses[i] == 412 && codes[i] == "version_conflict") {
      ++conflict;
    } else {
      ++other[statuses[i]];
    }
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(conflict, kClients - 1);
  for (const auto& [status, n] : other) ADD_FAILURE() << n << " responses with status " << status;

  const State after = state_of(env, id);
  EXPECT_EQ(after.item_version, before.item_version + 1);
  EXPECT_EQ(after.item_stage, "in_progress");
  EXPECT_EQ(after.audit_seq, before.audit_seq + 1);
  auto history = manager.get(item_path(id) + "/history").json()["history"];
  EXPECT_EQ(history.size(), 2u);

  auto verify = env.supervisor().get("/api/v1/audit/verify");
  EXPECT_EQ(verify.json()["intact"], true) << verify.body;
  ASSERT_EQ(env.stop_server(), 0);
  auto cli = run_taizhang({"audit", "verify", "--db", env.db()});
  EXPECT_EQ(cli.exit_code, 0) << cli.out << cli.err;
}

TEST(Concurrency, ParallelTransitionsOnDifferentItemsAllCommit) {
  // Group commit must not lose or mix up independent writes.
  DemoEnv env;
  Api manager = env.village_manager();
  constexpr int kItems = 64;
  std::vector<int64_t> ids;
  for (int i = 0; i < kItems; ++i) {
    auto item = env.create_item(manager, "plan_task", "并行任务 " + std::to_string(i), "吉照村");
    ASSERT_TRUE(item.is_object());
    ids.push_back(item["id"].get<int64_t>());
  }
  const int64_t seq0 = env.audit_seq();
  std::vector<int> statuses(kItems, 0);
  std::barrier start(kItems);
  std::vector<std::thread> threads;
  for (int i = 0; i < kItems; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      statuses[i] = manager.post_json(transitions_path(ids[i]), {{"action", "start"}},
                                      {{"If-Match", "\"1\""}})
                        .status;
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < kItems; ++i) EXPECT_EQ(statuses[i], 200) << "item " << ids[i];
  EXPECT_EQ(env.audit_seq(), seq0 + kItems);
  for (int64_t id : ids) EXPECT_EQ(env.get_item(id)["stage"], "in_progress") << id;
  ASSERT_EQ(env.stop_server(), 0);
  auto cli = run_taizhang({"audit", "verify", "--db", env.db()});
  EXPECT_EQ(cli.exit_code, 0) << cli.out << cli.err;
}

}  // namespace
}  // namespace e2e
