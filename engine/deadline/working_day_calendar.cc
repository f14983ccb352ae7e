#include "engine/deadline/working_day_calendar.h"

#include <nlohmann/json.hpp>

#include <cassert>
#include <fstream>
#include <iterator>
#include <string>

#include "engine/base/clock.h"

namespace taizhang {

namespace {

using date::sys_days;
using date::year_month_day;

int day_of_year(year_month_day day) {
  return static_cast<int>((sys_days{day} - sys_days{day.year() / date::January / 1}).count());
}

bool digits_at(std::string_view text, std::size_t from, std::size_t count, int& value) {
  value = 0;
  for (std::size_t i = from; i < from + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

// Everything load() finds wrong is an invalid_field naming the JSON path, so that the
// administrator who edited the file can go straight to the entry.
std::unexpected<Error> bad_entry(const std::string& path, const std::string& problem) {
  return fail(ErrorCode::invalid_field, "calendar file: " + path + ": " + problem, path);
}

struct DayRange {
  year_month_day first;
  year_month_day last;
};

// "2019-02-04" or "2019-02-04..2019-02-10".
std::optional<DayRange> parse_day_range(std::string_view text) {
  if (text.size() == 10) {
    auto day = parse_date(text);
    if (!day) return std::nullopt;
    return DayRange{*day, *day};
  }
  if (text.size() != 22 || text.substr(10, 2) != "..") return std::nullopt;
  auto first = parse_date(text.substr(0, 10));
  auto last = parse_date(text.substr(12));
  if (!first || !last) return std::nullopt;
  return DayRange{*first, *last};
}

}  // namespace

Result<WorkingDayCalendar> WorkingDayCalendar::load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(ErrorCode::not_found,
                "cannot open the working-day calendar file " + path.string(), "calendar");
  }
  std::string text;
  text.resize(kMaxFileBytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxFileBytes) {
    return fail(ErrorCode::payload_too_large,
                "the working-day calendar file " + path.string() + " is larger than 1 MiB",
                "calendar");
  }
  return from_json(text);
}

Result<WorkingDayCalendar> WorkingDayCalendar::from_json(std::string_view json_text) {
  if (json_text.size() > kMaxFileBytes) {
    return fail(ErrorCode::payload_too_large, "the working-day calendar is larger than 1 MiB",
                "calendar");
  }
  nlohmann::json document = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    return fail(ErrorCode::bad_json, "the working-day calendar is not well-formed JSON",
                "calendar");
  }
  return from_document(document);
}

WorkingDayCalendar::YearDays* WorkingDayCalendar::year_days(int year) {
  assert(year >= kFirstYear - 1 && year <= kLastYear);
  if (years_.empty()) first_year_ = year;
  if (year < first_year_) {
    years_.insert(years_.begin(), static_cast<std::size_t>(first_year_ - year), YearDays{});
    first_year_ = year;
  }
  auto index = static_cast<std::size_t>(year - first_year_);
  if (index >= years_.size()) years_.resize(index + 1);
  return &years_[index];
}

const WorkingDayCalendar::YearDays* WorkingDayCalendar::find_year(int year) const {
  if (years_.empty() || year < first_year_) return nullptr;
  auto index = static_cast<std::size_t>(year - first_year_);
  return index < years_.size() ? &years_[index] : nullptr;
}

namespace {

// Reads a JSON list of days or ranges that belong to `year`'s notice (the notice may reach back
// into the previous December) and calls mark(day) for each day; mark returns what is wrong with
// the day, or an empty string.
template <typename Mark>
Result<int> read_day_list(const nlohmann::json& list, const std::string& path, int year,
                          int max_range_days, Mark mark) {
  if (!list.is_array()) return bad_entry(path, "must be a list of dates");
  if (list.size() > WorkingDayCalendar::kMaxEntriesPerList) {
    return bad_entry(path, "has more than 100 entries");
  }
  int count = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    std::string here = path + "[" + std::to_string(i) + "]";
    if (!list[i].is_string()) return bad_entry(here, "must be a string");
    const auto& text = list[i].get_ref<const std::string&>();
    auto range = parse_day_range(text);
    if (!range) {
      return bad_entry(here, "\"" + text + "\" is not YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD");
    }
    int first_year = static_cast<int>(range->first.year());
    int last_year = static_cast<int>(range->last.year());
    if (first_year < year - 1 || last_year > year) {
      return bad_entry(here, "\"" + text + "\" is not in " + std::to_string(year) +
                                 " or the December before it");
    }
    auto days = (sys_days{range->last} - sys_days{range->first}).count() + 1;
    if (days < 1 || days > max_range_days) {
      return bad_entry(here, "\"" + text + "\" runs backwards or is longer than " +
                                 std::to_string(max_range_days) + " days");
    }
    for (sys_days day{range->first}; day <= sys_days{range->last}; day += date::days{1}) {
      if (std::string problem = mark(year_month_day{day}); !problem.empty()) {
        return bad_entry(here, problem);
      }
      ++count;
    }
  }
  return count;
}

Result<year_month_day> read_spring_festival(const nlohmann::json& value, const std::string& path,
                                            int year) {
  if (!value.is_string()) return bad_entry(path, "must be a date string YYYY-MM-DD");
  const auto& text = value.get_ref<const std::string&>();
  auto day = parse_date(text);
  // 正月初一 always falls between 21 January and 20 February; outside that is a typo.
  if (!day || static_cast<int>(day->year()) != year ||
      sys_days{*day} < sys_days{date::year{year} / date::January / 21} ||
      sys_days{*day} > sys_days{date::year{year} / date::February / 20}) {
    return bad_entry(path, "\"" + text + "\" is not a Spring Festival date in " +
                               std::to_string(year) + " (21 January to 20 February)");
  }
  return *day;
}

Result<int> read_year_key(const std::string& key, const std::string& path) {
  int year = 0;
  if (key.size() != 4 || !digits_at(key, 0, 4, year) || year < WorkingDayCalendar::kFirstYear ||
      year > WorkingDayCalendar::kLastYear) {
    return bad_entry(path, "\"" + key + "\" is not a year between 1950 and 2199");
  }
  return year;
}

}  // namespace

Result<WorkingDayCalendar> WorkingDayCalendar::from_document(const nlohmann::json& document) {
  if (!document.is_object()) return bad_entry("(top)", "must be a JSON object");
  auto years = document.find("years");
  if (years == document.end() || !years->is_object() || years->empty()) {
    return bad_entry("years", "must be an object with at least one year");
  }
  if (years->size() > static_cast<std::size_t>(kLastYear - kFirstYear + 1)) {
    return bad_entry("years", "has too many years");
  }
  WorkingDayCalendar calendar;
  for (const auto& [key, entry] : years->items()) {
    const std::string path = "years." + key;
    auto year = read_year_key(key, path);
    if (!year) return std::unexpected(year.error());
    if (!entry.is_object()) return bad_entry(path, "must be an object");
    auto source = entry.find("source");
    if (source == entry.end() || !source->is_string() ||
        source->get_ref<const std::string&>().empty()) {
      return bad_entry(path + ".source", "must name the notice the dates come from");
    }
    for (const char* list : {"holidays", "makeup_workdays", "spring_festival"}) {
      if (!entry.contains(list)) return bad_entry(path + "." + list, "is missing");
    }
    auto mark_holiday = [&calendar](year_month_day day) -> std::string {
      calendar.year_days(static_cast<int>(day.year()))->holiday.set(day_of_year(day));
      return {};
    };
    auto holidays = read_day_list(entry["holidays"], path + ".holidays", *year, kMaxRangeDays,
                                  mark_holiday);
    if (!holidays) return std::unexpected(holidays.error());
    auto mark_makeup = [&calendar](year_month_day day) -> std::string {
      auto weekday = date::weekday{sys_days{day}};
      if (weekday != date::Saturday && weekday != date::Sunday) {
        return format_date(day) + " is not a Saturday or Sunday";
      }
      auto* slot = calendar.year_days(static_cast<int>(day.year()));
      if (slot->holiday.test(day_of_year(day))) {
        return format_date(day) + " is also listed as a holiday";
      }
      slot->makeup_workday.set(day_of_year(day));
      return {};
    };
    auto makeups = read_day_list(entry["makeup_workdays"], path + ".makeup_workdays", *year,
                                 /*max_range_days=*/1, mark_makeup);
    if (!makeups) return std::unexpected(makeups.error());
    auto festival =
        read_spring_festival(entry["spring_festival"], path + ".spring_festival", *year);
    if (!festival) return std::unexpected(festival.error());
    auto* slot = calendar.year_days(*year);
    slot->covered = true;
    slot->spring_festival_doy = day_of_year(*festival);
  }
  if (auto later = document.find("spring_festival"); later != document.end()) {
    if (!later->is_object()) return bad_entry("spring_festival", "must be an object");
    for (const auto& [key, value] : later->items()) {
      const std::string path = "spring_festival." + key;
      auto year = read_year_key(key, path);
      if (!year) return std::unexpected(year.error());
      auto festival = read_spring_festival(value, path, *year);
      if (!festival) return std::unexpected(festival.error());
      auto* slot = calendar.year_days(*year);
      if (slot->spring_festival_doy >= 0 && slot->spring_festival_doy != day_of_year(*festival)) {
        return bad_entry(path, "disagrees with years." + key + ".spring_festival");
      }
      slot->spring_festival_doy = day_of_year(*festival);
    }
  }
  return calendar;
}

bool WorkingDayCalendar::covers(date::year year) const {
  const YearDays* days = find_year(static_cast<int>(year));
  return days != nullptr && days->covered;
}

Result<bool> WorkingDayCalendar::is_working_day(year_month_day day) const {
  assert(day.ok());
  const YearDays* days = find_year(static_cast<int>(day.year()));
  if (days == nullptr || !days->covered) {
    return fail(ErrorCode::invalid_field,
                "the working-day calendar has no holiday notice for " +
                    std::to_string(static_cast<int>(day.year())) +
                    "; add that year to calendar/cn_workdays.json",
                "calendar");
  }
  int doy = day_of_year(day);
  if (days->makeup_workday.test(doy)) return true;
  if (days->holiday.test(doy)) return false;
  auto weekday = date::weekday{sys_days{day}};
  return weekday != date::Saturday && weekday != date::Sunday;
}

Result<year_month_day> WorkingDayCalendar::add_working_days(year_month_day from,
                                                            int working_days) const {
  if (working_days < 0 || working_days > kMaxWorkingDays) {
    return fail(ErrorCode::invalid_field,
                "a working-day count must be between 0 and " + std::to_string(kMaxWorkingDays),
                "calendar");
  }
  sys_days day{from};
  // Each working day needs at most a few calendar days; the bound only guards the loop.
  for (int counted = 0, steps = 0; counted < working_days; ++steps) {
    assert(steps < 4 * kMaxWorkingDays + 64);
    day += date::days{1};
    auto working = is_working_day(year_month_day{day});
    if (!working) return std::unexpected(working.error());
    if (*working) ++counted;
  }
  return year_month_day{day};
}

Result<year_month_day> WorkingDayCalendar::spring_festival(date::year year) const {
  const YearDays* days = find_year(static_cast<int>(year));
  if (days == nullptr || days->spring_festival_doy < 0) {
    return fail(ErrorCode::invalid_field,
                "the working-day calendar does not give the date of Spring Festival " +
                    std::to_string(static_cast<int>(year)) +
                    "; add it to calendar/cn_workdays.json",
                "calendar");
  }
  return year_month_day{sys_days{year / date::January / 1} + date::days{days->spring_festival_doy}};
}

}  // namespace taizhang
