// The fixture of the bad-input tests (bad_input_test.cc, refusals_test.cc): a demo server and
// one plan_task item in 吉照村 whose state is recorded, so that each case can show that nothing
// changed.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "checks.h"
#include "harness.h"

namespace e2e {

class BadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = std::make_unique<DemoEnv>(extra_serve_args());
    auto item = env_->create_item(env_->village_manager(), "plan_task", "核查饮水安全", "吉照村");
    ASSERT_TRUE(item.is_object());
    item_id_ = item["id"].get<int64_t>();
    before_ = state_of(*env_, item_id_);
    ASSERT_GT(before_.audit_seq, 0);
    ASSERT_EQ(before_.item_version, 1);
  }

  virtual std::vector<std::string> extra_serve_args() { return {}; }

  // Nothing changed since SetUp (or since the last rebase()).
  void expect_unchanged() { EXPECT_EQ(state_of(*env_, item_id_), before_); }
  void rebase() { before_ = state_of(*env_, item_id_); }

  HttpResponse create_raw(const std::string& body) {
    return env_->village_manager().post("/api/v1/items", body);
  }
  HttpResponse transition_raw(const std::string& body,
                              const std::vector<std::pair<std::string, std::string>>& h = {}) {
    return env_->village_manager().post(transitions_path(item_id_), body, h);
  }
  // An otherwise valid creation body with `key` replaced by raw JSON text.
  static std::string creation_with(const std::string& key, const std::string& raw_value) {
    nlohmann::json base = {{"workflow", "plan_task"},
                           {"title", "测试任务"},
                           {"org", "吉照村"},
                           {"plan_year", 2019}};
    base.erase(key);
    std::string text = base.dump();
    text.pop_back();  // drop '}'
    return text + ",\"" + key + "\":" + raw_value + "}";
  }

  std::unique_ptr<DemoEnv> env_;
  int64_t item_id_ = 0;
  State before_;
};

}  // namespace e2e
