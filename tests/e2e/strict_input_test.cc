// Strict input: a date outside 2000–2100 and a query parameter a route does not take are each a
// 400 invalid_field naming what is wrong, wherever they are read, and nothing changes.
#include <gtest/gtest.h>

#include "bad_input.h"
#include "checks.h"
#include "harness.h"

namespace e2e {
namespace {

// "0000-01-01" once became an item due 737,498 days ago; every date a request carries is read
// by the one date reader, which refuses years before 2000 and after 2100.
TEST_F(BadInput, DatesOutsideTheYears2000To2100AreInvalidEverywhere) {
  for (const char* day : {"0000-01-01", "1999-12-31", "2101-01-01", "9999-12-31"}) {
    SCOPED_TRACE(day);
    const std::string quoted = std::string("\"") + day + "\"";
    EXPECT_TRUE(IsInvalidField(create_raw(creation_with("due_on", quoted)), "due_on"));
    // A declared date field of a workflow (housing_repair's fields are checked by type).
    EXPECT_TRUE(IsInvalidField(
        env_->village_manager().get("/api/v1/items?due_from=" + std::string(day)), "due_from"));
    EXPECT_TRUE(IsInvalidField(
        env_->village_manager().get("/api/v1/items?due_to=" + std::string(day)), "due_to"));
    EXPECT_TRUE(IsInvalidField(
        env_->supervisor().get("/api/v1/overview?as_of=" + std::string(day)), "as_of"));
    EXPECT_TRUE(IsInvalidField(
        env_->supervisor().get("/api/v1/reports/overdue?as_of=" + std::string(day)), "as_of"));
    EXPECT_TRUE(IsInvalidField(env_->village_manager().post_json(
                                   "/api/v1/deadlines/parse", {{"text", "7月底前"}, {"ref", day}}),
                               "ref"));
    EXPECT_TRUE(IsInvalidField(
        env_->village_manager().post_json("/api/v1/deadlines/parse",
                                          {{"text", "30日内"}, {"anchor", day}}),
        "anchor"));
  }
  // A deadline expression whose dates fall outside the range is refused too, at creation and
  // when it is read on its own.
  EXPECT_TRUE(IsInvalidField(create_raw(creation_with("deadline", "\"1999年7月底前\"")), "deadline"));
  EXPECT_TRUE(IsInvalidField(env_->village_manager().post_json("/api/v1/deadlines/parse",
                                                                {{"text", "2150年7月底前"}}),
                             "text"));
  // The edges themselves are dates.
  EXPECT_EQ(env_->village_manager().get("/api/v1/items?due_from=2000-01-01&due_to=2100-12-31").status,
            200);
  expect_unchanged();
}

// `?limt=5` used to be ignored, and `POST /items?dry_run=true` created the item. Every route
// declares the parameters it takes (api/routes.cc); any other is refused before the handler.
TEST_F(BadInput, UnknownQueryParametersAreInvalidOnEveryRoute) {
  Api m = env_->village_manager();
  EXPECT_TRUE(IsInvalidField(m.get("/api/v1/items?limt=5"), "limt"));
  EXPECT_TRUE(IsInvalidField(m.get("/api/v1/items?limit=5&limit=6"), "limit"));
  EXPECT_TRUE(IsInvalidField(
      m.post_json("/api/v1/items?dry_run=true",
                  {{"workflow", "plan_task"}, {"title", "试运行"}, {"org", "吉照村"}, {"plan_year", 2019}}),
      "dry_run"));
  EXPECT_TRUE(IsInvalidField(
      m.post_json(transitions_path(item_id_) + "?force=1", {{"action", "start"}}), "force"));
  EXPECT_TRUE(IsInvalidField(m.get(item_path(item_id_) + "?fields=all"), "fields"));
  EXPECT_TRUE(IsInvalidField(m.get("/api/v1/me?x"), "x"));
  EXPECT_TRUE(IsInvalidField(env_->supervisor().get("/api/v1/audit?after=0&limit=5&org=1"), "org"));
  EXPECT_TRUE(IsInvalidField(env_->anonymous().get("/public/notices?statee=all"), "statee"));
  EXPECT_TRUE(IsInvalidField(env_->anonymous().get("/healthz?verbose=1"), "verbose"));
  // Declared ones still work.
  EXPECT_EQ(m.get("/api/v1/items?limit=5&sort=due_on").status, 200);
  EXPECT_EQ(env_->anonymous().get("/public/notices?state=all&limit=5").status, 200);
  expect_unchanged();
}

}  // namespace
}  // namespace e2e

namespace e2e {
namespace {

// Every answer carries the security headers: the API's JSON, CSV and problems, the public
// board's printable page and the web app's pages.
TEST(SecurityHeaders, EveryAnswerOfTheApiAndTheWebAppCarriesThem) {
  TempDir web;
  write_file(web.file("index.html"), "<!DOCTYPE html><script type=\"module\" src=\"/assets/a.js\"></script>");
  DemoEnv env({"--web-dir", web.path()});
  struct Case {
    Api who;
    std::string target;
    int status;
    std::string csp_part;
  };
  const std::vector<Case> cases = {
      {env.township_manager(), "/api/v1/items?limit=1", 200, "default-src 'none'"},
      {env.township_manager(), "/api/v1/items?format=csv", 200, "default-src 'none'"},
      {env.township_manager(), "/api/v1/items/99999999", 404, "default-src 'none'"},
      {env.anonymous(), "/api/v1/me", 401, "default-src 'none'"},
      {env.anonymous(), "/healthz", 200, "default-src 'none'"},
      {env.anonymous(), "/", 200, "script-src 'self'"},
      {env.anonymous(), "/items/3", 200, "script-src 'self'"},
      {env.anonymous(), "/no-such-file.js", 404, "default-src 'none'"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.target);
    auto r = c.who.get(c.target);
    EXPECT_EQ(r.status, c.status) << r.body;
    const std::string csp = r.header("content-security-policy").value_or("");
    EXPECT_NE(csp.find(c.csp_part), std::string::npos) << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
    EXPECT_EQ(r.header("x-content-type-options").value_or(""), "nosniff");
    EXPECT_EQ(r.header("referrer-policy").value_or(""), "same-origin");
    EXPECT_EQ(r.header("x-frame-options").value_or(""), "DENY");
  }
}

}  // namespace
}  // namespace e2e
