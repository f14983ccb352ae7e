// Posting notices and recording objections, as write jobs. Managers, finance and admins post
// and record; a scoped user only for items of their units. Every change is in the audit chain.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/base/clock.h"
#include "engine/base/error.h"
#include "engine/notice/notice.h"
#include "engine/access/principal.h"
#include "engine/notice/notice_store.h"
#include "engine/items/item.h"
#include <date/date.h>

namespace taizhang {

inline constexpr int kDefaultNoticeDays = 10;
inline constexpr int kMaxNoticeDays = 90;
inline constexpr size_t kMaxNoticeTextBytes = 3000;  // per content: 1,000 汉字
inline constexpr size_t kMaxObjectionBytes = 3000;
// Objections one notice records; past it, raising one more is `conflict` (a board that draws
// a thousand objections is a matter for the county, not for one more row).
inline constexpr int kMaxObjectionsPerNotice = 1000;

class WorkflowCatalog;
class WorkingDayCalendar;

struct NoticeRules {
  // The shortest period a notice may have (PRODUCT.md: normally 10 days; a setting).
  int min_period_days = kDefaultNoticeDays;
  // Set (serve --notice-min-working-days): the shortest period is this many working days
  // instead ("some counties use 7 working days").
  std::optional<int> min_working_days = std::nullopt;
  // The holiday calendar periods in working days are counted on; without one they are refused.
  const WorkingDayCalendar* calendar = nullptr;
  // The item's workflow may declare a round for a level and phase with its own minimum
  // (housing repair's 村级公示, 乡镇审核公示, 县级审批公示), which then applies instead of the above.
  const WorkflowCatalog* workflows = nullptr;
};

// The shortest period a notice of `level` and `phase` on an item of `workflow` (version) may have,
// and the name of the round it is, if the workflow declares one (else the rules' minimum and "").
struct NoticeMinimum {
  NoticePeriod period;
  std::string round;  // "村级公示"; empty when no round is declared
};
NoticeMinimum notice_minimum(const NoticeRules& rules, const WorkItem& item, NoticeLevel level,
                             NoticePhase phase);

// The last day on the board of a notice posted on `posted_on` for `period`. Calendar days count
// the posting day as the first (10天 from 3-01 ends 3-10). Working days count the posting day when
// it is a working day, else start from the next one (7个工作日 from Friday 2019-03-01 ends Monday
// 2019-03-11). Errors: invalid_field "calendar" (working days without a calendar, a count
// outside 0..kMaxWorkingDays, or one that needs a year the calendar lacks). A count in calendar
// days never fails.
Result<date::year_month_day> notice_ends_on(date::year_month_day posted_on, NoticePeriod period,
                                            const WorkingDayCalendar* calendar);

struct NewNotice {
  NoticeLevel level = NoticeLevel::village;
  NoticePhase phase = NoticePhase::before;
  std::string posted_on;
  // At most one of period_days and period_working_days; neither: 10 days, or the shortest period
  // allowed (notice_minimum) where that ends later.
  std::optional<int> period_days;
  // The content keys of notice_content_keys(); checked here, so that every missing one is named.
  nlohmann::json contents = nlohmann::json::object();
  std::optional<int> period_working_days = std::nullopt;  // 7个工作日, counted on the holiday calendar
};

struct NewObjection {
  std::optional<std::string> raised_on;  // default: today
  std::optional<std::string> channel;
  std::string content;
};

// Checks contents: every key present (invalid_field with `fields` naming each missing one),
// texts non-empty within limits, counts integers ≥ 0, the hotline carrying 12317 and a local
// number.
// Errors: invalid_field only (`contents` not an object; a missing or blank key, `fields` naming
// each; a count not an integer from 0 to 10,000,000; a text not a string or over
// kMaxNoticeTextBytes; `hotline` without 12317 and a local number).
Result<void> validate_notice_contents(const nlohmann::json& contents);

// Errors: forbidden (not a manager, finance or admin), not_found (no such item, or outside
// `who`'s scope: "access.denied" recorded and committed), invalid_field (`contents` as
// validate_notice_contents; `posted_on` not a date, after today or before 2000;
// `period_days`/`period_working_days` both given, outside 1..kMaxNoticeDays, ending before the
// shortest period allowed, or not countable on the calendar — notice_ends_on's error, named
// by the period's field). A closed item may still be given a notice.
Result<Notice> post_notice(NoticeWriter& store, const Principal& who, const NoticeRules& rules,
                           int64_t item_id, const NewNotice& request, TimePoint now);

// Objections are recorded for days within the notice's period, up to today. No role is
// checked here: anyone who can see the notice records one.
// Errors: not_found (no such notice, or outside `who`'s scope: "access.denied" recorded and
// committed), invalid_field (`content` blank or over kMaxObjectionBytes; `channel` blank or over
// 200 bytes when given; `raised_on` not a date, or outside the period or after today), conflict
// (the notice records kMaxObjectionsPerNotice objections already).
Result<Objection> raise_objection(NoticeWriter& store, const Principal& who, int64_t notice_id,
                                  const NewObjection& request, TimePoint now);

// No role is checked here: anyone who can see the objection's notice resolves it.
// Errors: not_found (no such objection, or its notice outside `who`'s scope: "access.denied"
// recorded and committed, naming the objection), invalid_field (`resolution` blank or over
// kMaxObjectionBytes), conflict (already resolved).
Result<Objection> resolve_objection(NoticeWriter& store, const Principal& who, int64_t objection_id,
                                    const std::string& resolution, TimePoint now);

}  // namespace taizhang
