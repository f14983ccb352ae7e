// kill -9 during a stream of keyed disbursements: after a restart, retrying every request whose
// answer was lost with the same Idempotency-Key and body records it exactly once, and the ledger
// holds exactly the acknowledged money.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "checks.h"
#include "harness.h"

namespace e2e {
namespace {

using json = nlohmann::json;

struct Attempt {
  std::string key;
  std::string body;
  int64_t amount = 0;
  int status = 0;  // 0: the answer was lost
  std::string answer;
};

TEST(LedgerDurability, KillNineMidStreamThenRetryRecordsEachKeyOnce) {
  DemoEnv env;
  Api finance = env.finance();
  auto fund = finance.post_json("/api/v1/funds", {{"name", "2019年自治区财政专项扶贫资金（持久性测试）"},
                                                  {"source", "region"},
                                                  {"doc_no", "桂财农〔2019〕99号"},
                                                  {"year", 2019},
                                                  {"amount_fen", 1'000'000'000'000}});
  ASSERT_EQ(fund.status, 201) << fund.body;
  const int64_t fund_id = fund.json()["id"].get<int64_t>();
  auto item = env.create_item(env.township_manager(), "housing_repair", "吉照村危房改造（持久性）",
                              "吉照村", {{"applicant", "户主"}, {"household_id", "JZ-9"}});
  ASSERT_TRUE(item.is_object());
  const int64_t item_id = item["id"].get<int64_t>();
  const std::string target = item_path(item_id) + "/disbursements";
  auto alloc = finance.post_json(item_path(item_id) + "/allocations",
                                 {{"fund_id", fund_id}, {"amount_fen", 10'000'000'000}});
  ASSERT_EQ(alloc.status, 201) << alloc.body;

  // Each client sends its own keyed disbursements over a keep-alive connection until the first
  // lost answer (the server is gone); the one in flight then is recorded with status 0.
  constexpr int kClients = 8;
  constexpr int kPerClient = 2000;
  std::vector<std::vector<Attempt>> attempts(kClients);
  std::atomic<int> acked{0};
  std::atomic<bool> stop{false};
  const std::string token = env.token("镇财务");
  const uint16_t port = env.port();
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      Connection conn(port, std::chrono::milliseconds(10'000));
      for (int i = 0; i < kPerClient && !stop; ++i) {
        Attempt a;
        a.key = "kill9-" + std::to_string(c) + "-" + std::to_string(i);
        a.amount = 100 + (c * 7 + i) % 50;
        a.body = json{{"amount_fen", a.amount},
                      {"payee", "施工队" + std::to_string(c)},
                      {"voucher_no", "记-" + std::to_string(c) + "-" + std::to_string(i)}}
                     .dump();
        auto r = conn.request("POST", target, a.body,
                              {{"Authorization", "Bearer " + token},
                               {"Content-Type", "application/json"},
                               {"Idempotency-Key", a.key}});
        if (r) {
          a.status = r->status;
          a.answer = r->body;
          if (r->status == 201) ++acked;
        }
        attempts[c].push_back(std::move(a));
        if (!r) return;
      }
    });
  }
  for (int i = 0; i < 6000 && acked < 150; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const int at_kill = acked.load();
  env.server().kill9();
  int sig = 0;
  env.server().wait(std::chrono::seconds(30), &sig);
  EXPECT_EQ(sig, SIGKILL);
  stop = true;
  for (auto& t : clients) t.join();
  ASSERT_GE(at_kill, 150) << "the stream never got going";

  size_t total = 0, lost = 0;
  for (const auto& per : attempts) {
    for (const auto& a : per) {
      ++total;
      if (a.status == 0) ++lost;
      else EXPECT_EQ(a.status, 201) << a.key << ": " << a.answer;
    }
  }
  EXPECT_LT(total, size_t{kClients * kPerClient})
      << "the kill came after the stream had finished; nothing was tested";
  EXPECT_GE(lost, 1u) << "no answer was lost: the kill tested nothing";

  // The database as kill -9 left it verifies.
  auto raw = run_taizhang({"audit", "verify", "--db", env.db()});
  EXPECT_EQ(raw.exit_code, 0) << raw.out << raw.err;

  // Restart; retry every lost request with the same key and body.
  env.start_server();
  int created_on_retry = 0, replayed_on_retry = 0;
  Api again = env.finance();
  for (auto& per : attempts) {
    for (auto& a : per) {
      if (a.status != 0) continue;
      auto r = again.post(target, a.body, {{"Idempotency-Key", a.key}});
      a.answer = r.body;
      if (r.status == 201) {
        ++created_on_retry;
        a.status = 201;
      } else if (r.status == 200) {
        ++replayed_on_retry;
        a.status = 200;
        EXPECT_EQ(r.header("idempotent-replayed").value_or(""), "true") << a.key;
      } else {
        ADD_FAILURE() << "retry of " << a.key << ": " << r.status << " " << r.body;
      }
      // A second retry of the same request is always a replay of the same entry.
      auto twice = again.post(target, a.body, {{"Idempotency-Key", a.key}});
      EXPECT_EQ(twice.status, 200) << twice.body;
      EXPECT_EQ(twice.json().value("id", int64_t{-1}), r.json().value("id", int64_t{-2}));
    }
  }
  EXPECT_EQ(static_cast<size_t>(created_on_retry + replayed_on_retry), lost);
  // At most one request per client was in flight at the kill.
  EXPECT_LE(replayed_on_retry, kClients);

  // Every key has exactly one entry, and the money is exactly what was acknowledged.
  int64_t acknowledged_fen = 0;
  size_t keys = 0;
  for (const auto& per : attempts) {
    for (const auto& a : per) {
      if (a.status == 201 || a.status == 200) {
        acknowledged_fen += a.amount;
        ++keys;
      }
    }
  }
  EXPECT_EQ(keys, total);
  auto ledger = again.get(item_path(item_id) + "/ledger");
  ASSERT_EQ(ledger.status, 200) << ledger.body;
  auto l = ledger.json();
  size_t disbursements = 0;
  for (const auto& e : l["entries"]) disbursements += e.value("kind", "") == "disbursement";
  EXPECT_EQ(disbursements, keys);
  EXPECT_EQ(l["disbursed_fen"], acknowledged_fen);
  EXPECT_EQ(l["allocated_fen"], 10'000'000'000);
  EXPECT_EQ(l["remaining_fen"], 10'000'000'000 - acknowledged_fen);
  auto f = again.get("/api/v1/funds/" + std::to_string(fund_id)).json();
  EXPECT_EQ(f["disbursed_fen"], acknowledged_fen);

  ASSERT_EQ(env.stop_server(), 0);
  const std::string where = " FROM ledger_entries WHERE item_id = " + std::to_string(item_id) +
                            " AND kind = 'disbursement'";
  EXPECT_EQ(query_sql(env.db(), "SELECT count(*)" + where), std::to_string(keys));
  EXPECT_EQ(query_sql(env.db(), "SELECT count(DISTINCT idempotency_key)" + where),
            std::to_string(keys));
  EXPECT_EQ(query_sql(env.db(), "SELECT count(*)" + where + " AND idempotency_key LIKE 'kill9-%'"),
            std::to_string(keys));
  EXPECT_EQ(query_sql(env.db(), "SELECT sum(amount_fen)" + where), std::to_string(acknowledged_fen));
  // Each attempted key individually (a few thousand at most: one query).
  std::string in;
  for (const auto& per : attempts) {
    for (const auto& a : per) in += (in.empty() ? "'" : ",'") + a.key + "'";
  }
  EXPECT_EQ(query_sql(env.db(), "SELECT count(*) FROM ledger_entries WHERE idempotency_key IN (" +
                                    in + ")"),
            std::to_string(keys));
  EXPECT_EQ(query_sql(env.db(), "SELECT count(*) FROM (SELECT idempotency_key FROM ledger_entries "
                                "WHERE idempotency_key IS NOT NULL GROUP BY idempotency_key "
                                "HAVING count(*) > 1)"),
            "0");

  auto cli = run_taizhang({"audit", "verify", "--db", env.db()});
  EXPECT_EQ(cli.exit_code, 0) << cli.out << cli.err;
}

}  // namespace
}  // namespace e2e
