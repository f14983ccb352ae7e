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

namespace taizhang {

inline constexpr int kDefaultNoticeDays = 10;
inline constexpr int kMaxNoticeDays = 90;
inline constexpr size_t kMaxNoticeTextBytes = 3000;  // per content: 1,000 汉字
inline constexpr size_t kMaxObjectionBytes = 3000;
// Objections one notice records; past it, raising one more is `conflict` (a board that draws
// a thousand objections is a matter for the county, not for one more row).
inline constexpr int kMaxObjectionsPerNotice = 1000;

struct NoticeRules {
  // The shortest period a notice may have (PRODUCT.md: normally 10 days; a setting).
  int min_period_days = kDefaultNoticeDays;
};

struct NewNotice {
  NoticeLevel level = NoticeLevel::village;
  NoticePhase phase = NoticePhase::before;
  std::string posted_on;
  std::optional<int> period_days;
  // The content keys of notice_content_keys(); checked here, so that every missing one is named.
  nlohmann::json contents = nlohmann::json::object();
};

struct NewObjection {
  std::optional<std::string> raised_on;  // default: today
  std::optional<std::string> channel;
  std::string content;
};

// Checks contents: every key present (invalid_field with `fields` naming each missing one),
// texts non-empty within limits, counts integers ≥ 0, the hotline carrying 12317 and a local
// number.
Result<void> validate_notice_contents(const nlohmann::json& contents);

Result<Notice> post_notice(NoticeWriter& store, const Principal& who, const NoticeRules& rules,
                           int64_t item_id, const NewNotice& request, TimePoint now);

// Objections are recorded for days within the notice's period, up to today.
Result<Objection> raise_objection(NoticeWriter& store, const Principal& who, int64_t notice_id,
                                  const NewObjection& request, TimePoint now);

// conflict when already resolved.
Result<Objection> resolve_objection(NoticeWriter& store, const Principal& who, int64_t objection_id,
                                    const std::string& resolution, TimePoint now);

}  // namespace taizhang
