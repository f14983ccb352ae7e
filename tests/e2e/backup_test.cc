// taizhang backup: an online, consistent copy while the server keeps serving.
#include <gtest/gtest.h>

#include "checks.h"
#include "harness.h"

namespace e2e {
namespace {

TEST(Backup, OnlineCopyVerifiesAndHoldsEveryAcknowledgedChange) {
  DemoEnv env;
  Api manager = env.township_manager();
  auto created = manager.post_json("/api/v1/items", {{"workflow", "plan_task"},
                                                     {"title", "备份前创建的任务"},
                                                     {"org", "泗顶镇"},
                                                     {"plan_year", 2019}});
  ASSERT_EQ(created.status, 201) << created.body;
  const int64_t seq = env.audit_seq();
  const std::string copy = env.dir().file("backup.db");
  auto backup = run_taizhang({"backup", "--db", env.db(), "--to", copy});
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  // The server is still serving.
  EXPECT_EQ(env.anonymous().get("/healthz").status, 200);
  auto verify = run_taizhang({"audit", "verify", "--db", copy});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_EQ(query_sql(copy, "SELECT max(seq) FROM audit_log"), std::to_string(seq));
  // A backup never overwrites an existing file.
  auto again = run_taizhang({"backup", "--db", env.db(), "--to", copy});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.err.find("exists"), std::string::npos) << again.err;
}

}  // namespace
}  // namespace e2e
