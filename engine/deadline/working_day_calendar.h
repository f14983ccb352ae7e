// China's working-day calendar: which days are 工作日.
//
// A day is a working day when it is a make-up working day (调休, a Saturday or Sunday the State
// Council's notice turns into a working day), or when it is Monday to Friday and not a statutory
// holiday. The holidays and make-up days are data, one entry per year, loaded from a JSON file
// (calendar/cn_workdays.json) that an administrator extends each year without rebuilding.
//
// A year that is not in the file is an error for every working-day question, never a silent
// weekend-only count: a deadline computed from a guessed calendar is worse than none.
//
// The file also carries the date of Spring Festival (正月初一) per year, which "春节前" needs.
//
// Thread safety: a loaded calendar is immutable; its const methods may be called from any number
// of threads at once.
#pragma once

#include <date/date.h>
#include <nlohmann/json_fwd.hpp>

#include <bitset>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/error.h"

namespace taizhang {

class WorkingDayCalendar {
 public:
  // Limits on the data file, so that a wrong file cannot exhaust memory.
  static constexpr std::size_t kMaxFileBytes = 1 << 20;
  static constexpr int kFirstYear = 1950;
  static constexpr int kLastYear = 2199;
  static constexpr std::size_t kMaxEntriesPerList = 100;
  static constexpr int kMaxRangeDays = 31;      // one holiday period, e.g. 2019-02-04..2019-02-10
  static constexpr int kMaxWorkingDays = 3660;  // add_working_days counts at most this many

  // Reads and checks the calendar file. Errors: not_found when the file cannot be read,
  // bad_json when it is not JSON, invalid_field (naming the JSON path) when an entry is wrong.
  static Result<WorkingDayCalendar> load(const std::filesystem::path& path);

  // The same from the file's text, or from an already parsed JSON document. The shape:
  //   {"years": {"2019": {"source": "...", "spring_festival": "2019-02-05",
  //                       "holidays": ["2019-02-04..2019-02-10", "2019-04-05", ...],
  //                       "makeup_workdays": ["2019-02-02", ...]}, ...},
  //    "spring_festival": {"2027": "2027-02-06", ...}}          // optional, for later years
  // Checks: dates exist and lie in the entry's year (or the December before it, for 元旦);
  // ranges run forwards and span at most kMaxRangeDays; make-up days are Saturdays or Sundays
  // and not also holidays; Spring Festival falls between 21 January and 20 February.
  static Result<WorkingDayCalendar> from_json(std::string_view json_text);
  static Result<WorkingDayCalendar> from_document(const nlohmann::json& document);

  // True when the file has the holiday notice for `year`.
  bool covers(date::year year) const;

  // Whether `day` is a working day. Error (invalid_field "calendar") when its year is not covered.
  Result<bool> is_working_day(date::year_month_day day) const;

  // The `working_days`-th working day after `from` (`from` itself is not counted, as in
  // "5个工作日内" counted from the day a stage was entered). 0 returns `from` unchanged.
  // Errors: working_days outside 0..kMaxWorkingDays, or the count reaches an uncovered year.
  Result<date::year_month_day> add_working_days(date::year_month_day from, int working_days) const;

  // 正月初一 of `year`. Error when the file does not know it.
  Result<date::year_month_day> spring_festival(date::year year) const;

 private:
  // One calendar year, indexed by day of the year (0 = 1 January).
  struct YearDays {
    std::bitset<366> holiday;
    std::bitset<366> makeup_workday;
    bool covered = false;         // the year's notice is in the file
    int spring_festival_doy = -1;  // day of the year of 正月初一, -1 when unknown
  };

  WorkingDayCalendar() = default;

  YearDays* year_days(int year);               // creates the slot if needed
  const YearDays* find_year(int year) const;   // nullptr when absent

  int first_year_ = 0;
  std::vector<YearDays> years_;  // years_[i] is year first_year_ + i
};

}  // namespace taizhang
