#include "engine/plan/plan_import.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>

#include "engine/deadline/working_day_calendar.h"
#include "tests/support/engine_fixture.h"

namespace taizhang {
namespace {

// A few sections of 泗顶镇's 2019 plan, retyped, as a scraped page holds them: site chrome, the
// text, an annex table, more chrome and the text again. Changed from the plan on purpose:
// (十一) carries the time its 1. inherits, and its 2. has a time that cannot be read.
constexpr const char* kExcerpt = TAIZHANG_SOURCE_DIR "/tests/data/plan_2019_excerpt.txt";
// The whole plan, as scraped; beside the repository (shared/), so it may be absent.
constexpr const char* kSeedPlan = TAIZHANG_SOURCE_DIR "/../shared/seed/000_a9137cf13aa26b2f.txt";

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const WorkingDayCalendar& plan_calendar() {
  static const WorkingDayCalendar loaded = [] {
    auto c = WorkingDayCalendar::load(TAIZHANG_SOURCE_DIR "/calendar/cn_workdays.json");
    EXPECT_TRUE(c) << c.error().message;
    return std::move(*c);
  }();
  return loaded;
}

PlanImport read_excerpt() {
  auto text = read_file(kExcerpt);
  EXPECT_TRUE(text) << kExcerpt;
  auto plan = read_work_plan(text.value_or(""), 2019, &plan_calendar());
  EXPECT_TRUE(plan) << plan.error().message;
  return plan.value_or(PlanImport{});
}

const PlanTask* find(const PlanImport& plan, const std::string& path) {
  auto it = std::find_if(plan.tasks.begin(), plan.tasks.end(),
                         [&](const PlanTask& t) { return t.path == path; });
  return it == plan.tasks.end() ? nullptr : &*it;
}

std::string date_text(const std::optional<date::year_month_day>& day) {
  return day ? format_date(*day) : "none";
}

// "start..due" of the task at `path`, "missing" when there is no such task.
std::string dates(const PlanImport& plan, const std::string& path) {
  const PlanTask* task = find(plan, path);
  if (task == nullptr) return "missing";
  return date_text(task->start_on) + ".." + date_text(task->due_on);
}

std::size_t count_of(const std::string& text, const std::string& word) {
  std::size_t n = 0;
  for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) ++n;
  return n;
}

TEST(PlanImportTest, FindsEachTaskOfTheDuplicatedPageOnce) {
  PlanImport plan = read_excerpt();
  std::vector<std::string> paths;
  for (const auto& task : plan.tasks) paths.push_back(task.path);
  EXPECT_EQ(paths, (std::vector<std::string>{
                       "四、(一)、1.", "四、(三)、1.", "四、(三)、2.", "四、(三)、5.",
                       "四、(七)、2.", "四、(十一)、1.", "四、(十一)、2.", "五、(一)", "五、(二)",
                       "五、(三)、1.", "五、(四)"}));
  EXPECT_EQ(plan.year, 2019);
}

TEST(PlanImportTest, ReadsTimeNodesAndHeadingTimes) {
  PlanImport plan = read_excerpt();
  EXPECT_EQ(dates(plan, "四、(三)、1."), "2019-02-01..2019-03-31");
  // Full-width parentheses and colon: "（时间节点：2019年2—12月）".
  EXPECT_EQ(dates(plan, "四、(三)、2."), "2019-02-01..2019-12-31");
  // "7月底前" and "9月底前" in the sub-items are the work's wording, not the task's time node.
  EXPECT_EQ(dates(plan, "四、(三)、5."), "2019-02-01..2019-09-30");
  EXPECT_EQ(find(plan, "四、(三)、5.")->time_expression, "2019年2—9月");
  // A time in the heading's title.
  EXPECT_EQ(dates(plan, "五、(一)"), "2019-02-21..2019-02-28");
  EXPECT_EQ(dates(plan, "五、(二)"), "2019-02-21..2019-03-20");
  EXPECT_EQ(find(plan, "五、(二)")->time_expression, "2019年2月下旬-3月中旬");
  EXPECT_EQ(dates(plan, "五、(四)"), "2019-10-01..2019-10-31");
  for (const char* path : {"四、(三)、1.", "五、(二)", "五、(四)"}) {
    EXPECT_FALSE(find(plan, path)->inherited) << path;
  }
}

TEST(PlanImportTest, DeadlinesInATasksWordsAreItsMilestones) {
  PlanImport plan = read_excerpt();
  const PlanTask* housing = find(plan, "四、(三)、5.");
  ASSERT_NE(housing, nullptr);
  ASSERT_EQ(housing->milestones.size(), 2u);
  EXPECT_EQ(housing->milestones[0].time_expression, "7月底前");
  EXPECT_EQ(format_date(housing->milestones[0].due_on), "2019-07-31");
  EXPECT_NE(housing->milestones[0].words.find("修缮户工程全面完成"), std::string::npos)
      << housing->milestones[0].words;
  EXPECT_EQ(housing->milestones[1].words, "全部搬迁入住");
  EXPECT_EQ(format_date(housing->milestones[1].due_on), "2019-09-30");
  // Its 时间节点 stays its time.
  EXPECT_EQ(dates(plan, "四、(三)、5."), "2019-02-01..2019-09-30");
  EXPECT_EQ(to_json(plan)["tasks"][3]["milestones"].size(), 2u);
  // Without a 时间节点, the words give the time, due on the last; a year alone is a statistic.
  auto words = read_work_plan(
      "一、工作重点\n1.危房改造。2018年改造120户,工程7月底前全面完成,9月底前全部搬迁入住。\n"
      "2.饮水安全。请于10月31日前报送镇扶贫站。\n3.资金拨付。9月前完成。\n",
      2019, &plan_calendar());
  ASSERT_TRUE(words);
  EXPECT_EQ(dates(*words, "一、1."), "none..2019-09-30");
  EXPECT_EQ(find(*words, "一、1.")->time_expression, "7月底前；9月底前");
  EXPECT_EQ(find(*words, "一、1.")->milestones.size(), 2u);
  EXPECT_EQ(dates(*words, "一、2."), "none..2019-10-31");
  EXPECT_TRUE(find(*words, "一、2.")->milestones.empty());
  // An unclear date is reported, never guessed.
  EXPECT_EQ(dates(*words, "一、3."), "none..none");
  ASSERT_EQ(words->unreadable.size(), 1u);
  EXPECT_EQ(words->unreadable[0].path, "一、3.");
}

TEST(PlanImportTest, SeveralTimeNodesInOneTaskSpanThemAll) {
  PlanImport plan = read_excerpt();
  const PlanTask* task = find(plan, "四、(七)、2.");
  ASSERT_NE(task, nullptr);
  EXPECT_EQ(task->time_expression, "2019年2—12月；2019年2—9月");
  EXPECT_EQ(dates(plan, "四、(七)、2."), "2019-02-01..2019-12-31");
  // The sub-items on their own lines stay in the task's text.
  EXPECT_EQ(count_of(task->text, "\n"), 2u);
  EXPECT_NE(task->text.find("(2)开展短期技能培训"), std::string::npos);
}

TEST(PlanImportTest, TasksWithoutATimeInheritTheNearestEnclosingOne) {
  PlanImport plan = read_excerpt();
  const PlanTask* task = find(plan, "四、(十一)、1.");
  ASSERT_NE(task, nullptr);
  EXPECT_TRUE(task->inherited);
  EXPECT_EQ(task->time_expression, "2019年1—12月");
  EXPECT_EQ(dates(plan, "四、(十一)、1."), "2019-01-01..2019-12-31");
  // The paragraph after the numbered line is the task's text too.
  EXPECT_NE(task->text.find("积极争取融安县"), std::string::npos);
  // Nothing above carries a time: no dates, nothing made up.
  const PlanTask* none = find(plan, "四、(一)、1.");
  ASSERT_NE(none, nullptr);
  EXPECT_FALSE(none->inherited);
  EXPECT_EQ(none->time_expression, "");
  EXPECT_EQ(dates(plan, "四、(一)、1."), "none..none");
  EXPECT_EQ(dates(plan, "五、(三)、1."), "none..none");
}

TEST(PlanImportTest, UnreadableExpressionsAreReportedNotGuessed) {
  PlanImport plan = read_excerpt();
  ASSERT_EQ(plan.unreadable.size(), 1u);  // once, though the page holds it twice
  EXPECT_EQ(plan.unreadable[0].text, "2019年13月");
  EXPECT_EQ(plan.unreadable[0].path, "四、(十一)、2.");
  EXPECT_NE(plan.unreadable[0].error.find("no month 13"), std::string::npos)
      << plan.unreadable[0].error;
  const PlanTask* task = find(plan, "四、(十一)、2.");
  ASSERT_NE(task, nullptr);
  // Its own time is unreadable: it does not fall back on the heading's.
  EXPECT_FALSE(task->inherited);
  EXPECT_EQ(task->time_expression, "2019年13月");
  EXPECT_EQ(dates(plan, "四、(十一)、2."), "none..none");
}

TEST(PlanImportTest, TitlesSectionsAndText) {
  PlanImport plan = read_excerpt();
  const PlanTask* task = find(plan, "四、(三)、2.");
  ASSERT_NE(task, nullptr);
  EXPECT_EQ(task->title, "全面解决饮水不安全问题");
  EXPECT_EQ(task->section, (std::vector<std::string>{
                               "工作重点", "全面统筹解决影响“两不愁三保障”的突出问题"}));
  EXPECT_EQ(task->text.rfind("2.全面解决饮水不安全问题。", 0), 0u);
  EXPECT_EQ(find(plan, "五、(二)")->title, "摸底排查");  // the time is not part of it
  EXPECT_EQ(find(plan, "五、(三)、1.")->section,
            (std::vector<std::string>{"工作步骤及时间安排", "补齐短板"}));
  // The title stops at the first sub-item.
  auto cut = read_work_plan("一、要求\n1.学习论述(1)研读原著;(2)交流体会\n", 2019, nullptr);
  ASSERT_TRUE(cut);
  ASSERT_EQ(cut->tasks.size(), 1u);
  EXPECT_EQ(cut->tasks[0].title, "学习论述");
  for (const auto& t : plan.tasks) {
    EXPECT_FALSE(t.title.empty()) << t.path;
    EXPECT_LE(t.title.size(), kMaxPlanTitleChars * 3) << t.path;
  }
}

TEST(PlanImportTest, LongTitlesAreCut) {
  std::string words;
  for (int i = 0; i < 70; ++i) words += "字";
  auto plan = read_work_plan("一、工作重点\n1." + words + "。\n", 2019, nullptr);
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->tasks.size(), 1u);
  std::string expected;
  for (std::size_t i = 0; i + 1 < kMaxPlanTitleChars; ++i) expected += "字";
  EXPECT_EQ(plan->tasks[0].title, expected + "…");
  EXPECT_EQ(plan->tasks[0].text, "1." + words + "。");
}

TEST(PlanImportTest, FiguresInTablesAreNotHeadings) {
  auto plan = read_work_plan("一、目标\n2.58%\n1.5亿元用于道路\n12.全面完成\n", 2019, nullptr);
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->tasks.size(), 1u);
  EXPECT_EQ(plan->tasks[0].path, "一、12.");
  EXPECT_EQ(plan->tasks[0].text, "12.全面完成");
}

TEST(PlanImportTest, NeedsTheCalendarOnlyForWorkingDaysAndFestivals) {
  auto plan = read_work_plan("一、步骤\n(一)宣传动员。(时间节点:春节前)\n(二)排查。(时间节点:3月底前)\n",
                             2019, nullptr);
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->tasks.size(), 2u);
  ASSERT_EQ(plan->unreadable.size(), 1u);
  EXPECT_EQ(plan->unreadable[0].path, "一、(一)");
  EXPECT_EQ(dates(*plan, "一、(二)"), "none..2019-03-31");
  auto with_calendar = read_work_plan("一、步骤\n(一)宣传动员。(时间节点:春节前)\n", 2019, &plan_calendar());
  ASSERT_TRUE(with_calendar);
  EXPECT_EQ(dates(*with_calendar, "一、(一)"), "none..2019-02-04");
}

TEST(PlanImportTest, RejectsWhatIsNotAPlanWithinTheLimits) {
  EXPECT_EQ(read_work_plan("一、要求\n", 1999, nullptr).error().field, "year");
  EXPECT_EQ(read_work_plan("一、要求\n\xff\n", 2019, nullptr).error().field, "text");
  std::string big(kMaxPlanBytes + 1, 'a');
  EXPECT_EQ(read_work_plan(big, 2019, nullptr).error().code, ErrorCode::payload_too_large);
  std::string many = "一、任务\n";
  // Every "1." has the same path; their texts tell them apart.
  for (std::size_t i = 0; i <= kMaxPlanTasks; ++i) many += "1.任务" + std::to_string(i) + "\n";
  auto plan = read_work_plan(many, 2019, nullptr);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, ErrorCode::payload_too_large);
  auto empty = read_work_plan("", 2019, nullptr);
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->tasks.empty());
}

TEST(PlanImportTest, JsonCarriesEveryField) {
  PlanImport plan = read_excerpt();
  nlohmann::json json = to_json(plan);
  EXPECT_EQ(json["year"], 2019);
  ASSERT_EQ(json["tasks"].size(), plan.tasks.size());
  const auto& first = json["tasks"][1];
  EXPECT_EQ(first["path"], "四、(三)、1.");
  EXPECT_EQ(first["start_on"], "2019-02-01");
  EXPECT_EQ(first["due_on"], "2019-03-31");
  EXPECT_EQ(first["time_expression"], "2019年2—3月");
  EXPECT_EQ(first["inherited"], false);
  EXPECT_TRUE(first["section"].is_array());
  EXPECT_TRUE(first.contains("title") && first.contains("text"));
  EXPECT_TRUE(json["tasks"][0]["due_on"].is_null());
  EXPECT_TRUE(json["tasks"][0]["time_expression"].is_null());
  ASSERT_EQ(json["unreadable"].size(), 1u);
  EXPECT_EQ(json["unreadable"][0]["path"], "四、(十一)、2.");
  EXPECT_TRUE(json["unreadable"][0].contains("error"));
}

// ---------------------------------------------------------------------------------------------
// The whole scraped plan.

class PlanImportSeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto text = read_file(kSeedPlan);
    if (!text) GTEST_SKIP() << kSeedPlan << " is not there";
    seed_text = *text;
    auto read = read_work_plan(seed_text, 2019, &plan_calendar());
    ASSERT_TRUE(read) << read.error().message;
    plan = std::move(*read);
  }

  std::string seed_text;
  PlanImport plan;
};

TEST_F(PlanImportSeedTest, FindsEveryNumberedTaskUnderFourAndFiveOnce) {
  std::map<std::string, int> seen;
  int under_four = 0, under_five = 0;
  for (const auto& task : plan.tasks) {
    ++seen[task.path];
    under_four += task.path.starts_with("四、");
    under_five += task.path.starts_with("五、");
  }
  for (const auto& [path, n] : seen) EXPECT_EQ(n, 1) << path;
  // 四: the 1. 2. … under (一) to (十三): 3+2+5+5+5+3+3+5+5+3+2+2+3, and (十四), which has
  // nothing numbered under it. 五: (一), (二), (三)、1., (三)、2., (四), (五).
  EXPECT_EQ(under_four, 47);
  EXPECT_EQ(under_five, 6);
  for (const char* path : {"四、(一)、1.", "四、(六)、3.", "四、(九)、5.", "四、(十三)、3.",
                           "四、(十四)", "五、(三)、1.", "五、(三)、2.", "五、(五)"}) {
    EXPECT_TRUE(seen.contains(path)) << path;
  }
  // Sections of prose are not tasks; sub-sections with tasks under them are not either.
  EXPECT_FALSE(seen.contains("一、"));
  EXPECT_FALSE(seen.contains("四、(一)"));
  EXPECT_FALSE(seen.contains("五、(三)"));
}

TEST_F(PlanImportSeedTest, ReadsEveryTimeNode) {
  EXPECT_TRUE(plan.unreadable.empty()) << plan.unreadable[0].text << ": "
                                        << plan.unreadable[0].error;
  std::size_t nodes = 0, expressions = 0;
  for (const auto& task : plan.tasks) {
    nodes += count_of(task.text, "时间节点");
    if (count_of(task.text, "时间节点") > 0) {
      EXPECT_FALSE(task.inherited) << task.path;
      EXPECT_TRUE(task.due_on && task.start_on) << task.path;
    }
    if (!task.time_expression.empty() && !task.inherited) {
      expressions += 1 + count_of(task.time_expression, "；");
    }
  }
  // The page holds the plan twice: 72 time nodes, 36 in one copy, all inside tasks.
  EXPECT_EQ(count_of(seed_text, "时间节点"), 72u);
  EXPECT_EQ(nodes, 36u);
  // And three times in headings: 宣传动员, 摸底排查, 脱贫认定.
  EXPECT_EQ(expressions, 39u);
}

TEST_F(PlanImportSeedTest, ComputesThePlansDates) {
  EXPECT_EQ(dates(plan, "四、(三)、1."), "2019-02-01..2019-03-31");
  EXPECT_EQ(dates(plan, "四、(三)、5."), "2019-02-01..2019-09-30");
  EXPECT_EQ(dates(plan, "四、(七)、2."), "2019-02-01..2019-12-31");
  EXPECT_EQ(dates(plan, "四、(九)、5."), "2019-02-01..2019-11-30");
  EXPECT_EQ(dates(plan, "四、(十一)、2."), "2019-01-01..2019-12-31");
  EXPECT_EQ(dates(plan, "五、(一)"), "2019-02-21..2019-02-28");
  EXPECT_EQ(dates(plan, "五、(二)"), "2019-02-21..2019-03-20");
  EXPECT_EQ(dates(plan, "五、(四)"), "2019-10-01..2019-10-31");
  EXPECT_EQ(dates(plan, "五、(五)"), "2019-12-01..2019-12-31");
  EXPECT_EQ(dates(plan, "六、(二)"), "2019-02-01..2019-12-31");
  EXPECT_EQ(dates(plan, "六、(三)"), "2019-03-01..2019-12-31");
  EXPECT_EQ(dates(plan, "四、(一)、1."), "none..none");  // the plan gives it no time
  EXPECT_EQ(find(plan, "五、(二)")->title, "摸底排查");
  EXPECT_EQ(find(plan, "四、(七)、1.")->title, "抓好金融扶贫");
}

// ---------------------------------------------------------------------------------------------
// Committing the tasks as plan_task items.

class PlanCommitTest : public testing::EngineFixture {
 protected:
  Result<ImportResult> commit(const Principal& who, const PlanImport& plan, int64_t org_id) {
    ImportResult out;
    auto r = write([&](StoreWriter& s) -> Result<nlohmann::json> {
      auto done = commit_plan_tasks(s, rules(), who, plan, org_id, now);
      if (!done) return std::unexpected(done.error());
      out = *done;
      return to_json(*done);
    });
    if (!r) return std::unexpected(r.error());
    return out;
  }

  int64_t item_count() {
    return *db_->read([](StoreReader& s) -> Result<int64_t> { return s.count_items(); });
  }
};

TEST_F(PlanCommitTest, CreatesEachTaskOnceAcrossImports) {
  PlanImport plan = read_excerpt();
  auto first = commit(manager, plan, org("泗顶镇"));
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->created, 11);
  EXPECT_EQ(first->existing, 0);
  EXPECT_EQ(item_count(), 11);

  auto again = commit(manager, read_excerpt(), org("泗顶镇"));
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->existing, 11);
  EXPECT_EQ(again->existing_ids, first->created_ids);
  EXPECT_EQ(item_count(), 11);

  // What one item holds.
  auto item = db_->read([&](StoreReader& s) -> Result<std::optional<WorkItem>> {
    return s.item(first->created_ids[1]);
  });
  ASSERT_TRUE(item && item->has_value());
  const WorkItem& w = **item;
  EXPECT_EQ(w.workflow, "plan_task");
  EXPECT_EQ(w.stage, "not_started");
  EXPECT_EQ(w.plan_year, 2019);
  EXPECT_EQ(w.org_id, org("泗顶镇"));
  EXPECT_EQ(w.title, plan.tasks[1].title);
  EXPECT_EQ(w.due_on, "2019-03-31");
  EXPECT_EQ(w.fields["plan_path"], "四、(三)、1.");
  EXPECT_EQ(w.fields["time_expression"], "2019年2—3月");
  EXPECT_EQ(w.fields["start_on"], "2019-02-01");
  auto linked = db_->read([&](StoreReader& s) -> Result<std::optional<int64_t>> {
    return s.item_for_plan_source(plan_source_key(2019, org("泗顶镇"), plan.tasks[1]));
  });
  ASSERT_TRUE(linked);
  EXPECT_EQ(*linked, w.id);
  // An undated task is created without a due date, not with a made-up one.
  auto undated = db_->read([&](StoreReader& s) -> Result<std::optional<WorkItem>> {
    return s.item(first->created_ids[0]);
  });
  ASSERT_TRUE(undated && undated->has_value());
  EXPECT_FALSE((*undated)->due_on.has_value());
}

TEST_F(PlanCommitTest, TheAuditLogNamesTheUserWhoImported) {
  auto done = commit(manager, read_excerpt(), org("泗顶镇"));
  ASSERT_TRUE(done);
  auto records = db_->read([](StoreReader& s) -> Result<std::vector<AuditRecord>> {
    return s.audit(0, 10000);
  });
  ASSERT_TRUE(records);
  int creates = 0;
  for (const auto& r : *records) {
    if (r.action != "item.create") continue;
    ++creates;
    EXPECT_EQ(r.actor, manager.actor());
  }
  EXPECT_EQ(creates, 11);
}

TEST_F(PlanCommitTest, AnotherUnitGetsItsOwnTasks) {
  PlanImport plan = read_excerpt();
  ASSERT_TRUE(commit(manager, plan, org("泗顶镇")));
  auto village = commit(manager, plan, org("吉照村"));
  ASSERT_TRUE(village);
  EXPECT_EQ(village->created, 11);
  EXPECT_EQ(item_count(), 22);
}

TEST_F(PlanCommitTest, ARefusedImportCreatesNothing) {
  PlanImport plan = read_excerpt();
  // A manager scoped to 吉照村 may not create the township's tasks; nor may finance.
  auto scoped = commit(village_manager, plan, org("泗顶镇"));
  ASSERT_FALSE(scoped);
  EXPECT_EQ(scoped.error().code, ErrorCode::forbidden);
  auto finance_import = commit(finance, plan, org("泗顶镇"));
  ASSERT_FALSE(finance_import);
  EXPECT_EQ(finance_import.error().code, ErrorCode::forbidden);
  EXPECT_EQ(item_count(), 0);
  // The scoped manager may import into their own village.
  auto own = commit(village_manager, plan, org("吉照村"));
  ASSERT_TRUE(own) << own.error().message;
  EXPECT_EQ(own->created, 11);
}

TEST_F(PlanCommitTest, ScopedManagerLearnsNothingOfAnotherUnitsImport) {
  PlanImport plan = read_excerpt();
  ASSERT_TRUE(commit(manager, plan, org("泗顶镇")));
  // Every task exists already for the township: the refusal must come before the lookup, or
  // the answer would list the township's item ids.
  auto scoped = commit(village_manager, plan, org("泗顶镇"));
  ASSERT_FALSE(scoped);
  EXPECT_EQ(scoped.error().code, ErrorCode::forbidden);
}

TEST_F(PlanCommitTest, CommitsTheWholeSeedPlanIdempotently) {
  auto text = read_file(kSeedPlan);
  if (!text) GTEST_SKIP() << kSeedPlan << " is not there";
  auto plan = read_work_plan(*text, 2019, &plan_calendar());
  ASSERT_TRUE(plan);
  auto first = commit(manager, *plan, org("泗顶镇"));
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(static_cast<std::size_t>(first->created), plan->tasks.size());
  auto again = commit(manager, *plan, org("泗顶镇"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(static_cast<std::size_t>(again->existing), plan->tasks.size());
}

}  // namespace
}  // namespace taizhang
