// The fund ledger over real HTTP (contract: funds, allocations, disbursements with an
// Idempotency-Key, reversals, the item ledger): the whole flow, 50 concurrent disbursements and
// retried keys. Every test creates its own fund and items and compares figures of those only, so
// demo funds or entries never matter. Refusals are in ledger_refusals_test.cc.
#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <set>
#include <thread>

#include "ledger_support.h"

namespace e2e {
namespace {

using namespace e2e::ledger;

// ---------------------------------------------------------------------------------------------

TEST(Ledger, FullFlowAllocateDisburseReverseWithExactTotals) {
  DemoEnv env;
  Api finance = env.finance();

  // The fund.
  const int64_t seq0 = env.audit_seq();
  auto created = finance.post_json("/api/v1/funds", fund_body(1'000'000));
  ASSERT_EQ(created.status, 201) << created.body;
  auto fund = created.json();
  const int64_t fund_id = id_of(created);
  EXPECT_EQ(fund["name"], "2019年中央财政专项扶贫资金（测试）");
  EXPECT_EQ(fund["source"], "central");
  EXPECT_EQ(fund["source_name"], "中央财政专项扶贫资金");
  EXPECT_EQ(fund["doc_no"], "桂财农〔2019〕12号");
  EXPECT_EQ(fund["year"], 2019);
  EXPECT_EQ(fund["amount_fen"], 1'000'000);
  EXPECT_EQ(fund["allocated_fen"], 0);
  EXPECT_EQ(fund["disbursed_fen"], 0);
  EXPECT_EQ(fund["remaining_fen"], 1'000'000);
  EXPECT_TRUE(fund.contains("created_at"));
  EXPECT_EQ(env.audit_seq(), seq0 + 1);
  EXPECT_EQ(fund.value("audit_seq", int64_t{-1}), seq0 + 1);
  auto got = env.supervisor().get(fund_path(fund_id));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json(), fund);
  EXPECT_EQ(env.village_manager().get(fund_path(fund_id)).status, 200);
  // The list filters by year and source.
  auto listed = finance.get("/api/v1/funds?year=2019&source=central&limit=100");
  ASSERT_EQ(listed.status, 200) << listed.body;
  bool found = false;
  for (const auto& f : array_at(listed.json(), "funds")) found |= f.value("id", int64_t{-1}) == fund_id;
  EXPECT_TRUE(found) << listed.body;
  // Paging: limit=1 over at least two funds gives a next_cursor that `cursor` takes.
  auto page1 = finance.get("/api/v1/funds?limit=1");
  ASSERT_EQ(page1.status, 200) << page1.body;
  auto p1 = page1.json();
  EXPECT_EQ(array_at(p1, "funds").size(), 1u) << page1.body;
  ASSERT_TRUE(p1.contains("next_cursor") && p1["next_cursor"].is_string()) << page1.body;
  const std::string cursor = p1["next_cursor"].get<std::string>();
  auto page2 = finance.get("/api/v1/funds?limit=1&cursor=" + url_encode(cursor));
  ASSERT_EQ(page2.status, 200) << page2.body;
  auto p2 = page2.json();
  ASSERT_EQ(array_at(p2, "funds").size(), 1u) << page2.body;
  EXPECT_NE(p2["funds"][0]["id"], p1["funds"][0]["id"]);
  auto other_source = finance.get("/api/v1/funds?source=social&limit=100");
  ASSERT_EQ(other_source.status, 200) << other_source.body;
  for (const auto& f : array_at(other_source.json(), "funds")) EXPECT_NE(f["id"], fund_id);

  const int64_t item = make_item(env);
  ASSERT_GT(item, 0);
  {
    auto l = finance.get(ledger_path(item));
    ASSERT_EQ(l.status, 200) << l.body;
    auto j = l.json();
    EXPECT_EQ(j["item_id"], item);
    EXPECT_EQ(j["allocated_fen"], 0);
    EXPECT_EQ(j["disbursed_fen"], 0);
    EXPECT_EQ(j["remaining_fen"], 0);
    EXPECT_TRUE(j["entries"].is_array() && j["entries"].empty()) << l.body;
  }

  // Allocate 6,000 元.
  auto alloc = finance.post_json(allocations_path(item),
                                 {{"fund_id", fund_id}, {"amount_fen", 600'000}, {"note", "第一批"}});
  ASSERT_EQ(alloc.status, 201) << alloc.body;
  auto a = alloc.json();
  const int64_t alloc_id = id_of(alloc);
  EXPECT_EQ(a["kind"], "allocation");
  EXPECT_EQ(a["item_id"], item);
  EXPECT_EQ(a["fund_id"], fund_id);
  EXPECT_EQ(a["amount_fen"], 600'000);
  EXPECT_EQ(a["note"], "第一批");
  EXPECT_EQ(a["postings"],
            json::array({{{"fund_id", fund_id}, {"allocated_fen", 600'000}, {"disbursed_fen", 0}}}));
  EXPECT_EQ(a.value("audit_seq", int64_t{-1}), env.audit_seq());
  EXPECT_TRUE(a.contains("at") && a.contains("actor_id")) << alloc.body;
  EXPECT_EQ(totals(env, item, fund_id),
            (Totals{600'000, 0, 600'000, 1, 0, 600'000, 0, 400'000, env.audit_seq()}));
  {
    auto j = finance.get(ledger_path(item)).json();
    auto f = ledger_fund(j, fund_id);
    ASSERT_TRUE(f.is_object()) << j.dump();
    EXPECT_EQ(f["name"], "2019年中央财政专项扶贫资金（测试）");
    EXPECT_EQ(f["allocated_fen"], 600'000);
    EXPECT_EQ(f["disbursed_fen"], 0);
  }

  // Disburse 2,500 元 with a key.
  auto paid = finance.post_json(disbursements_path(item), disbursement_body(250'000),
                                key_header("flow-disbursement-1"));
  ASSERT_EQ(paid.status, 201) << paid.body;
  EXPECT_NE(paid.header("idempotent-replayed").value_or(""), "true");
  auto d = paid.json();
  const int64_t disb_id = id_of(paid);
  EXPECT_EQ(d["kind"], "disbursement");
  EXPECT_EQ(d["item_id"], item);
  EXPECT_EQ(d["amount_fen"], 250'000);
  EXPECT_EQ(d["payee"], "吉照村危改施工队");
  EXPECT_EQ(d["voucher_no"], "记-2019-031");
  EXPECT_EQ(d["payee_account"], "6222021234567890123");
  EXPECT_EQ(d["postings"],
            json::array({{{"fund_id", fund_id}, {"allocated_fen", 0}, {"disbursed_fen", 250'000}}}));
  EXPECT_EQ(d.value("audit_seq", int64_t{-1}), env.audit_seq());
  EXPECT_EQ(totals(env, item, fund_id),
            (Totals{600'000, 250'000, 350'000, 2, 1, 600'000, 250'000, 400'000, env.audit_seq()}));

  // Reverse it: the totals go back, the disbursement names its reversal.
  auto rev = finance.post_json(disbursement_reversal(disb_id), {{"reason", "凭证号录入错误"}});
  ASSERT_EQ(rev.status, 201) << rev.body;
  auto r = rev.json();
  const int64_t rev_id = id_of(rev);
  EXPECT_EQ(r["kind"], "reversal");
  EXPECT_EQ(r["reverses"], disb_id);
  EXPECT_EQ(r["reason"], "凭证号录入错误");
  EXPECT_EQ(r["amount_fen"], 250'000);
  EXPECT_EQ(r["postings"], json::array({{{"fund_id", fund_id}, {"allocated_fen", 0},
                                         {"disbursed_fen", -250'000}}}));
  EXPECT_EQ(totals(env, item, fund_id),
            (Totals{600'000, 0, 600'000, 3, 1, 600'000, 0, 400'000, env.audit_seq()}));
  {
    auto j = finance.get(ledger_path(item)).json();
    EXPECT_EQ(entry_by_id(j, disb_id).value("reversed_by", int64_t{-1}), rev_id) << j.dump();
    auto f = ledger_fund(j, fund_id);
    EXPECT_EQ(f.value("disbursed_fen", int64_t{-1}), 0) << j.dump();
  }

  // Reversing twice: 409; reversing the reversal: 404 or 409. Nothing changes.
  const Totals after_reversal = totals(env, item, fund_id);
  EXPECT_TRUE(IsProblem(finance.post_json(disbursement_reversal(disb_id), {{"reason", "再次冲销"}}),
                        409, "conflict"));
  auto rr = finance.post_json(disbursement_reversal(rev_id), {{"reason", "冲销冲销"}});
  EXPECT_TRUE(rr.status == 404 || rr.status == 409) << rr.status << " " << rr.body;
  auto wrong_kind = finance.post_json(disbursement_reversal(alloc_id), {{"reason", "不是拨付"}});
  EXPECT_TRUE(wrong_kind.status == 404 || wrong_kind.status == 409)
      << "an allocation reversed as a disbursement: " << wrong_kind.status << " " << wrong_kind.body;
  EXPECT_EQ(totals(env, item, fund_id), after_reversal);

  // After the reversal the money can be paid again: all of it, and not a fen more.
  auto again = finance.post_json(disbursements_path(item), disbursement_body(600'000),
                                 key_header("flow-disbursement-2"));
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(totals(env, item, fund_id),
            (Totals{600'000, 600'000, 0, 4, 2, 600'000, 600'000, 400'000, env.audit_seq()}));
  const Totals full = totals(env, item, fund_id);
  EXPECT_TRUE(IsProblem(finance.post_json(disbursements_path(item), disbursement_body(1),
                                          key_header("flow-disbursement-3")),
                        422, "over_allocation"));
  // The allocation cannot be reversed while its money is paid out.
  EXPECT_TRUE(IsProblem(finance.post_json(allocation_reversal(alloc_id), {{"reason", "撤回"}}), 422,
                        "over_allocation"));
  EXPECT_EQ(totals(env, item, fund_id), full);

  // Readers: the manager of the item's unit, the supervisor; not a manager of another village.
  auto mine = env.village_manager().get(ledger_path(item));
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json()["disbursed_fen"], 600'000);
  EXPECT_EQ(mine.json()["entries"].size(), 4u);
  auto sup = env.supervisor().get(ledger_path(item));
  ASSERT_EQ(sup.status, 200) << sup.body;
  EXPECT_EQ(sup.json()["allocated_fen"], 600'000);
  EXPECT_EQ(env.township_manager().get(ledger_path(item)).status, 200);
  const std::string matian_token = make_user(env, "马田村包村干部（台账测试）", "manager", "马田村");
  ASSERT_FALSE(matian_token.empty());
  auto theirs = Api(env.port(), matian_token).get(ledger_path(item));
  EXPECT_TRUE(IsProblem(theirs, 404, "not_found"));
  EXPECT_TRUE(IsProblem(env.anonymous().get(ledger_path(item)), 401, "unauthenticated"));
  EXPECT_TRUE(IsProblem(finance.get(ledger_path(99'999'999)), 404, "not_found"));

  expect_cli_verify(env);
}

TEST(Ledger, FiftyConcurrentDisbursementsNeverExceedTheAllocation) {
  DemoEnv env;
  const int64_t fund = make_fund(env, 10'000'000);
  const int64_t item = make_item(env);
  ASSERT_GT(fund, 0);
  ASSERT_GT(item, 0);
  constexpr int64_t kAllocation = 1'000'000;
  ASSERT_GT(allocate(env, item, fund, kAllocation), 0);
  const int64_t seq0 = env.audit_seq();

  constexpr int kClients = 50;
  std::vector<std::unique_ptr<Connection>> connections;
  for (int i = 0; i < kClients; ++i) {
    connections.push_back(std::make_unique<Connection>(env.port()));
    ASSERT_TRUE(connections.back()->connected()) << "connection " << i;
  }
  const std::string body = disbursement_body(kAllocation / 10).dump();
  std::vector<int> statuses(kClients, 0);
  std::vector<std::string> codes(kClients);
  std::barrier start(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      const std::string request = build_request(
          "POST", disbursements_path(item), body,
          {{"Authorization", "Bearer " + env.token("镇财务")},
           {"Content-Type", "application/json"},
           {"Idempotency-Key", "concurrent-" + std::to_string(i)},
           {"Connection", "close"}});
      start.arrive_and_wait();
      Connection& c = *connections[i];
      if (!c.send_all(request)) return;
      auto r = c.read_response();
      if (!r) return;
      statuses[i] = r->status;
      codes[i] = r->code();
    });
  }
  for (auto& t : threads) t.join();

  int created = 0, refused = 0;
  std::map<std::string, int> other;
  for (int i = 0; i < kClients; ++i) {
    if (statuses[i] == 201) ++created;
    else if (statuses[i] == 422 && codes[i] == "over_allocation") ++refused;
    else ++other[std::to_string(statuses[i]) + " " + codes[i]];
  }
  EXPECT_EQ(created, 10);
  EXPECT_EQ(refused, 40);
  for (const auto& [what, n] : other) ADD_FAILURE() << n << " responses " << what;

  const Totals t = totals(env, item, fund);
  EXPECT_EQ(t.allocated, kAllocation);
  EXPECT_EQ(t.disbursed, kAllocation);
  EXPECT_EQ(t.remaining, 0);
  EXPECT_EQ(t.disbursements, 10u);
  EXPECT_EQ(t.entries, 11u);
  EXPECT_EQ(t.fund_allocated, kAllocation);
  EXPECT_EQ(t.fund_disbursed, kAllocation);
  EXPECT_EQ(t.fund_remaining, 10'000'000 - kAllocation);
  EXPECT_EQ(t.audit_seq, seq0 + 10) << "one audit record per accepted disbursement, none else";

  expect_cli_verify(env);
}

TEST(Ledger, RetriedDisbursementIsRecordedOnceAndReplayed) {
  DemoEnv env;
  const int64_t fund = make_fund(env, 10'000'000);
  const int64_t item = make_item(env);
  const int64_t other_item = make_item(env, "吉照村", "吉照村危房改造（另一户）");
  ASSERT_GT(fund, 0);
  ASSERT_GT(item, 0);
  ASSERT_GT(other_item, 0);
  ASSERT_GT(allocate(env, item, fund, 1'000'000), 0);
  ASSERT_GT(allocate(env, other_item, fund, 1'000'000), 0);
  const Totals before = totals(env, item, fund);

  const std::string key = "retry-2019-03-15-0001";
  const json body = disbursement_body(12'345, "马田村道路施工队");
  struct Answer {
    int status = 0;
    int64_t id = -1;
    std::string replayed, body;
  };
  std::vector<Answer> answers(20);
  {
    constexpr int kParallel = 10;
    std::vector<std::unique_ptr<Connection>> connections;
    for (int i = 0; i < kParallel; ++i) {
      connections.push_back(std::make_unique<Connection>(env.port()));
      ASSERT_TRUE(connections.back()->connected());
    }
    const std::string request =
        build_request("POST", disbursements_path(item), body.dump(),
                      {{"Authorization", "Bearer " + env.token("镇财务")},
                       {"Content-Type", "application/json"},
                       {"Idempotency-Key", key},
                       {"Connection", "close"}});
    std::barrier start(kParallel);
    std::vector<std::thread> threads;
    for (int i = 0; i < kParallel; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        if (!connections[i]->send_all(request)) return;
        auto r = connections[i]->read_response();
        if (!r) return;
        answers[i] = {r->status, id_of(*r), r->header("idempotent-replayed").value_or(""), r->body};
      });
    }
    for (auto& t : threads) t.join();
  }
  for (int i = 10; i < 20; ++i) {
    auto r = env.finance().post_json(disbursements_path(item), body, key_header(key));
    answers[i] = {r.status, id_of(r), r.header("idempotent-replayed").value_or(""), r.body};
  }

  int created = 0, replayed = 0;
  std::set<int64_t> ids;
  json original;
  for (const auto& a : answers) {
    ids.insert(a.id);
    if (a.status == 201) {
      ++created;
      EXPECT_NE(a.replayed, "true") << "the first answer is not a replay";
      original = json::parse(a.body, nullptr, false);
    } else if (a.status == 200) {
      ++replayed;
      EXPECT_EQ(a.replayed, "true") << "a replay without Idempotent-Replayed: true";
    } else {
      ADD_FAILURE() << "status " << a.status << " " << a.body;
    }
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(replayed, 19);
  EXPECT_EQ(ids.size(), 1u) << "every answer must carry the same entry id";
  // Sequential replays are answered with the original entry, field for field.
  for (int i = 10; i < 20; ++i) {
    EXPECT_EQ(json::parse(answers[i].body, nullptr, false), original) << answers[i].body;
  }

  Totals once = before;
  once.disbursed += 12'345;
  once.remaining -= 12'345;
  once.entries += 1;
  once.disbursements += 1;
  once.fund_disbursed += 12'345;
  once.audit_seq += 1;
  EXPECT_EQ(totals(env, item, fund), once);

  // The same key for something else: 409 naming what differs; nothing changes.
  auto differs = [&](const json& changed, const std::vector<std::string>& fields, int64_t target) {
    auto r = env.finance().post_json(disbursements_path(target), changed, key_header(key));
    EXPECT_TRUE(IsProblem(r, 409, "idempotency_conflict"));
    auto j = r.json();
    for (const auto& f : fields) {
      bool listed = false;
      for (const auto& g : array_at(j, "fields")) listed |= g == f;
      EXPECT_TRUE(listed) << "`fields` does not list " << f << ": " << r.body;
      EXPECT_NE(j.value("detail", "").find(f), std::string::npos)
          << "detail does not name " << f << ": " << r.body;
    }
  };
  json more = body;
  more["amount_fen"] = 12'346;
  differs(more, {"amount_fen"}, item);
  json payee = body;
  payee["payee"] = "另一个收款人";
  differs(payee, {"payee"}, item);
  json both = body;
  both["amount_fen"] = 1;
  both["payee"] = "另一个收款人";
  differs(both, {"amount_fen", "payee"}, item);
  json voucher = body;
  voucher["voucher_no"] = "记-2019-999";
  differs(voucher, {"voucher_no"}, item);
  differs(body, {}, other_item);  // the same body on another item
  EXPECT_EQ(totals(env, item, fund), once);
  EXPECT_EQ(totals(env, other_item, 0).disbursed, 0);

  // The key still replays after all that.
  auto last = env.finance().post_json(disbursements_path(item), body, key_header(key));
  EXPECT_EQ(last.status, 200) << last.body;
  EXPECT_EQ(id_of(last), *ids.begin());

  expect_cli_verify(env);
}

}  // namespace
}  // namespace e2e
