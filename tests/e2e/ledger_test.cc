// The fund ledger over real HTTP (contract: funds, allocations, disbursements with an
// Idempotency-Key, reversals, the item ledger). Every test creates its own fund and items and
// compares figures of those only, so demo funds or entries never matter.
#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <set>
#include <thread>

#include "checks.h"
#include "harness.h"

namespace e2e {
namespace {

using json = nlohmann::json;

// j[key] by value (an empty array when j is not an object or lacks it): safe to range over.
json array_at(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_array()) return json::array();
  return j[key];
}

using Headers = std::vector<std::pair<std::string, std::string>>;

std::string fund_path(int64_t id) { return "/api/v1/funds/" + std::to_string(id); }
std::string ledger_path(int64_t item) { return item_path(item) + "/ledger"; }
std::string allocations_path(int64_t item) { return item_path(item) + "/allocations"; }
std::string disbursements_path(int64_t item) { return item_path(item) + "/disbursements"; }
std::string disbursement_reversal(int64_t entry) {
  return "/api/v1/disbursements/" + std::to_string(entry) + "/reversal";
}
std::string allocation_reversal(int64_t entry) {
  return "/api/v1/allocations/" + std::to_string(entry) + "/reversal";
}

json fund_body(int64_t amount, const std::string& name = "2019年中央财政专项扶贫资金（测试）") {
  return {{"name", name}, {"source", "central"}, {"doc_no", "桂财农〔2019〕12号"},
          {"year", 2019}, {"amount_fen", amount}};
}

json disbursement_body(int64_t amount, const std::string& payee = "吉照村危改施工队") {
  return {{"amount_fen", amount}, {"payee", payee}, {"voucher_no", "记-2019-031"},
          {"payee_account", "6222021234567890123"}};
}

Headers key_header(const std::string& key) { return {{"Idempotency-Key", key}}; }

// `base` with `key` replaced by raw JSON text (or removed when raw is empty).
std::string body_with(json base, const std::string& key, const std::string& raw) {
  base.erase(key);
  if (raw.empty()) return base.dump();
  std::string text = base.dump();
  text.pop_back();  // '}'
  return text + (base.empty() ? "" : ",") + "\"" + key + "\":" + raw + "}";
}

int64_t id_of(const HttpResponse& r) {
  auto j = r.json();
  if (!j.is_object() || !j.contains("id") || !j["id"].is_number_integer()) return -1;
  return j["id"].get<int64_t>();
}

// A new fund by the township finance; -1 (with a failure recorded) if not 201.
int64_t make_fund(const DemoEnv& env, int64_t amount) {
  auto r = env.finance().post_json("/api/v1/funds", fund_body(amount));
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? id_of(r) : -1;
}

int64_t make_item(const DemoEnv& env, const std::string& village = "吉照村",
                  const std::string& title = "吉照村危房改造（台账测试）") {
  json item = village == "吉照村"
                  ? env.create_item(env.township_manager(), "housing_repair", title, village,
                                    {{"applicant", "户主"}, {"household_id", "JZ-9"}})
                  : env.create_item(env.township_manager(), "road", title, village,
                                    {{"length_m", 1800}});
  EXPECT_TRUE(item.is_object()) << "could not create an item in " << village;
  return item.is_object() ? item["id"].get<int64_t>() : -1;
}

// Allocates as the township finance; returns the entry id (-1 if not 201).
int64_t allocate(const DemoEnv& env, int64_t item, int64_t fund, int64_t amount) {
  auto r = env.finance().post_json(allocations_path(item),
                                   {{"fund_id", fund}, {"amount_fen", amount}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? id_of(r) : -1;
}

// A user created by the admin; returns its token ("" on failure).
std::string make_user(const DemoEnv& env, const std::string& name, const std::string& role,
                      const std::string& org) {
  auto r = env.admin().post_json("/api/v1/users",
                                 {{"name", name}, {"role", role}, {"orgs", {org}}});
  EXPECT_EQ(r.status, 201) << r.body;
  auto j = r.json();
  return r.status == 201 && j.contains("token") ? j["token"].get<std::string>() : "";
}

// Every figure a write could move: the item's ledger, the fund, the audit head.
struct Totals {
  int64_t allocated = -1, disbursed = -1, remaining = -1;
  size_t entries = 0, disbursements = 0;
  int64_t fund_allocated = -1, fund_disbursed = -1, fund_remaining = -1;
  int64_t audit_seq = -1;
  bool operator==(const Totals&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Totals& t) {
  return os << "{item allocated " << t.allocated << " disbursed " << t.disbursed << " remaining "
            << t.remaining << " entries " << t.entries << " (disbursements " << t.disbursements
            << "); fund allocated " << t.fund_allocated << " disbursed " << t.fund_disbursed
            << " remaining " << t.fund_remaining << "; audit seq " << t.audit_seq << "}";
}

Totals totals(const DemoEnv& env, int64_t item, int64_t fund) {
  Totals t;
  if (item > 0) {
    auto l = env.finance().get(ledger_path(item));
    auto j = l.json();
    if (l.status == 200 && j.is_object()) {
      t.allocated = j.value("allocated_fen", int64_t{-1});
      t.disbursed = j.value("disbursed_fen", int64_t{-1});
      t.remaining = j.value("remaining_fen", int64_t{-1});
      if (j["entries"].is_array()) {
        t.entries = j["entries"].size();
        for (const auto& e : j["entries"]) {
          if (e.value("kind", "") == "disbursement") ++t.disbursements;
        }
      }
    }
  }
  if (fund > 0) {
    auto f = env.finance().get(fund_path(fund));
    auto j = f.json();
    if (f.status == 200 && j.is_object()) {
      t.fund_allocated = j.value("allocated_fen", int64_t{-1});
      t.fund_disbursed = j.value("disbursed_fen", int64_t{-1});
      t.fund_remaining = j.value("remaining_fen", int64_t{-1});
    }
  }
  t.audit_seq = env.audit_seq();
  return t;
}

// The number of funds the finance user sees (every page).
int count_funds(const DemoEnv& env) {
  int n = 0;
  std::string after;
  for (int page = 0; page < 1000; ++page) {
    auto r = env.finance().get("/api/v1/funds?limit=100" +
                               (after.empty() ? "" : "&cursor=" + url_encode(after)));
    auto j = r.json();
    if (r.status != 200 || !j.is_object() || !j["funds"].is_array()) return -1;
    n += static_cast<int>(j["funds"].size());
    if (!j.contains("next_cursor") || !j["next_cursor"].is_string()) break;
    after = j["next_cursor"].get<std::string>();
  }
  return n;
}

// The entry of the item's ledger for `fund` in "funds".
json ledger_fund(const json& ledger, int64_t fund) {
  for (const auto& f : array_at(ledger, "funds")) {
    if (f.value("fund_id", int64_t{-1}) == fund) return f;
  }
  return nullptr;
}

json entry_by_id(const json& ledger, int64_t id) {
  for (const auto& e : array_at(ledger, "entries")) {
    if (e.value("id", int64_t{-1}) == id) return e;
  }
  return nullptr;
}

void expect_cli_verify(DemoEnv& env) {
  auto verify = env.supervisor().get("/api/v1/audit/verify");
  EXPECT_EQ(verify.json()["intact"], true) << verify.body;
  ASSERT_EQ(env.stop_server(), 0);
  auto cli = run_taizhang({"audit", "verify", "--db", env.db()});
  EXPECT_EQ(cli.exit_code, 0) << cli.out << cli.err;
}

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
  EXPECT_TRUE(IsProblem(theirs, 403, "forbidden") || IsProblem(theirs, 404, "not_found"))
      << theirs.status << " " << theirs.body;
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

TEST(Ledger, AllocationsBeyondTheFundAreInsufficientFund) {
  DemoEnv env;
  Api finance = env.finance();
  const int64_t fund = make_fund(env, 1'000'000);
  const int64_t a = make_item(env, "吉照村", "吉照村危房改造（甲户）");
  const int64_t b = make_item(env, "马田村", "马田村通屯道路（台账测试）");
  ASSERT_GT(fund, 0);
  ASSERT_GT(a, 0);
  ASSERT_GT(b, 0);

  // More than the whole fund at once.
  const Totals start_a = totals(env, a, fund);
  EXPECT_TRUE(IsProblem(finance.post_json(allocations_path(a),
                                          {{"fund_id", fund}, {"amount_fen", 1'000'001}}),
                        422, "insufficient_fund"));
  EXPECT_EQ(totals(env, a, fund), start_a);

  const int64_t alloc_a = allocate(env, a, fund, 600'000);
  ASSERT_GT(alloc_a, 0);
  const Totals before_a = totals(env, a, fund);
  const Totals before_b = totals(env, b, fund);
  EXPECT_TRUE(IsProblem(finance.post_json(allocations_path(b),
                                          {{"fund_id", fund}, {"amount_fen", 400'001}}),
                        422, "insufficient_fund"));
  EXPECT_EQ(totals(env, a, fund), before_a);
  EXPECT_EQ(totals(env, b, fund), before_b);
  EXPECT_EQ(before_b.entries, 0u);

  // Exactly what is left fits; then not one fen more, on either item.
  ASSERT_GT(allocate(env, b, fund, 400'000), 0);
  auto t = totals(env, b, fund);
  EXPECT_EQ(t.fund_allocated, 1'000'000);
  EXPECT_EQ(t.fund_remaining, 0);
  EXPECT_EQ(t.allocated, 400'000);
  const Totals full = t;
  EXPECT_TRUE(IsProblem(finance.post_json(allocations_path(a), {{"fund_id", fund}, {"amount_fen", 1}}),
                        422, "insufficient_fund"));
  EXPECT_TRUE(IsProblem(finance.post_json(allocations_path(b), {{"fund_id", fund}, {"amount_fen", 1}}),
                        422, "insufficient_fund"));
  EXPECT_EQ(totals(env, b, fund), full);

  // Reversing an allocation gives its money back to the fund.
  auto rev = finance.post_json(allocation_reversal(alloc_a), {{"reason", "项目调整"}});
  ASSERT_EQ(rev.status, 201) << rev.body;
  EXPECT_EQ(rev.json()["postings"], json::array({{{"fund_id", fund}, {"allocated_fen", -600'000},
                                                  {"disbursed_fen", 0}}}));
  auto ta = totals(env, a, fund);
  EXPECT_EQ(ta.allocated, 0);
  EXPECT_EQ(ta.fund_allocated, 400'000);
  EXPECT_EQ(ta.fund_remaining, 600'000);
  EXPECT_TRUE(IsProblem(finance.post_json(allocation_reversal(alloc_a), {{"reason", "再次"}}), 409,
                        "conflict"));
  ASSERT_GT(allocate(env, b, fund, 600'000), 0);
  EXPECT_EQ(totals(env, b, fund).allocated, 1'000'000);
  // An unknown fund or item.
  auto no_fund = finance.post_json(allocations_path(a), {{"fund_id", 99'999'999}, {"amount_fen", 1}});
  EXPECT_TRUE(IsProblem(no_fund, 404, "not_found") || IsInvalidField(no_fund, "fund_id"))
      << no_fund.status << " " << no_fund.body;
  EXPECT_TRUE(IsProblem(finance.post_json(allocations_path(99'999'999),
                                          {{"fund_id", fund}, {"amount_fen", 1}}),
                        404, "not_found"));

  expect_cli_verify(env);
}

TEST(Ledger, BadAmountsAndServerFieldsChangeNothing) {
  DemoEnv env;
  Api finance = env.finance();
  const int64_t fund = make_fund(env, 10'000'000);
  const int64_t item = make_item(env);
  ASSERT_GT(fund, 0);
  ASSERT_GT(item, 0);
  ASSERT_GT(allocate(env, item, fund, 1'000'000), 0);
  const Totals before = totals(env, item, fund);
  const int funds_before = count_funds(env);
  ASSERT_GE(funds_before, 1);

  const std::vector<std::string> bad_amounts = {"1.5",   "1e3",  "\"100\"", "0",    "-1",
                                                "10000000000001", "null", "",  "1.0",
                                                "true",  "[100]", "{}",     "\"\"",
                                                "18446744073709551616", "-0"};
  const std::vector<std::pair<std::string, std::string>> server_fields = {
      {"id", "1"},
      {"at", "\"2019-03-15T09:00:00+08:00\""},
      {"actor", "\"镇财务\""},
      {"actor_id", "1"},
      {"item_id", std::to_string(item)},
      {"kind", "\"allocation\""},
      {"allocated_fen", "100"},
      {"disbursed_fen", "100"},
      {"remaining_fen", "100"},
      {"audit_seq", "1"},
      {"postings", "[]"}};

  const json alloc_base = {{"fund_id", fund}, {"amount_fen", 1000}};
  const json disb_base = disbursement_body(1000);
  const json fund_base = fund_body(1000, "坏输入测试资金");
  int n = 0;
  auto check = [&](const std::string& what, const std::string& target, const std::string& body,
                   const std::string& field, bool with_key) {
    SCOPED_TRACE(what + " " + body);
    Headers h;
    if (with_key) h = key_header("bad-input-" + std::to_string(++n));
    EXPECT_TRUE(IsInvalidField(finance.post(target, body, h), field));
  };
  for (const auto& raw : bad_amounts) {
    check("allocation", allocations_path(item), body_with(alloc_base, "amount_fen", raw),
          "amount_fen", false);
    check("disbursement", disbursements_path(item), body_with(disb_base, "amount_fen", raw),
          "amount_fen", true);
    check("fund", "/api/v1/funds", body_with(fund_base, "amount_fen", raw), "amount_fen", false);
  }
  for (const auto& [key, raw] : server_fields) {
    check("allocation", allocations_path(item), body_with(alloc_base, key, raw), key, false);
    check("disbursement", disbursements_path(item), body_with(disb_base, key, raw), key, true);
  }
  for (const auto& [key, raw] : std::vector<std::pair<std::string, std::string>>{
           {"id", "1"},
           {"created_at", "\"2019-03-15T09:00:00+08:00\""},
           {"allocated_fen", "0"},
           {"disbursed_fen", "0"},
           {"remaining_fen", "1000"},
           {"audit_seq", "1"},
           {"source_name", "\"中央财政专项扶贫资金\""},
           {"actor_id", "1"}}) {
    check("fund", "/api/v1/funds", body_with(fund_base, key, raw), key, false);
  }
  // Other fields of the three bodies.
  check("fund", "/api/v1/funds", body_with(fund_base, "source", "\"bank\""), "source", false);
  check("fund", "/api/v1/funds", body_with(fund_base, "year", "\"2019\""), "year", false);
  check("fund", "/api/v1/funds", body_with(fund_base, "name", ""), "name", false);
  check("allocation", allocations_path(item), body_with(alloc_base, "fund_id", ""), "fund_id",
        false);
  check("allocation", allocations_path(item), body_with(alloc_base, "fund_id", "\"1\""),
        "fund_id", false);
  check("disbursement", disbursements_path(item), body_with(disb_base, "payee", ""), "payee", true);
  check("disbursement", disbursements_path(item), body_with(disb_base, "payee", "5"), "payee",
        true);

  EXPECT_EQ(totals(env, item, fund), before);
  EXPECT_EQ(count_funds(env), funds_before);

  // A key used only by refused requests is still free; the bounds themselves are accepted.
  auto ok = finance.post_json(disbursements_path(item), disbursement_body(1), key_header("bad-input-1"));
  EXPECT_EQ(ok.status, 201) << ok.body;
  auto top = finance.post_json("/api/v1/funds", fund_body(10'000'000'000'000, "上限测试资金"));
  EXPECT_EQ(top.status, 201) << top.body;
  EXPECT_EQ(top.json()["amount_fen"], 10'000'000'000'000);
  auto low = finance.post_json("/api/v1/funds", fund_body(1, "下限测试资金"));
  EXPECT_EQ(low.status, 201) << low.body;
  EXPECT_EQ(count_funds(env), funds_before + 2);

  expect_cli_verify(env);
}

TEST(Ledger, KeysRolesAndScopes) {
  DemoEnv env;
  Api finance = env.finance();
  const int64_t fund = make_fund(env, 10'000'000);
  const int64_t jizhao = make_item(env);
  const int64_t matian = make_item(env, "马田村", "马田村通屯道路（权限测试）");
  ASSERT_GT(fund, 0);
  ASSERT_GT(jizhao, 0);
  ASSERT_GT(matian, 0);
  ASSERT_GT(allocate(env, jizhao, fund, 1'000'000), 0);
  ASSERT_GT(allocate(env, matian, fund, 1'000'000), 0);
  auto paid = finance.post_json(disbursements_path(matian), disbursement_body(1000),
                                key_header("roles-1"));
  ASSERT_EQ(paid.status, 201) << paid.body;
  const int64_t paid_id = id_of(paid);
  const std::string finance_jz = make_user(env, "吉照村报账员", "finance", "吉照村");
  ASSERT_FALSE(finance_jz.empty());
  const Totals before_j = totals(env, jizhao, fund);
  const Totals before_m = totals(env, matian, fund);
  const int funds_before = count_funds(env);
  auto unchanged = [&] {
    EXPECT_EQ(totals(env, jizhao, fund), before_j);
    EXPECT_EQ(totals(env, matian, fund), before_m);
    EXPECT_EQ(count_funds(env), funds_before);
  };

  // The Idempotency-Key: required, 1..128 printable ASCII.
  EXPECT_TRUE(IsInvalidField(finance.post_json(disbursements_path(matian), disbursement_body(1000)),
                             "Idempotency-Key"));
  EXPECT_TRUE(IsInvalidField(finance.post_json(disbursements_path(matian), disbursement_body(1000),
                                               key_header(std::string(129, 'k'))),
                             "Idempotency-Key"));
  EXPECT_TRUE(IsInvalidField(finance.post_json(disbursements_path(matian), disbursement_body(1000),
                                               key_header("")),
                             "Idempotency-Key"));
  unchanged();

  // Managers and supervisors read but never write money.
  for (const char* name : {"镇项目负责人", "镇督查", "吉照村包村干部"}) {
    SCOPED_TRACE(name);
    const Api who = env.as(name);
    EXPECT_TRUE(IsProblem(who.post_json("/api/v1/funds", fund_body(1000)), 403, "forbidden"));
    EXPECT_TRUE(IsProblem(who.post_json(allocations_path(jizhao),
                                        {{"fund_id", fund}, {"amount_fen", 1000}}),
                          403, "forbidden"));
    EXPECT_TRUE(IsProblem(who.post_json(disbursements_path(jizhao), disbursement_body(1000),
                                        key_header("roles-forbidden")),
                          403, "forbidden"));
    EXPECT_TRUE(IsProblem(who.post_json(disbursement_reversal(paid_id), {{"reason", "无权冲销"}}),
                          403, "forbidden"));
  }
  EXPECT_TRUE(IsProblem(env.anonymous().post_json("/api/v1/funds", fund_body(1000)), 401,
                        "unauthenticated"));
  unchanged();

  // A finance user of 吉照村 on a 马田村 item; the 吉照村 manager likewise.
  Api scoped(env.port(), finance_jz);
  EXPECT_TRUE(IsProblem(scoped.post_json(allocations_path(matian),
                                         {{"fund_id", fund}, {"amount_fen", 1000}}),
                        403, "forbidden"));
  EXPECT_TRUE(IsProblem(scoped.post_json(disbursements_path(matian), disbursement_body(1000),
                                         key_header("roles-scoped-1")),
                        403, "forbidden"));
  EXPECT_TRUE(IsProblem(scoped.post_json(disbursement_reversal(paid_id), {{"reason", "越权"}}), 403,
                        "forbidden"));
  EXPECT_TRUE(IsProblem(env.village_manager().post_json(disbursements_path(matian),
                                                        disbursement_body(1000),
                                                        key_header("roles-scoped-2")),
                        403, "forbidden"));
  auto peek = env.village_manager().get(ledger_path(matian));
  EXPECT_TRUE(peek.status == 403 || peek.status == 404) << peek.status << " " << peek.body;
  unchanged();

  // The same finance user on its own village's item may write.
  auto own = scoped.post_json(disbursements_path(jizhao), disbursement_body(1000),
                              key_header("roles-scoped-own"));
  EXPECT_EQ(own.status, 201) << own.body;
  EXPECT_EQ(totals(env, jizhao, fund).disbursed, 1000);

  expect_cli_verify(env);
}

}  // namespace
}  // namespace e2e
