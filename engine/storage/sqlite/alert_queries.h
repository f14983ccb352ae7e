// The SQL of the alert scan and the morning report, named, so that a test can ask SQLite for
// each one's plan (EXPLAIN QUERY PLAN) and hold it to its index: these run over every open item
// or every unresolved alert, and a plan that falls back to walking a whole table makes every
// write and every scan cost as much as the database is large.
#pragma once

#include <string>

namespace taizhang::sqlite {

inline const std::string kAlertColumns =
    "a.id, a.item_id, a.org_id, a.stage, a.stage_entered_at, a.level, a.state, a.due_on, "
    "a.raised_at, a.recipients, a.acked_at, a.acked_by, a.resolved_at, a.milestone";

// The columns of a DueItem, with the levels already raised for the item's current stage visit
// (the alerts' unique index on (item_id, stage, stage_entered_at, level) answers that).
inline const std::string kDueItemColumns =
    "i.id, i.org_id, i.title, i.stage, i.stage_entered_at, i.due_on, i.responsible_id, "
    "(SELECT group_concat(a.level) FROM alerts a WHERE a.item_id = i.id AND a.stage = i.stage "
    "AND a.stage_entered_at = i.stage_entered_at) ";

// ?1 org id, ?2 ?3 the cursor (due_on, id), ?4 the last due date, ?5 the limit.
inline const std::string kOpenItemsOfUnitDueBySql =
    "SELECT " + kDueItemColumns +
    "FROM items i INDEXED BY items_open_by_unit_due "
    "WHERE i.org_id = ?1 AND i.closed = 0 AND i.due_on IS NOT NULL "
    "AND (i.due_on, i.id) > (?2, ?3) AND i.due_on <= ?4 ORDER BY i.due_on, i.id LIMIT ?5";

// ?1 ?2 the cursor (due_on, id), ?3 due_by, ?4 escalated_by, ?5 overdue_before, ?6 the limit.
inline const std::string kItemsNeedingAlertsSql =
    "SELECT " + kDueItemColumns +
    "FROM items i INDEXED BY items_alert_watch "
    "WHERE i.closed = 0 AND i.due_on IS NOT NULL AND (i.due_on, i.id) > (?1, ?2) "
    "AND i.due_on <= ?3 AND coalesce(i.alert_level, 0) < "
    "(CASE WHEN i.due_on <= ?4 THEN 3 WHEN i.due_on < ?5 THEN 2 ELSE 1 END) "
    "ORDER BY i.due_on, i.id LIMIT ?6";

// ?1 the item id.
inline const std::string kDueItemSql =
    "SELECT " + kDueItemColumns +
    "FROM items i WHERE i.id = ?1 AND i.closed = 0 AND i.due_on IS NOT NULL";

// ?1 after this alert id, ?2 the limit. A stage alert is left behind once its item moved on or
// closed; a milestone alert (alerts.milestone, migration 010) once that milestone is reached.
inline const std::string kAlertsLeftBehindSql =
    "SELECT " + kAlertColumns +
    " FROM alerts a INDEXED BY alerts_unresolved_by_id JOIN items i ON i.id = a.item_id "
    "WHERE a.state != 'resolved' AND a.id > ?1 "
    "AND (i.closed = 1 OR (a.milestone IS NULL AND (i.stage != a.stage OR "
    "i.stage_entered_at != a.stage_entered_at)) OR (a.milestone IS NOT NULL AND "
    "json_extract(i.milestones, '$[' || (a.milestone - 1) || '].reached_on') IS NOT NULL)) "
    "ORDER BY a.id LIMIT ?2";

// ?1 the item id. The alerts' unique index leads with item_id (migration 019); it returns an
// item's alerts in (stage, stage_entered_at, level) order, and the store puts the few it finds
// in id order itself rather than have SQLite build a sorter for them.
inline const std::string kUnresolvedAlertsSql =
    "SELECT " + kAlertColumns +
    " FROM alerts a INDEXED BY sqlite_autoindex_alerts_1 "
    "WHERE a.item_id = ?1 AND a.state != 'resolved'";

// After an alert is raised, the item remembers the highest level raised for its stage visit.
// ?1 the level's rank, ?2 the item id, ?3 the stage, ?4 stage_entered_at.
inline const std::string kMarkAlertLevelSql =
    "UPDATE items SET alert_level = max(coalesce(alert_level, 0), ?1) "
    "WHERE id = ?2 AND stage = ?3 AND stage_entered_at = ?4";

}  // namespace taizhang::sqlite
