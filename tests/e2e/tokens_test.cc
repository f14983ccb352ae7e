// Named tokens over the API and the command line: an admin issues a user an integration's token
// with an expiry, revokes one and the others keep working, revokes all; `taizhang user token`
// and `taizhang user revoke` do the same offline. Refusals change nothing.
#include <gtest/gtest.h>

#include "checks.h"
#include "harness.h"

namespace e2e {
namespace {

std::string tokens_path(int64_t user) {
  return "/api/v1/users/" + std::to_string(user) + "/tokens";
}

int64_t user_id(const DemoEnv& env, const std::string& name) {
  return env.as(name).get("/api/v1/me").json()["id"].get<int64_t>();
}

TEST(Tokens, AnAdminIssuesNamedTokensAndRevokesOneOrAll) {
  DemoEnv env;
  Api admin = env.admin();
  const int64_t finance = user_id(env, "镇财务");
  auto issued = admin.post_json(tokens_path(finance),
                                {{"name", "报账系统接口"}, {"expires_at", "2019-12-31T18:00:00+08:00"}});
  ASSERT_EQ(issued.status, 201) << issued.body;
  EXPECT_EQ(issued.header("cache-control").value_or(""), "no-store");
  const std::string integration = issued.json()["token"];
  const int64_t integration_id = issued.json()["id"];
  EXPECT_EQ(issued.json()["expires_at"], "2019-12-31T18:00:00.000+08:00");
  EXPECT_EQ(Api(env.port(), integration).get("/api/v1/me").json()["name"], "镇财务");

  auto listed = admin.get(tokens_path(finance));
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.json()["tokens"].size(), 2u);
  EXPECT_EQ(listed.body.find(integration), std::string::npos) << "never shown again";
  EXPECT_EQ(listed.json()["tokens"][1]["state"], "live");

  // Refusals: not an admin, a bad name or expiry, a name in use, an unknown user.
  const int64_t seq = env.audit_seq();
  EXPECT_TRUE(IsProblem(env.finance().post_json(tokens_path(finance), {{"name", "自己发"}}), 403,
                        "forbidden"));
  EXPECT_TRUE(IsInvalidField(admin.post_json(tokens_path(finance), {{"name", ""}}), "name"));
  EXPECT_TRUE(IsInvalidField(admin.post_json(tokens_path(finance),
                                             {{"name", "x"}, {"expires_at", "2019-13-01"}}),
                             "expires_at"));
  EXPECT_TRUE(IsInvalidField(admin.post_json(tokens_path(finance),
                                             {{"name", "x"}, {"expires_at", "2019-03-01T00:00:00+08:00"}}),
                             "expires_at"));
  EXPECT_TRUE(IsProblem(admin.post_json(tokens_path(finance), {{"name", "报账系统接口"}}), 409,
                        "conflict"));
  EXPECT_TRUE(IsProblem(admin.post_json(tokens_path(99999), {{"name", "x"}}), 404, "not_found"));
  EXPECT_EQ(env.audit_seq(), seq);
  EXPECT_EQ(admin.get(tokens_path(finance)).json()["tokens"].size(), 2u);

  // Revoking the integration's token leaves the person's.
  auto revoked = admin.send("DELETE", tokens_path(finance) + "/" + std::to_string(integration_id), "");
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(revoked.json()["state"], "revoked");
  EXPECT_TRUE(IsProblem(Api(env.port(), integration).get("/api/v1/me"), 401, "unauthenticated"));
  EXPECT_EQ(env.finance().get("/api/v1/me").status, 200);
  EXPECT_TRUE(IsProblem(
      admin.send("DELETE", tokens_path(finance) + "/" + std::to_string(integration_id), ""), 409,
      "conflict"));

  // Revoking all: the person's token too.
  auto all = admin.send("DELETE", tokens_path(finance), "");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.json()["revoked"], 1);
  EXPECT_TRUE(IsProblem(env.finance().get("/api/v1/me"), 401, "unauthenticated"));
  EXPECT_EQ(env.admin().get("/api/v1/me").status, 200);
}

// An expired token signs nobody in: the demo clock moves past the expiry.
TEST(Tokens, AnExpiredTokenIsRefused) {
  DemoEnv env;
  const int64_t finance = user_id(env, "镇财务");
  auto issued = env.admin().post_json(tokens_path(finance),
                                      {{"name", "一天"}, {"expires_at", "2019-03-16T09:00:00+08:00"}});
  ASSERT_EQ(issued.status, 201) << issued.body;
  const std::string token = issued.json()["token"];
  EXPECT_EQ(Api(env.port(), token).get("/api/v1/me").status, 200);
  env.stop_server();
  env.start_server({}, "2019-03-16T09:00:01+08:00");
  EXPECT_TRUE(IsProblem(Api(env.port(), token).get("/api/v1/me"), 401, "unauthenticated"));
  EXPECT_EQ(env.finance().get("/api/v1/me").status, 200);
  auto listed = env.admin().get(tokens_path(finance));
  EXPECT_EQ(listed.json()["tokens"][1]["state"], "expired");
}

TEST(Tokens, TheCommandLineIssuesAndRevokes) {
  DemoEnv env({}, /*start_server=*/false);
  auto issued = run_taizhang({"user", "token", "--db", env.db(), "--name", "镇财务",
                              "--token-name", "报账系统接口"});
  ASSERT_EQ(issued.exit_code, 0) << issued.err;
  std::string token = issued.out;
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  ASSERT_EQ(token.rfind("tz_", 0), 0u) << token;
  EXPECT_NE(run_taizhang({"user", "revoke", "--db", env.db(), "--name", "镇财务"}).exit_code, 0)
      << "--token or --all is required";
  EXPECT_NE(run_taizhang({"user", "revoke", "--db", env.db(), "--name", "镇财务", "--token",
                          "没有这个"}).exit_code,
            0);
  env.start_server();
  EXPECT_EQ(Api(env.port(), token).get("/api/v1/me").status, 200);
  env.stop_server();
  auto one = run_taizhang({"user", "revoke", "--db", env.db(), "--name", "镇财务", "--token",
                           "报账系统接口"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  env.start_server();
  EXPECT_EQ(Api(env.port(), token).get("/api/v1/me").status, 401);
  EXPECT_EQ(env.finance().get("/api/v1/me").status, 200);
  env.stop_server();
  auto all = run_taizhang({"user", "revoke", "--db", env.db(), "--name", "镇财务", "--all"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  env.start_server();
  EXPECT_EQ(env.finance().get("/api/v1/me").status, 401);
  auto verify = run_taizhang({"audit", "verify", "--db", env.db()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

}  // namespace
}  // namespace e2e
