// Every query of the alert scan and the morning report runs over every open item or every
// unresolved alert of the database. Each one's plan, as SQLite reports it (EXPLAIN QUERY PLAN),
// must walk its index: no table scan, no sort of everything before the first row. A plan is a
// fact about the schema and the query text, not a time, so it is held here; the time is what
// bench/alert_scan_bench.cc and bench/write_cost_bench.cc print.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/storage/sqlite/alert_queries.h"
#include "engine/storage/sqlite/connection.h"
#include "engine/storage/sqlite/open_database.h"
#include "engine/storage/sqlite/startup_queries.h"
#include "tests/support/temp_dir.h"

namespace taizhang {
namespace {

struct ScanQuery {
  const char* name;
  const std::string& sql;
  std::vector<std::string> indexes;  // each must appear in the plan
};

std::vector<std::string> plan_of(sqlite::Connection& db, const std::string& sql) {
  auto& s = db.prepare("EXPLAIN QUERY PLAN " + sql);
  std::vector<std::string> details;
  while (s.step()) details.push_back(s.text(3));
  s.reset();
  return details;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += "\n  " + l;
  return out;
}

TEST(ScanQueryPlan, EveryScanQueryWalksItsIndex) {
  testing::TempDir dir;
  {
    auto db = sqlite::open_database(dir.file("plan.db"));  // every migration applied
    ASSERT_TRUE(db) << db.error().message;
  }
  sqlite::Connection db(dir.file("plan.db"), sqlite::Connection::Mode::read_only);
  // The alerts' unique index (item_id, stage, stage_entered_at, level) answers "which levels
  // are raised for this stage visit" for every item a scan reads.
  const std::string levels_raised = "sqlite_autoindex_alerts_1";
  const std::vector<ScanQuery> queries = {
      {"items_needing_alerts", sqlite::kItemsNeedingAlertsSql,
       {"items_alert_watch", levels_raised}},
      {"open_items_of_unit_due_by", sqlite::kOpenItemsOfUnitDueBySql,
       {"items_open_by_unit_due", levels_raised}},
      {"due_item", sqlite::kDueItemSql, {"INTEGER PRIMARY KEY", levels_raised}},
      {"alerts_left_behind", sqlite::kAlertsLeftBehindSql,
       {"alerts_unresolved_by_id", "INTEGER PRIMARY KEY"}},
      {"unresolved_alerts", sqlite::kUnresolvedAlertsSql, {levels_raised}},
      {"mark alert level", sqlite::kMarkAlertLevelSql, {"INTEGER PRIMARY KEY"}},
      // The start-up check's (engine/verify/startup_check.h) and the catalog's.
      {"audit_of_access", sqlite::kAuditOfAccessSql, {"audit_log_access"}},
      {"items_by_stage_and_closed", sqlite::kItemsByStageAndClosedSql, {"items_stage_closed"}},
      {"logged_workflow_sha256", sqlite::kLoggedWorkflowSha256Sql,
       {"audit_log_workflow_versions"}},
  };
  for (const auto& q : queries) {
    SCOPED_TRACE(q.name);
    const auto plan = plan_of(db, q.sql);
    ASSERT_FALSE(plan.empty());
    for (const auto& index : q.indexes) {
      bool used = false;
      for (const auto& line : plan) used = used || line.find("USING " + index) != std::string::npos ||
                                       line.find("USING COVERING INDEX " + index) != std::string::npos ||
                                       line.find("USING INDEX " + index) != std::string::npos;
      EXPECT_TRUE(used) << "the plan does not use " << index << ":" << joined(plan);
    }
    for (const auto& line : plan) {
      // "SCAN t" alone reads the whole table; "SCAN t USING INDEX x" walks a (partial) index
      // in its order, which a LIMIT stops early.
      const bool table_scan =
          line.rfind("SCAN ", 0) == 0 && line.find(" USING ") == std::string::npos;
      EXPECT_FALSE(table_scan) << "a whole table is read:" << joined(plan);
      EXPECT_EQ(line.find("TEMP B-TREE"), std::string::npos)
          << "every row is sorted before the first is returned:" << joined(plan);
    }
  }
}

}  // namespace
}  // namespace taizhang
