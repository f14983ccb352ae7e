// Refusals by the domain: a stale version, an action not available from the stage, another
// unit's item, a role without the action, no or a bad token, an unmet guard, fields outside the
// workflow's declarations. Each shows the error and that nothing changed.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "bad_input.h"
#include "checks.h"
#include "harness.h"

namespace e2e {
namespace {

TEST_F(BadInput, StaleIfMatchIs412) {
  Api m = env_->village_manager();
  auto moved = m.post_json(transitions_path(item_id_), {{"action", "start"}}, {{"If-Match", "\"1\""}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  rebase();
  ASSERT_EQ(before_.item_version, 2);
  for (const std::string tag : {"\"1\"", "W/\"1\"", "1", "\"3\"", "\"999\""}) {
    SCOPED_TRACE(tag);
    auto r = m.post_json(transitions_path(item_id_), {{"action", "complete"}}, {{"If-Match", tag}});
    EXPECT_TRUE(IsProblem(r, 412, "version_conflict"));
  }
  expect_unchanged();
}

TEST_F(BadInput, ActionNotAvailableFromTheStageIs409) {
  Api m = env_->village_manager();
  for (const char* action : {"complete", "verify", "send_back", "fly", "START"}) {
    SCOPED_TRACE(action);
    EXPECT_TRUE(IsProblem(m.post_json(transitions_path(item_id_), {{"action", action}}), 409,
                          "illegal_transition"));
  }
  expect_unchanged();
}

// Another unit's item answers 404 like an absent one (a 403 would confirm the id exists);
// creating in another unit, where the unit is named by the caller, stays 403.
TEST_F(BadInput, ManagerOfAnotherUnitGets404ForItsItems) {
  // The demo road item is in 马田村; the manager is scoped to 吉照村.
  auto list = env_->township_manager().get("/api/v1/items?org=" + url_encode("马田村") + "&limit=200");
  ASSERT_EQ(list.status, 200);
  ASSERT_FALSE(list.json()["items"].empty());
  const int64_t matian = list.json()["items"][0]["id"].get<int64_t>();
  const auto matian_before = env_->get_item(matian);
  Api m = env_->village_manager();
  auto first_action = matian_before.contains("actions") && !matian_before["actions"].empty()
                          ? matian_before["actions"][0]["action"].get<std::string>()
                          : std::string("start");
  EXPECT_TRUE(IsProblem(m.post_json(transitions_path(matian), {{"action", first_action}}), 404,
                        "not_found"));
  EXPECT_TRUE(IsProblem(m.get(item_path(matian)), 404, "not_found"));
  EXPECT_TRUE(IsProblem(m.get(item_path(matian) + "/history"), 404, "not_found"));
  EXPECT_TRUE(IsProblem(
      m.post_json("/api/v1/items",
                  {{"workflow", "plan_task"}, {"title", "越权"}, {"org", "马田村"}, {"plan_year", 2019}}),
      403, "forbidden"));
  // Listing another unit yields nothing, not its items.
  auto other = m.get("/api/v1/items?org=" + url_encode("马田村"));
  ASSERT_EQ(other.status, 200);
  EXPECT_TRUE(other.json()["items"].empty()) << other.body;
  EXPECT_EQ(env_->get_item(matian)["version"], matian_before["version"]);
  // Nothing changed but the audit records of the three refused attempts on the 马田村 item (a
  // refused read is recorded by a write of its own, a moment after the answer).
  State after = state_of(*env_, item_id_);
  for (int i = 0; i < 50 && after.audit_seq < before_.audit_seq + 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    after = state_of(*env_, item_id_);
  }
  EXPECT_EQ(after.audit_seq, before_.audit_seq + 3);
  after.audit_seq = before_.audit_seq;
  EXPECT_EQ(after, before_);
}

TEST_F(BadInput, RoleWithoutTheActionIs403) {
  EXPECT_TRUE(IsProblem(env_->finance().post_json(transitions_path(item_id_), {{"action", "start"}}),
                        403, "forbidden"));
  EXPECT_TRUE(IsProblem(
      env_->supervisor().post_json(transitions_path(item_id_), {{"action", "start"}}), 403,
      "forbidden"));
  EXPECT_TRUE(IsProblem(
      env_->finance().post_json("/api/v1/items", {{"workflow", "plan_task"},
                                                  {"title", "财务建项"},
                                                  {"org", "吉照村"},
                                                  {"plan_year", 2019}}),
      403, "forbidden"));
  expect_unchanged();
}

TEST_F(BadInput, NoOrBadTokenIs401) {
  const std::string body = "{\"action\":\"start\"}";
  const std::string good = env_->token("吉照村包村干部");
  const std::vector<std::vector<std::pair<std::string, std::string>>> variants = {
      {},
      {{"Authorization", "Bearer "}},
      {{"Authorization", "Bearer not-a-token"}},
      {{"Authorization", "Bearer " + good + "x"}},
      {{"Authorization", "Bearer " + good.substr(1)}},
      {{"Authorization", "Basic " + good}},
      {{"Authorization", good}},
      {{"Authorization", "Bearer " + std::string(5000, 'a')}},
      {{"Authorization", "Bearer ' OR '1'='1"}},
  };
  for (const auto& headers : variants) {
    SCOPED_TRACE(headers.empty() ? "no header" : headers[0].second.substr(0, 40));
    for (const auto& [method, target] :
         std::vector<std::pair<std::string, std::string>>{{"POST", transitions_path(item_id_)},
                                                          {"POST", "/api/v1/items"},
                                                          {"GET", "/api/v1/items"},
                                                          {"GET", "/api/v1/me"},
                                                          {"GET", "/api/v1/audit/head"}}) {
      Connection c(env_->port());
      auto all = headers;
      all.emplace_back("Connection", "close");
      auto r = c.request(method, target, method == "POST" ? body : "", all);
      ASSERT_TRUE(r.has_value());
      EXPECT_TRUE(IsProblem(*r, 401, "unauthenticated")) << method << " " << target;
      EXPECT_TRUE(r->header("www-authenticate").has_value());
    }
  }
  expect_unchanged();
}

TEST_F(BadInput, GuardNotMetIs422WithBlockedBy) {
  Api m = env_->village_manager();
  ASSERT_EQ(m.post_json(transitions_path(item_id_), {{"action", "start"}}).status, 200);
  ASSERT_EQ(m.post_json(transitions_path(item_id_), {{"action", "complete"}}).status, 200);
  rebase();
  ASSERT_EQ(before_.item_stage, "done");
  for (const nlohmann::json& body :
       {nlohmann::json{{"action", "send_back"}}, nlohmann::json{{"action", "send_back"}, {"comment", "   "}},
        nlohmann::json{{"action", "send_back"}, {"comment", "\n\t"}}}) {
    SCOPED_TRACE(body.dump());
    auto r = env_->supervisor().post_json(transitions_path(item_id_), body);
    ASSERT_TRUE(IsProblem(r, 422, "guard_failed"));
    auto blocked = r.json()["blocked_by"];
    ASSERT_TRUE(blocked.is_array());
    ASSERT_EQ(blocked.size(), 1u);
    EXPECT_EQ(blocked[0]["guard"], "comment");
  }
  expect_unchanged();

  // housing_repair: submit_verification needs the applicant and household_id fields.
  auto house = env_->create_item(m, "housing_repair", "危房改造申请", "吉照村");
  ASSERT_TRUE(house.is_object());
  const int64_t hid = house["id"].get<int64_t>();
  State house_before = state_of(*env_, hid);
  auto r = m.post_json(transitions_path(hid), {{"action", "submit_verification"}});
  ASSERT_TRUE(IsProblem(r, 422, "guard_failed"));
  std::set<std::string> fields;
  const auto problem = r.json();
  for (const auto& b : problem["blocked_by"]) {
    EXPECT_EQ(b["guard"], "field");
    fields.insert(b.value("field", ""));
  }
  EXPECT_EQ(fields, (std::set<std::string>{"applicant", "household_id"}));
  // One of the two supplied: still blocked, by the other.
  auto r2 = m.post_json(transitions_path(hid),
                        {{"action", "submit_verification"}, {"fields", {{"applicant", "张三"}}}});
  ASSERT_TRUE(IsProblem(r2, 422, "guard_failed"));
  ASSERT_EQ(r2.json()["blocked_by"].size(), 1u);
  EXPECT_EQ(r2.json()["blocked_by"][0]["field"], "household_id");
  EXPECT_EQ(state_of(*env_, hid), house_before);
  // Blocked fields were not merged into the item.
  EXPECT_FALSE(env_->get_item(hid)["fields"].contains("applicant"));
  // Both supplied: it moves.
  auto ok = m.post_json(transitions_path(hid),
                        {{"action", "submit_verification"},
                         {"fields", {{"applicant", "张三"}, {"household_id", "JZ-2019-009"}}}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json()["stage"], "verification");
}

// Item fields follow the workflow's declarations: an undeclared key or a value of the wrong
// type is invalid_field naming it, on creation and on a transition, and nothing is written.
TEST_F(BadInput, FieldsOutsideTheWorkflowsDeclarationsAreRefused) {
  struct Case {
    const char* fields;  // raw JSON of `fields`
    const char* path;
  };
  const Case on_plan_task[] = {
      {"{\"colour\":\"red\"}", "fields.colour"},
      {"{\"households\":\"42\"}", "fields.households"},
      {"{\"households\":true}", "fields.households"},
      {"{\"start_on\":\"2019-02-30\"}", "fields.start_on"},
      {"{\"start_on\":\"0000-01-01\"}", "fields.start_on"},
      {"{\"note\":[\"a\"]}", "fields.note"},
      {"{\"note\":{\"a\":1}}", "fields.note"},
  };
  for (const auto& c : on_plan_task) {
    SCOPED_TRACE(c.fields);
    EXPECT_TRUE(IsInvalidField(create_raw(creation_with("fields", c.fields)), c.path));
    EXPECT_TRUE(IsInvalidField(
        transition_raw(std::string("{\"action\":\"start\",\"fields\":") + c.fields + "}"),
        c.path));
  }
  nlohmann::json house = {{"workflow", "housing_repair"},
                          {"title", "危房改造：韦某某"},
                          {"org", "吉照村"},
                          {"plan_year", 2019}};
  const std::pair<nlohmann::json, const char*> on_housing[] = {
      {{{"danger_grade", "E"}}, "fields.danger_grade"},
      {{{"repair_mode", "翻新"}}, "fields.repair_mode"},
      {{{"subsidy_fen", -1}}, "fields.subsidy_fen"},
      {{{"subsidy_fen", 35000.5}}, "fields.subsidy_fen"},
      {{{"subsidy_fen", int64_t{10'000'000'000'001}}}, "fields.subsidy_fen"},
      {{{"old_house_demolished", "是"}}, "fields.old_house_demolished"},
      {{{"length_m", 1800}}, "fields.length_m"},  // a road's field, not a house's
  };
  for (const auto& [fields, path] : on_housing) {
    SCOPED_TRACE(fields.dump());
    nlohmann::json body = house;
    body["fields"] = fields;
    auto refused = env_->village_manager().post_json("/api/v1/items", body);
    EXPECT_TRUE(IsInvalidField(refused, path));
  }
  expect_unchanged();
  // Declared keys of the right types are taken, and null clears one.
  nlohmann::json good = house;
  good["fields"] = {{"danger_grade", "D"},
                    {"repair_mode", "重建"},
                    {"subsidy_fen", 3500000},
                    {"old_house_demolished", false},
                    {"acceptance_on", nullptr}};
  auto made = env_->village_manager().post_json("/api/v1/items", good);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json()["fields"]["subsidy_fen"], 3500000);
}

}  // namespace
}  // namespace e2e
