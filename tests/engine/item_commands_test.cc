#include <gtest/gtest.h>

#include "engine/base/digest.h"
#include "engine/verify/audit_verify.h"
#include "tests/support/engine_fixture.h"

namespace taizhang {
namespace {

using testing::EngineFixture;
using ItemCommands = EngineFixture;

NewItem plan_task(int64_t org) {
  return NewItem{"plan_task", "全面解决饮水不安全问题", org, 2019, std::nullopt, std::nullopt,
                 "2019-12-31", nlohmann::json::object(), std::nullopt};
}

TEST_F(ItemCommands, CreateStartsInInitialStageWithHistoryAndAudit) {
  auto before = head();
  auto item = create(manager, plan_task(org("泗顶镇")));
  ASSERT_TRUE(item) << item.error().message;
  EXPECT_EQ(item->stage, "not_started");
  EXPECT_EQ(item->version, 1);
  EXPECT_EQ(item->workflow_version, 1);
  EXPECT_EQ(head().seq, before.seq + 1);
  auto history = db_->read([&](StoreReader& s) -> Result<std::vector<HistoryEntry>> {
    return s.history(item->id, 0, 10);
  });
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].action, "create");
  EXPECT_EQ((*history)[0].audit_seq, head().seq);
}

TEST_F(ItemCommands, TransitionsToFinalStageAndVerifies) {
  auto item = create(manager, plan_task(org("泗顶镇")));
  ASSERT_TRUE(item);
  ASSERT_TRUE(move(manager, item->id, {"start", std::nullopt, nlohmann::json::object(), 1, std::nullopt}));
  ASSERT_TRUE(move(manager, item->id, {"complete", std::nullopt, nlohmann::json::object(), 2, std::nullopt}));
  auto done = move(supervisor, item->id, {"verify", "已核验", nlohmann::json::object(), 3, std::nullopt});
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->stage, "verified");
  EXPECT_TRUE(done->closed);
  auto verdict = verify_audit(*db_);
  ASSERT_TRUE(verdict);
  EXPECT_TRUE(verdict->intact) << verdict->problem;
  EXPECT_EQ(verdict->items_checked, 1);
}

TEST_F(ItemCommands, FailedTransitionChangesNothing) {
  auto item = create(manager, plan_task(org("泗顶镇")));
  ASSERT_TRUE(item);
  auto before = head();
  auto illegal = move(manager, item->id, {"verify", "x", nlohmann::json::object(), std::nullopt, std::nullopt});
  EXPECT_EQ(illegal.error().code, ErrorCode::illegal_transition);
  auto stale = move(manager, item->id, {"start", std::nullopt, nlohmann::json::object(), 9, std::nullopt});
  EXPECT_EQ(stale.error().code, ErrorCode::version_conflict);
  auto role = move(finance, item->id, {"start", std::nullopt, nlohmann::json::object(), 1, std::nullopt});
  EXPECT_EQ(role.error().code, ErrorCode::forbidden);
  EXPECT_EQ(head().seq, before.seq);
  auto stored = db_->read([&](StoreReader& s) -> Result<std::optional<WorkItem>> {
    return s.item(item->id);
  });
  EXPECT_EQ((*stored)->version, 1);
  EXPECT_EQ((*stored)->stage, "not_started");
}

TEST_F(ItemCommands, ScopedManagerActsOnlyInOwnVillage) {
  auto own = create(village_manager, plan_task(org("吉照村")));
  ASSERT_TRUE(own) << own.error().message;
  auto other = create(village_manager, plan_task(org("马田村")));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::forbidden);
  auto theirs = create(manager, plan_task(org("马田村")));
  ASSERT_TRUE(theirs);
  auto moved = move(village_manager, theirs->id,
                    {"start", std::nullopt, nlohmann::json::object(), std::nullopt, std::nullopt});
  // Out of scope reads as absent, so that ids reveal nothing.
  EXPECT_EQ(moved.error().code, ErrorCode::not_found);
}

TEST_F(ItemCommands, RejectsBadNewItems) {
  auto before = head();
  NewItem n = plan_task(org("泗顶镇"));
  n.workflow = "no_such";
  EXPECT_EQ(create(manager, n).error().field, "workflow");
  n = plan_task(org("泗顶镇"));
  n.due_on = "2019-02-30";
  EXPECT_EQ(create(manager, n).error().field, "due_on");
  n = plan_task(org("泗顶镇"));
  n.fields = {{"area_m2", 60.5}};
  EXPECT_EQ(create(manager, n).error().field, "fields.area_m2");
  n = plan_task(org("泗顶镇"));
  n.fields = {{"Bad Name", 1}};
  EXPECT_EQ(create(manager, n).error().code, ErrorCode::invalid_field);
  EXPECT_EQ(create(supervisor, plan_task(org("泗顶镇"))).error().code, ErrorCode::forbidden);
  EXPECT_EQ(head().seq, before.seq);
}

TEST_F(ItemCommands, ItemKeepsItsWorkflowVersion) {
  auto item = create(manager, plan_task(org("泗顶镇")));
  ASSERT_TRUE(item);
  auto defs = load_workflow_dir(TAIZHANG_SOURCE_DIR "/workflows", guards);
  ASSERT_TRUE(defs);
  for (auto& d : *defs) {
    if (d.id != "plan_task") continue;
    d.source["stages"][1]["name"] = "进行中";  // a changed definition is a new version
    d.sha256 = sha256_hex(d.source.dump());  // as the loader computes it
    auto added = write([&](StoreWriter& s) -> Result<nlohmann::json> {
      return register_workflows(s, {d}, now);
    });
    ASSERT_TRUE(added);
    EXPECT_EQ(*added, 1);
  }
  auto catalog = db_->read([&](StoreReader& s) { return WorkflowCatalog::from_store(s, guards); });
  ASSERT_TRUE(catalog);
  EXPECT_EQ(catalog->current("plan_task")->version, 2);
  EXPECT_EQ(catalog->version("plan_task", 1)->stage("in_progress")->name, "推进中");
  EXPECT_EQ(catalog->current("plan_task")->stage("in_progress")->name, "进行中");
}

}  // namespace
}  // namespace taizhang
