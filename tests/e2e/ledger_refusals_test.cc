// The fund ledger's refusals over real HTTP: a fund over-allocated, every bad amount and every
// client-supplied server field, missing keys, wrong roles and scopes — each answered with its
// error and nothing changed.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "ledger_support.h"

namespace e2e {
namespace {

using namespace e2e::ledger;

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
  Totals before_j = totals(env, jizhao, fund);
  Totals before_m = totals(env, matian, fund);
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

  // A finance user of 吉照村 on a 马田村 item answers as if it were absent (a 403 would confirm
  // the id); the 吉照村 manager may not write money at all.
  Api scoped(env.port(), finance_jz);
  EXPECT_TRUE(IsProblem(scoped.post_json(allocations_path(matian),
                                         {{"fund_id", fund}, {"amount_fen", 1000}}),
                        404, "not_found"));
  EXPECT_TRUE(IsProblem(scoped.post_json(disbursements_path(matian), disbursement_body(1000),
                                         key_header("roles-scoped-1")),
                        404, "not_found"));
  EXPECT_TRUE(IsProblem(scoped.post_json(disbursement_reversal(paid_id), {{"reason", "越权"}}), 404,
                        "not_found"));
  EXPECT_TRUE(IsProblem(env.village_manager().post_json(disbursements_path(matian),
                                                        disbursement_body(1000),
                                                        key_header("roles-scoped-2")),
                        403, "forbidden"));
  EXPECT_TRUE(IsProblem(env.village_manager().get(ledger_path(matian)), 404, "not_found"));
  // The four refused attempts on 马田村's money are recorded (the read by a write of its own, a
  // moment after its answer); nothing else changed.
  for (int i = 0; i < 50 && env.audit_seq() < before_m.audit_seq + 4; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(env.audit_seq(), before_m.audit_seq + 4);
  before_j.audit_seq = before_m.audit_seq = env.audit_seq();
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
