// A public notice (公告公示) of a work item, as posted on a county, township or village board,
// before implementation (事前公示) or after completion (事后公告), and the objections raised
// against it during its period. A notice passes when its period is over and no objection is
// open; the guards notice_passed:before and notice_passed:after ask exactly that.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace taizhang {

enum class NoticeLevel { county, township, village };
enum class NoticePhase { before, after };

std::string_view to_string(NoticeLevel level);
std::string_view to_string(NoticePhase phase);
std::optional<NoticeLevel> parse_notice_level(std::string_view text);
std::optional<NoticePhase> parse_notice_phase(std::string_view text);
std::string_view chinese_name(NoticeLevel level);  // 县级, 乡镇, 村级
std::string_view chinese_name(NoticePhase phase);  // 事前公示, 事后公告

// The contents a project notice must carry (国务院扶贫办 2017 公告公示 guidance), by key, with
// its Chinese label. Integer contents are the beneficiary counts; the rest are text.
struct NoticeContentKey {
  const char* key;
  const char* label;
  bool integer;
};
const std::vector<NoticeContentKey>& notice_content_keys();

// A notice period as a rule or a poster gives it: a count of calendar days ("10天") or of
// working days ("7个工作日", counted on the holiday calendar).
struct NoticePeriod {
  int count = 10;
  bool working_days = false;
};
std::string describe(NoticePeriod period);  // "10天", "7个工作日"

struct Notice {
  int64_t id = 0;
  int64_t item_id = 0;
  int64_t org_id = 0;
  NoticeLevel level = NoticeLevel::village;
  NoticePhase phase = NoticePhase::before;
  std::string posted_on;  // YYYY-MM-DD
  // The calendar days on the board, posted_on to ends_on: the period given, or the days that a
  // period in working days spans.
  int period_days = 10;
  // Set when the period was given in working days (7个工作日): then ends_on is the last of them,
  // counting posted_on when it is a working day.
  std::optional<int> period_working_days = std::nullopt;
  std::string ends_on;    // last day on the board
  nlohmann::json contents = nlohmann::json::object();
  // 资金来源及规模, read from the ledger when posted: {"sources": [...], "allocated_fen",
  // "disbursed_fen"}.
  nlohmann::json funding = nlohmann::json::object();
  std::string posted_at;
  int64_t posted_by = 0;
  int64_t audit_seq = 0;
};

struct Objection {
  int64_t id = 0;
  int64_t notice_id = 0;
  std::string raised_on;  // YYYY-MM-DD
  std::optional<std::string> channel;  // e.g. "12317", "村公示栏留言"
  std::string content;
  std::string raised_at;
  int64_t raised_by = 0;
  std::optional<std::string> resolution;
  std::optional<std::string> resolved_at;
  std::optional<int64_t> resolved_by;
  bool open() const { return !resolution.has_value(); }
};

// The period as it was given: in working days when period_working_days is set.
NoticePeriod period_of(const Notice& notice);

// How a notice stands on `today`: still on the board, passed, or waiting on an objection.
enum class NoticeStatus { active, passed, objection_open };
std::string_view to_string(NoticeStatus status);
NoticeStatus notice_status(const Notice& notice, int open_objections, std::string_view today);

// The audit log's record of each (every stored column but audit_seq).
nlohmann::json snapshot(const Notice& notice);
nlohmann::json snapshot(const Objection& objection);

}  // namespace taizhang
