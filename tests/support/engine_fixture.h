// A real database in a temporary directory with 泗顶镇's organisation, the shipped workflows and
// one user per role: the engine as the server runs it, minus HTTP.
#pragma once

#include <gtest/gtest.h>

#include "engine/account_commands.h"
#include "engine/calendar_source.h"
#include "engine/database.h"
#include "engine/embedded_data.h"
#include "engine/item_commands.h"
#include "engine/workflow_catalog.h"
#include "tests/support/temp_dir.h"

namespace taizhang::testing {

class EngineFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::open(dir.file("test.db"));
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
    auto units = parse_org_file(nlohmann::json::parse(embedded::default_org_json()));
    ASSERT_TRUE(units);
    auto defs = load_workflow_dir(TAIZHANG_SOURCE_DIR "/workflows", guards);
    ASSERT_TRUE(defs) << defs.error().message;
    auto cal = load_working_day_calendar("");
    ASSERT_TRUE(cal) << cal.error().message;
    calendar = std::move(*cal);
    auto ok = write([&](StoreWriter& s) -> Result<nlohmann::json> {
      auto n = load_orgs(s, "test", *units, now);
      if (!n) return std::unexpected(n.error());
      return register_workflows(s, *defs, now);
    });
    ASSERT_TRUE(ok) << ok.error().message;
    auto catalog = db_->read([&](StoreReader& s) { return WorkflowCatalog::from_store(s, guards); });
    ASSERT_TRUE(catalog);
    workflows = std::move(*catalog);
    orgs = OrgTree(*db_->read([](StoreReader& s) -> Result<std::vector<OrgUnit>> {
      return s.orgs();
    }));
    manager = add_user("镇项目负责人", Role::manager, {});
    village_manager = add_user("吉照村包村干部", Role::manager, {"吉照村"});
    supervisor = add_user("镇督查", Role::supervisor, {});
    finance = add_user("镇财务", Role::finance, {});
  }

  Result<nlohmann::json> write(WriteJob job) { return db_->writer().run(std::move(job)); }

  Principal add_user(const std::string& name, Role role, std::vector<std::string> units) {
    NewUser n{name, role, {}};
    std::optional<std::set<int64_t>> visible;
    for (const auto& u : units) {
      n.org_ids.push_back(orgs.find_by_name(u)->id);
      auto sub = orgs.subtree(n.org_ids.back());
      if (!visible) visible.emplace();
      visible->insert(sub.begin(), sub.end());
    }
    User user;
    auto r = write([&](StoreWriter& s) -> Result<nlohmann::json> {
      auto t = create_user(s, "test", n, now);
      if (!t) return std::unexpected(t.error());
      user = t->user;
      return nlohmann::json(nullptr);
    });
    EXPECT_TRUE(r);
    return Principal{user, visible};
  }

  ItemRules rules() const { return ItemRules{workflows, orgs, guards, &*calendar}; }

  Result<WorkItem> create(const Principal& who, NewItem n) {
    WorkItem out;
    auto r = write([&](StoreWriter& s) -> Result<nlohmann::json> {
      auto item = create_item(s, rules(), who, n, now);
      if (!item) return std::unexpected(item.error());
      out = *item;
      return nlohmann::json(nullptr);
    });
    if (!r) return std::unexpected(r.error());
    return out;
  }

  Result<WorkItem> move(const Principal& who, int64_t id, TransitionRequest t) {
    WorkItem out;
    auto r = write([&](StoreWriter& s) -> Result<nlohmann::json> {
      auto item = transition_item(s, rules(), who, id, t, now);
      if (!item) return std::unexpected(item.error());
      out = *item;
      return nlohmann::json(nullptr);
    });
    if (!r) return std::unexpected(r.error());
    return out;
  }

  AuditHead head() {
    return *db_->read([](StoreReader& s) -> Result<AuditHead> { return s.audit_head(); });
  }

  int64_t org(const std::string& name) const { return orgs.find_by_name(name)->id; }

  TempDir dir;
  std::unique_ptr<Database> db_;
  GuardRegistry guards = GuardRegistry::builtin();
  WorkflowCatalog workflows;
  OrgTree orgs;
  std::optional<WorkingDayCalendar> calendar;
  TimePoint now = *parse_rfc3339("2019-03-15T09:00:00+08:00");
  Principal manager, village_manager, supervisor, finance;
};

}  // namespace taizhang::testing
