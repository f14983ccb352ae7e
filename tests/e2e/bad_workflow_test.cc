// A bad workflow definition stops the server, with a message naming the file and the JSON path.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>

#include "checks.h"
#include "harness.h"

namespace e2e {
namespace {

namespace fs = std::filesystem;

struct BadCase {
  const char* name;
  const char* file;                                 // workflow file to break
  std::function<void(nlohmann::json&)> edit;        // what to break (empty: raw text below)
  std::string raw;                                  // replaces the file's text if non-empty
  std::vector<std::string> expect_in_stderr;        // besides the file name
};

class BadWorkflow : public ::testing::TestWithParam<int> {};

const std::vector<BadCase>& cases() {
  static const std::vector<BadCase> all = {
      {"transition_to_unknown_stage", "plan_task.json",
       [](nlohmann::json& d) { d["transitions"][1]["to"] = "nowhere"; }, "",
       {"/transitions/1/to"}},
      {"unknown_role", "plan_task.json",
       [](nlohmann::json& d) { d["transitions"][0]["roles"] = {"mayor"}; }, "",
       {"/transitions/0/roles"}},
      {"unknown_from_stage", "road.json",
       [](nlohmann::json& d) { d["transitions"][0]["from"] = {"limbo"}; }, "",
       {"/transitions/0/from/0"}},
      {"unknown_initial", "plan_task.json", [](nlohmann::json& d) { d["initial"] = "nope"; }, "",
       {"/initial"}},
      {"unknown_guard", "housing_repair.json",
       [](nlohmann::json& d) { d["transitions"][0]["requires"][0]["guard"] = "astrology"; }, "",
       {"/transitions/0/requires/0"}},
      {"stages_not_an_array", "plan_task.json", [](nlohmann::json& d) { d["stages"] = "x"; },
       "", {"/stages"}},
      {"missing_transitions", "plan_task.json",
       [](nlohmann::json& d) { d.erase("transitions"); }, "", {}},
      {"not_json", "plan_task.json", {}, "{\"id\": \"plan_task\", ", {}},
      {"guard_on_undeclared_field", "housing_repair.json",
       [](nlohmann::json& d) { d["transitions"][0]["requires"][0]["field"] = "ghost"; }, "",
       {"/transitions/0/requires/0/field", "ghost"}},
      {"field_of_unknown_type", "road.json",
       [](nlohmann::json& d) { d["fields"][0]["type"] = "decimal"; }, "", {"/fields/0/type"}},
      {"id_differs_from_file", "plan_task.json",
       [](nlohmann::json& d) { d["id"] = "other_task"; }, "", {"/id"}},
      // 公示 by level: a guard may name only village, township or county.
      {"notice_guard_with_unknown_level", "housing_repair.json",
       [](nlohmann::json& d) {
         d["transitions"][3]["requires"][0]["guard"] = "notice_passed:before:hamlet";
       },
       "", {"/transitions/3/requires/0"}},
      {"notice_round_in_days_and_working_days", "housing_repair.json",
       [](nlohmann::json& d) { d["notice_rounds"][0]["min_working_days"] = 5; }, "",
       {"/notice_rounds/0"}},
      {"notice_round_of_91_working_days", "housing_repair.json",
       [](nlohmann::json& d) { d["notice_rounds"][2]["min_working_days"] = 91; }, "",
       {"/notice_rounds/2"}},
      {"second_round_for_one_level", "housing_repair.json",
       [](nlohmann::json& d) { d["notice_rounds"][1]["level"] = "village"; }, "",
       {"/notice_rounds/1", "a second round for village before"}},
  };
  return all;
}

TEST_P(BadWorkflow, ServeExitsNonZeroNamingFileAndPath) {
  const BadCase& c = cases()[static_cast<size_t>(GetParam())];
  SCOPED_TRACE(c.name);
  DemoEnv env({}, /*start_server=*/false);
  const std::string dir = env.dir().file("workflows");
  fs::create_directory(dir);
  for (const auto& entry : fs::directory_iterator(kWorkflowsDir)) {
    if (entry.path().extension() == ".json") fs::copy_file(entry.path(), dir + "/" + entry.path().filename().string());
  }
  const std::string target = dir + "/" + c.file;
  if (c.raw.empty()) {
    auto doc = nlohmann::json::parse(read_file(target));
    c.edit(doc);
    write_file(target, doc.dump(2));
  } else {
    write_file(target, c.raw);
  }
  ServerProcess::Options o;
  o.db = env.db();
  o.workflows = dir;
  o.log_dir = env.dir().path();
  CommandResult failure;
  auto server = ServerProcess::start(o, &failure);
  ASSERT_EQ(server, nullptr) << "the server started with a broken " << c.file;
  EXPECT_NE(failure.exit_code, 0);
  EXPECT_EQ(failure.term_signal, 0) << "crashed instead of exiting: " << failure.err;
  EXPECT_NE(failure.err.find(c.file), std::string::npos) << failure.err;
  for (const auto& s : c.expect_in_stderr) {
    EXPECT_NE(failure.err.find(s), std::string::npos) << "expected " << s << " in: " << failure.err;
  }
  EXPECT_EQ(failure.out.find("listening"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Cases, BadWorkflow, ::testing::Range(0, static_cast<int>(cases().size())),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return std::string(cases()[static_cast<size_t>(info.param)].name);
                         });

TEST(GoodWorkflow, CopiedDirectoryServes) {
  DemoEnv env({}, /*start_server=*/false);
  const std::string dir = env.dir().file("workflows");
  fs::create_directory(dir);
  for (const auto& entry : fs::directory_iterator(kWorkflowsDir)) {
    if (entry.path().extension() == ".json") fs::copy_file(entry.path(), dir + "/" + entry.path().filename().string());
  }
  ServerProcess::Options o;
  o.db = env.db();
  o.workflows = dir;
  o.log_dir = env.dir().path();
  CommandResult failure;
  auto server = ServerProcess::start(o, &failure);
  ASSERT_NE(server, nullptr) << failure.err;
  EXPECT_EQ(Api(server->port(), env.token("镇督查")).get("/api/v1/workflows/plan_task").status, 200);
  server->terminate();
  EXPECT_EQ(server->wait(), 0);
}

}  // namespace
}  // namespace e2e
