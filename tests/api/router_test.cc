#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/http.h"
#include "api/problem.h"
#include "api/router.h"

namespace taizhang::api {
namespace {

Response named(const char* name) {
  Response r;
  r.body = name;
  return r;
}

TEST(Router, MatchesLiteralAndCapturedSegments) {
  Router router;
  router.add("GET", "/api/v1/items", [](App&, const Request&, const PathParams&) {
    return named("list");
  }, {});
  router.add("POST", "/api/v1/items/{id}/transitions", [](App&, const Request&, const PathParams&) {
    return named("move");
  }, {});
  auto m = router.match("POST", "/api/v1/items/42/transitions");
  ASSERT_NE(m.handler, nullptr);
  EXPECT_EQ(m.params.at("id"), "42");
  EXPECT_EQ(router.match("GET", "/api/v1/items").params.size(), 0u);
  EXPECT_NE(router.match("GET", "/api/v1/items").handler, nullptr);
}

TEST(Router, DistinguishesUnknownPathFromWrongMethod) {
  Router router;
  router.add("GET", "/api/v1/items", [](App&, const Request&, const PathParams&) {
    return named("list");
  }, {});
  auto wrong = router.match("DELETE", "/api/v1/items");
  EXPECT_EQ(wrong.handler, nullptr);
  EXPECT_EQ(wrong.allowed, std::vector<std::string>{"GET"});
  auto unknown = router.match("GET", "/api/v1/nothing");
  EXPECT_EQ(unknown.handler, nullptr);
  EXPECT_TRUE(unknown.allowed.empty());
  EXPECT_EQ(router.match("GET", "/api/v1/items/").handler, nullptr);
}

TEST(HttpTarget, DecodesPathAndQuery) {
  std::string path;
  std::multimap<std::string, std::string> query;
  ASSERT_TRUE(parse_target("/api/v1/items?org=%E5%90%89%E7%85%A7%E6%9D%91&limit=2&x=a+b", path,
                           query));
  EXPECT_EQ(path, "/api/v1/items");
  EXPECT_EQ(query.find("org")->second, "吉照村");
  EXPECT_EQ(query.find("x")->second, "a b");
  query.clear();
  EXPECT_FALSE(parse_target("/api/v1/items?org=%E5%9", path, query));
  EXPECT_FALSE(parse_target("/a%zz", path, query));
  EXPECT_FALSE(parse_target("http://example/x", path, query));
}

TEST(Problem, EachCodeHasOneStatus) {
  EXPECT_EQ(http_status(ErrorCode::bad_json), 400);
  EXPECT_EQ(http_status(ErrorCode::invalid_field), 400);
  EXPECT_EQ(http_status(ErrorCode::unauthenticated), 401);
  EXPECT_EQ(http_status(ErrorCode::forbidden), 403);
  EXPECT_EQ(http_status(ErrorCode::not_found), 404);
  EXPECT_EQ(http_status(ErrorCode::method_not_allowed), 405);
  EXPECT_EQ(http_status(ErrorCode::illegal_transition), 409);
  EXPECT_EQ(http_status(ErrorCode::version_conflict), 412);
  EXPECT_EQ(http_status(ErrorCode::payload_too_large), 413);
  EXPECT_EQ(http_status(ErrorCode::guard_failed), 422);
  auto r = problem(Error{ErrorCode::guard_failed, "needs more", "", {{"field", "applicant", "缺少"}}});
  EXPECT_EQ(r.content_type, "application/problem+json");
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["code"], "guard_failed");
  EXPECT_EQ(body["status"], 422);
  EXPECT_EQ(body["blocked_by"][0]["field"], "applicant");
}

}  // namespace
}  // namespace taizhang::api

namespace taizhang::api {
namespace {

Request with_query(std::string target) {
  Request r;
  r.method = "GET";
  r.target = target;
  EXPECT_TRUE(parse_target(target, r.path, r.query));
  return r;
}

// A route names the query parameters it takes; a typo or a parameter no route reads is refused
// with the parameter's name, and so is one given twice.
TEST(Router, QueryParametersOutsideTheRoutesListAreInvalid) {
  const std::vector<std::string> accepted = {"limit", "cursor"};
  EXPECT_TRUE(check_query(with_query("/api/v1/items"), accepted));
  EXPECT_TRUE(check_query(with_query("/api/v1/items?limit=5&cursor=a1"), accepted));
  auto typo = check_query(with_query("/api/v1/items?limt=5"), accepted);
  ASSERT_FALSE(typo);
  EXPECT_EQ(typo.error().code, ErrorCode::invalid_field);
  EXPECT_EQ(typo.error().field, "limt");
  auto twice = check_query(with_query("/api/v1/items?limit=5&limit=6"), accepted);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().field, "limit");
  auto none = check_query(with_query("/api/v1/items?dry_run=true"), {});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().field, "dry_run");
}

}  // namespace
}  // namespace taizhang::api
