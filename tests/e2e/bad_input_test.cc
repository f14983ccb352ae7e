// Bad input at the protocol level: malformed or oversized bodies and headers, wrong types, slow
// clients, unknown routes. Each case shows the error (status and problem `code`) and that nothing
// changed (same audit head, same item version and stage, same number of items). Refusals by the
// domain (scope, roles, versions, guards, declared fields) are in refusals_test.cc.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "bad_input.h"
#include "checks.h"
#include "harness.h"

namespace e2e {
namespace {

std::string hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += "\\x";
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

// BadInput (bad_input.h): a demo server and one plan_task item whose state must not change.

TEST_F(BadInput, MalformedJsonIsBadJson) {
  for (const std::string body :
       {"{\"title\":", "not json", "{\"action\": \"start\",}", "{'action':'start'}",
        "{\"action\": \"start\"} trailing", "", "{\"action\": start}", "\"start\"", "[]", "null",
        "{\"action\": \"start\"", "{\"a\":1}{\"b\":2}"}) {
    SCOPED_TRACE(body);
    EXPECT_TRUE(IsProblem(transition_raw(body), 400, "bad_json"));
    EXPECT_TRUE(IsProblem(create_raw(body), 400, "bad_json"));
  }
  expect_unchanged();
}

TEST_F(BadInput, DuplicateKeysAreBadJson) {
  EXPECT_TRUE(IsProblem(create_raw("{\"workflow\":\"plan_task\",\"title\":\"a\",\"title\":\"b\","
                                   "\"org\":\"吉照村\",\"plan_year\":2019}"),
                        400, "bad_json"));
  EXPECT_TRUE(IsProblem(create_raw(creation_with("fields", "{\"note\":1,\"note\":2}")), 400,
                        "bad_json"));
  EXPECT_TRUE(IsProblem(transition_raw("{\"action\":\"start\",\"action\":\"start\"}"), 400,
                        "bad_json"));
  EXPECT_TRUE(IsProblem(transition_raw("{\"action\":\"start\",\"fields\":{\"a\":{\"b\":1,\"b\":1}}}"),
                        400, "bad_json"));
  expect_unchanged();
}

TEST_F(BadInput, WrongTypesNameTheField) {
  EXPECT_TRUE(IsInvalidField(create_raw(creation_with("plan_year", "\"2019\"")), "plan_year"));
  EXPECT_TRUE(IsInvalidField(create_raw(creation_with("plan_year", "2019.0")), "plan_year"));
  EXPECT_TRUE(IsInvalidField(create_raw(creation_with("plan_year", "1999")), "plan_year"));
  EXPECT_TRUE(IsInvalidField(create_raw(creation_with("title", "5")), "title"));
  EXPECT_TRUE(IsInvalidField(create_raw(creation_with("title", "null")), "title"));
  EXPECT_TRUE(IsInvalidField(create_raw(creation_with("title", "\"\"")), "title"));
  EXPECT_TRUE(IsInvalidField(create_raw(creation_with("fields", "[]")), "fields"));
  EXPECT_TRUE(IsInvalidField(create_raw(creation_with("fields", "\"x\"")), "fields"));
  EXPECT_TRUE(IsInvalidField(create_raw(creation_with("org", "true")), "org"));
  EXPECT_TRUE(IsInvalidField(create_raw(creation_with("workflow", "[\"plan_task\"]")), "workflow"));
  EXPECT_TRUE(IsInvalidField(create_raw(creation_with("budget_fen", "\"100\"")), "budget_fen"));
  EXPECT_TRUE(IsInvalidField(create_raw(creation_with("budget_fen", "-1")), "budget_fen"));
  EXPECT_TRUE(IsInvalidField(create_raw(creation_with("budget_fen", "18446744073709551615")),
                             "budget_fen"));
  EXPECT_TRUE(IsInvalidField(create_raw(creation_with("due_on", "20190101")), "due_on"));
  EXPECT_TRUE(IsInvalidField(create_raw(creation_with("unknown_key", "1")), "unknown_key"));
  EXPECT_TRUE(IsInvalidField(transition_raw("{\"action\":5}"), "action"));
  EXPECT_TRUE(IsInvalidField(transition_raw("{}"), "action"));
  EXPECT_TRUE(IsInvalidField(transition_raw("{\"action\":\"start\",\"comment\":5}"), "comment"));
  EXPECT_TRUE(IsInvalidField(transition_raw("{\"action\":\"start\",\"comment\":\"a\\u0000b\"}"),
                             "comment"));
  EXPECT_TRUE(IsInvalidField(transition_raw("{\"action\":\"start\",\"fields\":[1]}"), "fields"));
  EXPECT_TRUE(IsInvalidField(transition_raw("{\"action\":\"start\",\"fields\":{\"x\":1.5}}"),
                             "fields.x"));
  EXPECT_TRUE(IsInvalidField(
      transition_raw("{\"action\":\"start\",\"fields\":{\"households\":1.5}}"),
      "fields.households"));
  EXPECT_TRUE(IsInvalidField(transition_raw("{\"action\":\"start\",\"fields\":{\"Bad Name\":1}}"),
                             "fields.Bad Name"));
  EXPECT_TRUE(IsInvalidField(
      transition_raw("{\"action\":\"start\"}", {{"If-Match", "\"one\""}}), "If-Match"));
  expect_unchanged();
}

TEST_F(BadInput, InvalidUtf8IsBadJson) {
  for (const std::string& bad : {std::string("\xff\xfe"), std::string("\xc3\x28"),
                                std::string("\xc0\xaf"),          // overlong '/'
                                std::string("\xed\xa0\x80"),      // a UTF-16 surrogate
                                std::string("\xe5\x90"),          // truncated 吉
                                std::string("\xf4\x90\x80\x80")}) {  // above U+10FFFF
    SCOPED_TRACE(hex(bad));
    EXPECT_TRUE(IsProblem(create_raw(creation_with("title", "\"任务" + bad + "\"")), 400,
                          "bad_json"));
    EXPECT_TRUE(IsProblem(transition_raw("{\"action\":\"start\",\"comment\":\"" + bad + "\"}"),
                          400, "bad_json"));
    EXPECT_TRUE(IsProblem(transition_raw("{\"action\":\"start\",\"fields\":{\"note\":\"" + bad +
                                         "\"}}"),
                          400, "bad_json"));
  }
  // A lone surrogate written as an escape is not a character either.
  EXPECT_TRUE(IsProblem(create_raw(creation_with("title", "\"\\ud800\"")), 400, "bad_json"));
  expect_unchanged();
}

TEST_F(BadInput, BodyOverTheLimitIsRefusedWithoutReadingIt) {
  // Headers announce 2 MiB (over the default 1 MiB); only 4 KiB follows. The answer must come
  // while the client still owes ~2 MiB, i.e. the server did not wait for the rest.
  Connection c(env_->port(), std::chrono::milliseconds(30'000));
  ASSERT_TRUE(c.connected());
  std::string head = "POST /api/v1/items HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                     env_->token("吉照村包村干部") +
                     "\r\nContent-Type: application/json\r\nContent-Length: 2097152\r\n\r\n";
  ASSERT_TRUE(c.send_all(head + "{\"title\":\"" + std::string(4096, 'x')));
  auto r = c.read_response();
  ASSERT_TRUE(r.has_value()) << "no response while the body was still incomplete";
  EXPECT_TRUE(IsProblem(*r, 413, "payload_too_large"));
  EXPECT_TRUE(c.wait_for_close(std::chrono::milliseconds(10'000)));
  // The server is fine and nothing was created.
  EXPECT_EQ(env_->anonymous().get("/healthz").status, 200);
  expect_unchanged();
}

TEST_F(BadInput, WholeBodyOverTheLimitIs413) {
  // A body that really is over the limit, sent whole (1 MiB + 1 of valid JSON).
  std::string body = creation_with("title", "\"" + std::string((1 << 20), 'y') + "\"");
  ASSERT_GT(body.size(), size_t{1} << 20);
  Connection c(env_->port(), std::chrono::milliseconds(30'000));
  ASSERT_TRUE(c.connected());
  std::string head = "POST /api/v1/items HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                     env_->token("吉照村包村干部") + "\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n";
  // The server may answer and close before it has all of it; a failed send is acceptable.
  (void)c.send_all(head + body);
  auto r = c.read_response();
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(IsProblem(*r, 413, "payload_too_large"));
  expect_unchanged();
}

TEST_F(BadInput, DeeplyNestedJsonIsBadJsonAndTheServerLives) {
  const std::string opens(100'000, '['), closes(100'000, ']');
  EXPECT_TRUE(IsProblem(create_raw(opens + closes), 400, "bad_json"));
  EXPECT_TRUE(IsProblem(create_raw(opens), 400, "bad_json"));
  EXPECT_TRUE(IsProblem(create_raw(creation_with("fields", "{\"a\":" + opens + closes + "}")),
                        400, "bad_json"));
  std::string objects;
  for (int i = 0; i < 100'000; ++i) objects += "{\"a\":";
  objects += "1" + std::string(100'000, '}');
  EXPECT_TRUE(IsProblem(transition_raw(objects), 400, "bad_json"));
  auto health = env_->anonymous().get("/healthz");
  EXPECT_EQ(health.status, 200) << health.body;
  expect_unchanged();
}

TEST_F(BadInput, HeadersOverTheLimitAre431) {
  Connection c(env_->port());
  ASSERT_TRUE(c.connected());
  auto r = c.request("POST", transitions_path(item_id_), "{\"action\":\"start\"}",
                     {{"Authorization", "Bearer " + env_->token("吉照村包村干部")},
                      {"X-Padding", std::string(64 << 10, 'p')}});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 431) << r->body;
  EXPECT_EQ(r->json().value("code", ""), "header_too_large");
  // Many small headers adding up over the limit, too.
  Connection c2(env_->port());
  std::vector<std::pair<std::string, std::string>> many;
  for (int i = 0; i < 2000; ++i) many.emplace_back("X-H" + std::to_string(i), std::string(40, 'h'));
  auto r2 = c2.request("GET", "/healthz", "", many);
  ASSERT_TRUE(r2.has_value());
  EXPECT_EQ(r2->status, 431);
  EXPECT_EQ(env_->anonymous().get("/healthz").status, 200);
  expect_unchanged();
}

TEST_F(BadInput, HeadersJustUnderTheLimitAreServed) {
  // The header limit is 16 KiB: a 12 KiB header block is legal and must be answered.
  Connection c(env_->port());
  ASSERT_TRUE(c.connected());
  auto r = c.request("GET", "/api/v1/me",
                     "", {{"Authorization", "Bearer " + env_->token("镇督查")},
                          {"X-Padding", std::string(12 << 10, 'p')}});
  ASSERT_TRUE(r.has_value()) << "no response to a request with 12 KiB of headers";
  EXPECT_EQ(r->status, 200) << r->body;
}

class SlowHeaders : public BadInput {
  std::vector<std::string> extra_serve_args() override {
    return {"--header-timeout-ms", "2000"};
  }
};

TEST_F(SlowHeaders, ClientSendingOneByteASecondIsCutOffWhileOthersAreServed) {
  const std::string request = "GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                              env_->token("镇督查") + "\r\n\r\n";
  std::atomic<bool> slow_done{false};
  std::atomic<bool> cut_off{false};
  std::atomic<size_t> bytes_sent{0};
  std::thread slow([&] {
    Connection c(env_->port());
    if (!c.connected()) {
      slow_done = true;
      return;
    }
    // Bounded: at most one byte a second for the whole request (~90 s) before giving up.
    for (char ch : request) {
      if (!c.send_all(std::string_view(&ch, 1))) {
        cut_off = true;
        break;
      }
      ++bytes_sent;
      if (c.wait_for_close(std::chrono::milliseconds(1000))) {
        cut_off = true;
        break;
      }
    }
    slow_done = true;
  });
  // Meanwhile other clients are served, many times over.
  int served = 0, failed = 0;
  for (int i = 0; i < 600 && !slow_done; ++i) {
    auto r = env_->supervisor().get("/api/v1/me");
    (r.status == 200 ? served : failed)++;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  slow.join();
  EXPECT_TRUE(cut_off) << "the slow client was never disconnected";
  EXPECT_LT(bytes_sent.load(), request.size()) << "the slow client sent its whole request";
  EXPECT_GT(served, 5);
  EXPECT_EQ(failed, 0);
  expect_unchanged();
}

TEST_F(BadInput, SqlMetacharactersAreStoredVerbatimAndFiltersStayClean) {
  const std::vector<std::string> nasty = {"'",  "\"",  ";",  "--", "/*", "*/", "%", "_", "\\",
                                          "'; DROP TABLE items; --",
                                          "\" OR 1=1 --", "%' OR '1'='1", "a_b%c\\d'e\"f;g--h/*i*/",
                                          "Robert'); DROP TABLE audit_log;--"};
  Api manager = env_->village_manager();
  std::vector<int64_t> ids;
  for (const auto& s : nasty) {
    SCOPED_TRACE(s);
    nlohmann::json body = {{"workflow", "plan_task"},
                           {"title", s},
                           {"org", "吉照村"},
                           {"plan_year", 2019},
                           {"fields", {{"note", s}, {"plan_path", s}}}};
    auto created = manager.post_json("/api/v1/items", body);
    ASSERT_EQ(created.status, 201) << created.body;
    const int64_t id = created.json()["id"].get<int64_t>();
    ids.push_back(id);
    auto moved = manager.post_json(transitions_path(id),
                                   {{"action", "start"}, {"comment", s}, {"fields", {{"time_expression", s}}}});
    ASSERT_EQ(moved.status, 200) << moved.body;
    auto item = manager.get(item_path(id)).json();
    EXPECT_EQ(item["title"], s);
    EXPECT_EQ(item["fields"]["note"], s);
    EXPECT_EQ(item["fields"]["plan_path"], s);
    EXPECT_EQ(item["fields"]["time_expression"], s);
    auto history = manager.get(item_path(id) + "/history").json()["history"];
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[1]["comment"], s);
  }
  rebase();

  // In every filter: a clean 400 naming the parameter, or an empty list.
  for (const auto& s : nasty) {
    SCOPED_TRACE(s);
    const std::string v = url_encode(s);
    EXPECT_TRUE(IsInvalidField(manager.get("/api/v1/items?org=" + v), "org"));
    EXPECT_TRUE(IsInvalidField(manager.get("/api/v1/items?workflow=" + v), "workflow"));
    auto by_stage = manager.get("/api/v1/items?stage=" + v);
    ASSERT_EQ(by_stage.status, 200) << by_stage.body;
    EXPECT_TRUE(by_stage.json()["items"].empty()) << by_stage.body;
    EXPECT_TRUE(IsInvalidField(manager.get("/api/v1/items?cursor=" + v), "cursor"));
    EXPECT_TRUE(IsInvalidField(manager.get("/api/v1/items?limit=" + v), "limit"));
    EXPECT_TRUE(IsInvalidField(manager.get("/api/v1/items?limit=1" + v), "limit"));
    EXPECT_TRUE(IsInvalidField(manager.get("/api/v1/items?overdue=" + v), "overdue"));
    EXPECT_TRUE(IsInvalidField(env_->supervisor().get("/api/v1/audit?after=" + v), "after"));
    EXPECT_TRUE(IsProblem(manager.get("/api/v1/items/" + v), 404, "not_found"));
    EXPECT_TRUE(IsProblem(manager.get("/api/v1/workflows/" + v), 404, "not_found"));
  }
  // User names and the `responsible` lookup by name.
  const std::string bobby = "Robert'); DROP TABLE users;-- %_\\";
  auto user = env_->admin().post_json("/api/v1/users", {{"name", bobby}, {"role", "manager"}});
  ASSERT_EQ(user.status, 201) << user.body;
  const int64_t bobby_id = user.json()["user"]["id"].get<int64_t>();
  auto me = Api(env_->port(), user.json()["token"].get<std::string>()).get("/api/v1/me");
  EXPECT_EQ(me.json()["name"], bobby);
  auto owned = manager.post_json("/api/v1/items", {{"workflow", "plan_task"},
                                                   {"title", "负责人查找"},
                                                   {"org", "吉照村"},
                                                   {"plan_year", 2019},
                                                   {"responsible", bobby}});
  ASSERT_EQ(owned.status, 201) << owned.body;
  EXPECT_EQ(owned.json()["responsible"]["id"], bobby_id);
  ids.push_back(owned.json()["id"].get<int64_t>());
  rebase();
  for (const std::string s : {"%", "_", "Robert'%", "' OR '1'='1"}) {
    EXPECT_TRUE(IsInvalidField(manager.post_json("/api/v1/items", {{"workflow", "plan_task"},
                                                                   {"title", "x"},
                                                                   {"org", "吉照村"},
                                                                   {"plan_year", 2019},
                                                                   {"responsible", s}}),
                               "responsible"))
        << s;
  }
  expect_unchanged();

  // The table still works: every item is listed, and the chain verifies.
  auto all = manager.get("/api/v1/items?org=" + url_encode("吉照村") + "&workflow=plan_task&limit=200");
  ASSERT_EQ(all.status, 200);
  size_t found = 0;
  const auto listed = all.json();
  for (const auto& it : listed["items"]) {
    if (std::find(ids.begin(), ids.end(), it["id"].get<int64_t>()) != ids.end()) ++found;
  }
  EXPECT_EQ(found, ids.size());
  auto verify = env_->supervisor().get("/api/v1/audit/verify");
  EXPECT_EQ(verify.json()["intact"], true) << verify.body;
  expect_unchanged();
}

TEST_F(BadInput, UnknownRouteIs404) {
  Api m = env_->village_manager();
  EXPECT_TRUE(IsProblem(m.get("/api/v1/nope"), 404, "not_found"));
  EXPECT_TRUE(IsProblem(m.get("/nope"), 404, "not_found"));
  EXPECT_TRUE(IsProblem(m.get("/api/v1/items/999999"), 404, "not_found"));
  EXPECT_TRUE(IsProblem(m.get("/api/v1/items/abc"), 404, "not_found"));
  EXPECT_TRUE(IsProblem(m.get("/api/v1/items/-1"), 404, "not_found"));
  EXPECT_TRUE(IsProblem(m.get("/api/v1/items/99999999999999999999999"), 404, "not_found"));
  EXPECT_TRUE(IsProblem(m.get("/api/v1/items/"), 404, "not_found"));
  EXPECT_TRUE(IsProblem(m.post_json("/api/v1/items/999999/transitions", {{"action", "start"}}),
                        404, "not_found"));
  EXPECT_TRUE(IsProblem(m.post_json(item_path(item_id_) + "/nope", {{"action", "start"}}), 404,
                        "not_found"));
  expect_unchanged();
}

TEST_F(BadInput, WrongMethodIs405WithAllow) {
  Api m = env_->village_manager();
  auto r = m.send("DELETE", "/api/v1/items", "");
  EXPECT_TRUE(IsProblem(r, 405, "method_not_allowed"));
  auto allow = r.header("allow").value_or("");
  EXPECT_NE(allow.find("GET"), std::string::npos) << allow;
  EXPECT_NE(allow.find("POST"), std::string::npos) << allow;
  auto r2 = m.send("DELETE", item_path(item_id_), "");
  EXPECT_TRUE(IsProblem(r2, 405, "method_not_allowed"));
  EXPECT_EQ(r2.header("allow").value_or(""), "GET");
  auto r3 = m.send("PUT", item_path(item_id_), "{\"title\":\"改\"}");
  EXPECT_TRUE(IsProblem(r3, 405, "method_not_allowed"));
  auto r4 = m.send("GET", transitions_path(item_id_), "");
  EXPECT_TRUE(IsProblem(r4, 405, "method_not_allowed"));
  EXPECT_EQ(r4.header("allow").value_or(""), "POST");
  auto r5 = env_->supervisor().send("DELETE", "/api/v1/audit", "");
  EXPECT_TRUE(IsProblem(r5, 405, "method_not_allowed"));
  expect_unchanged();
}

}  // namespace
}  // namespace e2e
