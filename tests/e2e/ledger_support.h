// What the fund ledger's end-to-end tests share: request bodies, creating funds and allocations
// over HTTP, reading an item's and a fund's totals, and the closing `audit verify`.
#pragma once

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "checks.h"
#include "harness.h"

namespace e2e::ledger {

using json = nlohmann::json;

// j[key] by value (an empty array when j is not an object or lacks it): safe to range over.
inline json array_at(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_array()) return json::array();
  return j[key];
}

using Headers = std::vector<std::pair<std::string, std::string>>;

inline std::string fund_path(int64_t id) { return "/api/v1/funds/" + std::to_string(id); }
inline std::string ledger_path(int64_t item) { return item_path(item) + "/ledger"; }
inline std::string allocations_path(int64_t item) { return item_path(item) + "/allocations"; }
inline std::string disbursements_path(int64_t item) { return item_path(item) + "/disbursements"; }
inline std::string disbursement_reversal(int64_t entry) {
  return "/api/v1/disbursements/" + std::to_string(entry) + "/reversal";
}
inline std::string allocation_reversal(int64_t entry) {
  return "/api/v1/allocations/" + std::to_string(entry) + "/reversal";
}

inline json fund_body(int64_t amount, const std::string& name = "2019年中央财政专项扶贫资金（测试）") {
  return {{"name", name}, {"source", "central"}, {"doc_no", "桂财农〔2019〕12号"},
          {"year", 2019}, {"amount_fen", amount}};
}

inline json disbursement_body(int64_t amount, const std::string& payee = "吉照村危改施工队") {
  return {{"amount_fen", amount}, {"payee", payee}, {"voucher_no", "记-2019-031"},
          {"payee_account", "6222021234567890123"}};
}

inline Headers key_header(const std::string& key) { return {{"Idempotency-Key", key}}; }

// `base` with `key` replaced by raw JSON text (or removed when raw is empty).
inline std::string body_with(json base, const std::string& key, const std::string& raw) {
  base.erase(key);
  if (raw.empty()) return base.dump();
  std::string text = base.dump();
  text.pop_back();  // '}'
  return text + (base.empty() ? "" : ",") + "\"" + key + "\":" + raw + "}";
}

inline int64_t id_of(const HttpResponse& r) {
  auto j = r.json();
  if (!j.is_object() || !j.contains("id") || !j["id"].is_number_integer()) return -1;
  return j["id"].get<int64_t>();
}

// A new fund by the township finance; -1 (with a failure recorded) if not 201.
inline int64_t make_fund(const DemoEnv& env, int64_t amount) {
  auto r = env.finance().post_json("/api/v1/funds", fund_body(amount));
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? id_of(r) : -1;
}

inline int64_t make_item(const DemoEnv& env, const std::string& village = "吉照村",
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
inline int64_t allocate(const DemoEnv& env, int64_t item, int64_t fund, int64_t amount) {
  auto r = env.finance().post_json(allocations_path(item),
                                   {{"fund_id", fund}, {"amount_fen", amount}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? id_of(r) : -1;
}

// A user created by the admin; returns its token ("" on failure).
inline std::string make_user(const DemoEnv& env, const std::string& name, const std::string& role,
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

inline std::ostream& operator<<(std::ostream& os, const Totals& t) {
  return os << "{item allocated " << t.allocated << " disbursed " << t.disbursed << " remaining "
            << t.remaining << " entries " << t.entries << " (disbursements " << t.disbursements
            << "); fund allocated " << t.fund_allocated << " disbursed " << t.fund_disbursed
            << " remaining " << t.fund_remaining << "; audit seq " << t.audit_seq << "}";
}

inline Totals totals(const DemoEnv& env, int64_t item, int64_t fund) {
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
inline int count_funds(const DemoEnv& env) {
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
inline json ledger_fund(const json& ledger, int64_t fund) {
  for (const auto& f : array_at(ledger, "funds")) {
    if (f.value("fund_id", int64_t{-1}) == fund) return f;
  }
  return nullptr;
}

inline json entry_by_id(const json& ledger, int64_t id) {
  for (const auto& e : array_at(ledger, "entries")) {
    if (e.value("id", int64_t{-1}) == id) return e;
  }
  return nullptr;
}

inline void expect_cli_verify(DemoEnv& env) {
  auto verify = env.supervisor().get("/api/v1/audit/verify");
  EXPECT_EQ(verify.json()["intact"], true) << verify.body;
  ASSERT_EQ(env.stop_server(), 0);
  auto cli = run_taizhang({"audit", "verify", "--db", env.db()});
  EXPECT_EQ(cli.exit_code, 0) << cli.out << cli.err;
}


}  // namespace e2e::ledger
