// A real database in a temporary directory with 泗顶镇's organisation, the shipped workflows and
// one user per role: the engine as the server runs it, minus HTTP.
#pragma once

#include <gtest/gtest.h>

#include "engine/storage/sqlite/open_database.h"
#include "engine/access/account_commands.h"
#include "engine/deadline/calendar_source.h"
#include "engine/storage/database.h"
#include "engine/base/digest.h"
#include "engine/base/embedded_data.h"
#include "engine/evidence/evidence_commands.h"
#include "engine/progress/item_commands.h"
#include "engine/ledger/ledger_commands.h"
#include "engine/notice/notice_commands.h"
#include "engine/workflow/catalog.h"
#include "tests/support/temp_dir.h"

namespace taizhang::testing {

// A milestone as a plan task's words give it, not yet reached.
inline Milestone milestone(int number, std::string words, std::string expression,
                           std::string due_on) {
  Milestone m;
  m.number = number;
  m.words = std::move(words);
  m.time_expression = std::move(expression);
  m.due_on = std::move(due_on);
  return m;
}

class EngineFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = sqlite::open_database(dir.file("test.db"));
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

  // Runs `job` (StoreWriter& → Result<T>) as one write job and waits for its durable result.
  template <typename F>
  auto write(F job) -> std::invoke_result_t<F&, StoreWriter&> {
    return db_->writer().run(std::move(job));
  }

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

  // Runs one engine command as a write job and hands back its value.
  template <typename T, typename F>
  Result<T> job(F&& command) {
    return write([&](StoreWriter& s) -> Result<T> { return command(s); });
  }

  // A housing repair of 吉照村 in 农户申请, with the fields its first guard asks for.
  Result<WorkItem> create_housing_repair() {
    NewItem n{"housing_repair", "吉照村危房改造", org("吉照村"), 2019, std::nullopt,
              std::nullopt, std::nullopt, {{"applicant", "户主"}, {"household_id", "JZ-1"}},
              std::nullopt};
    return create(manager, n);
  }

  Result<Fund> new_fund(int64_t amount_fen, std::string name = "2019年中央财政专项扶贫资金") {
    NewFund f{std::move(name), FundSource::central, "桂财农〔2019〕1号", 2019, amount_fen};
    return job<Fund>([&](StoreWriter& s) { return create_fund(s, finance, f, now); });
  }

  Result<LedgerEntry> allocate_to(int64_t item_id, int64_t fund_id, int64_t amount_fen) {
    return job<LedgerEntry>([&](StoreWriter& s) {
      return allocate(s, finance, item_id, NewAllocation{fund_id, amount_fen, std::nullopt}, now);
    });
  }

  // Records evidence of `kind` on the item as the domain sees it: a row naming a file by its
  // SHA-256 (here of `content`; the server stores the file itself before this runs).
  Result<Attached> attach(int64_t item_id, const std::string& kind,
                          const std::string& content = "photo", const Principal* who = nullptr) {
    NewAttachment a;
    a.kind = kind;
    a.name = kind + ".jpg";
    a.sha256 = sha256_hex(content);
    a.size_bytes = static_cast<int64_t>(content.size());
    a.media_type = "image/jpeg";
    return job<Attached>([&](StoreWriter& s) {
      return attach_evidence(s, workflows, who ? *who : manager, item_id, a, now);
    });
  }

  // The contents every notice must carry, filled in for 吉照村.
  static nlohmann::json notice_contents() {
    return {{"project_name", "吉照村危房改造"},
            {"location", "吉照村"},
            {"content", "危房改造 C 级修缮"},
            {"subsidy_standard", "每户 1.5 万元"},
            {"implementation_period", "2019年3月至7月"},
            {"implementer", "吉照村村委 张三"},
            {"performance_target", "改造 1 户，住房安全有保障"},
            {"beneficiary_households", 1},
            {"beneficiary_people", 4},
            {"poverty_mechanism", "保障贫困户住房安全"},
            {"hotline", "12317、0772-8123456"}};
  }

  // A notice posted on 2019-03-01 for 10 days: passed by the fixture's today (2019-03-15).
  Result<Notice> passed_notice(int64_t item_id, NoticePhase phase,
                               NoticeLevel level = NoticeLevel::village) {
    NewNotice n{level, phase, "2019-03-01", 10, notice_contents()};
    return job<Notice>(
        [&](StoreWriter& s) { return post_notice(s, manager, NoticeRules{}, item_id, n, now); });
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
