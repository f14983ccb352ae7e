// taizhang overdue: the morning report. Every open item due within the due_soon window or past
// its due date, by unit (organisation-tree order), the most overdue first, with days overdue,
// the alert level and the responsible person. As an aligned table for the terminal, JSON, or a
// CSV that Excel opens with the Chinese intact (UTF-8 with BOM, CRLF). Read only.
#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <optional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/storage/sqlite/open_database.h"
#include "api/csv.h"
#include "cli/bootstrap.h"
#include "cli/commands.h"
#include "engine/alerts/overdue_report.h"

namespace taizhang::cli {

namespace {

struct OverdueArgs {
  std::string db;
  std::string now;
  std::string format = "table";
  std::string due_soon_days = "7";
  std::string escalate_after_days = "15";
};

int int_arg(const std::string& text, const char* option, int min) {
  int value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end || value < min || value > 3650) {
    die(Error{ErrorCode::invalid_field,
              std::string(option) + " must be a whole number of days from " +
                  std::to_string(min) + " to 3650, not \"" + text + "\"",
              option, {}},
        2);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Text helpers

// Decodes one UTF-8 code point at text[i], advancing i; invalid bytes decode as U+FFFD.
char32_t next_code_point(std::string_view text, size_t& i) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  int len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + static_cast<size_t>(len) > text.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(text[i + static_cast<size_t>(k)]);
    if ((b >> 6) != 0x2) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  i += static_cast<size_t>(len);
  return cp;
}

int code_point_width(char32_t cp) {
  const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                    (cp >= 0xFFE0 && cp <= 0xFFE6);
  return wide ? 2 : 1;
}

// Terminal columns the text takes: CJK ideographs, fullwidth forms and Hangul count 2.
int display_width(std::string_view text) {
  int width = 0;
  for (size_t i = 0; i < text.size();) width += code_point_width(next_code_point(text, i));
  return width;
}

// A cell for the terminal: control characters (a title with a newline, or an escape sequence)
// become spaces; cut to `max_width` columns with "..." when longer.
std::string table_cell(std::string_view text, int max_width) {
  std::string clean;
  clean.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t start = i;
    const char32_t cp = next_code_point(text, i);
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
      clean += ' ';
    } else {
      clean.append(text.substr(start, i - start));
    }
  }
  if (display_width(clean) <= max_width) return clean;
  std::string cut;
  int width = 0;
  for (size_t i = 0; i < clean.size();) {
    const size_t start = i;
    const int w = code_point_width(next_code_point(clean, i));
    if (width + w > max_width - 3) break;
    cut.append(clean, start, i - start);
    width += w;
  }
  return cut + "...";
}

std::string pad(const std::string& text, int width, bool right = false) {
  const int fill = std::max(0, width - display_width(text));
  return right ? std::string(static_cast<size_t>(fill), ' ') + text
               : text + std::string(static_cast<size_t>(fill), ' ');
}

std::string days_text(int days) {
  if (days > 0) return "逾期" + std::to_string(days) + "天";
  if (days == 0) return "今日到期";
  return "剩" + std::to_string(-days) + "天";
}

// ---------------------------------------------------------------------------------------------
// Output: rows are printed as the report yields them, through a buffer of about 64 KiB, so that
// memory stays that of one page of items however long the report is.

class Output {
 public:
  ~Output() { flush(); }
  void operator+=(std::string_view text) {
    buffer_.append(text);
    if (buffer_.size() >= kFlushBytes) flush();
  }
  // False once a write to stdout failed (a full disk, a closed pipe).
  bool flush() {
    if (!buffer_.empty() && ok_) {
      ok_ = std::fwrite(buffer_.data(), 1, buffer_.size(), stdout) == buffer_.size();
    }
    buffer_.clear();
    ok_ = ok_ && std::fflush(stdout) == 0;
    return ok_;
  }

 private:
  static constexpr size_t kFlushBytes = 64 * 1024;
  std::string buffer_;
  bool ok_ = true;
};

// Calls fn(row) for every row of the report, in its order.
using EachRow = std::function<Result<void>(const std::function<void(const OverdueRow&)>&)>;

// ---------------------------------------------------------------------------------------------
// Formats

std::vector<std::string> table_line(const OverdueRow& r) {
  constexpr int kTitleMax = 44;
  return {std::to_string(r.item_id),
          table_cell(r.title, kTitleMax),
          table_cell(r.stage_name, 24),
          table_cell(r.due_on, 10),
          days_text(r.days_overdue),
          std::string(chinese_name(r.level)),
          table_cell(r.responsible.value_or("—"), 16)};
}

// The table's columns are as wide as their widest cell and each unit's heading counts its rows,
// so the table reads the report twice in the same read transaction: once to measure, once to
// print. Neither pass keeps the rows.
Result<void> write_table(const EachRow& each, Output& out, const std::string& today,
                         const AlertPolicy& policy) {
  const std::vector<std::string> headings = {"编号", "事项", "阶段", "到期日",
                                             "逾期/剩余", "级别", "责任人"};
  const std::vector<bool> right = {true, false, false, false, true, false, false};
  int64_t counts[3] = {0, 0, 0};
  int64_t total = 0;
  std::map<int64_t, std::pair<int64_t, int64_t>> per_unit;  // org id → (rows, overdue rows)
  std::vector<int> widths;
  for (const auto& h : headings) widths.push_back(display_width(h));
  auto measured = each([&](const OverdueRow& r) {
    ++counts[static_cast<int>(r.level)];
    ++total;
    auto& unit = per_unit[r.org_id];
    ++unit.first;
    if (r.days_overdue > 0) ++unit.second;
    const auto line = table_line(r);
    for (size_t c = 0; c < line.size(); ++c) {
      widths[c] = std::max(widths[c], display_width(line[c]));
    }
  });
  if (!measured) return measured;

  out += "逾期预警日报  " + today + "  （到期前" + std::to_string(policy.due_soon_days) +
         "天内为即将到期；逾期" + std::to_string(policy.escalate_after_days) +
         "天及以上为逾期升级）\n";
  if (total == 0) {
    out += "没有即将到期或逾期的在办事项。\n";
    return {};
  }
  out += "共" + std::to_string(total) + "项：" + std::string(chinese_name(AlertLevel::escalated)) +
         " " + std::to_string(counts[static_cast<int>(AlertLevel::escalated)]) + "，" +
         std::string(chinese_name(AlertLevel::overdue)) + " " +
         std::to_string(counts[static_cast<int>(AlertLevel::overdue)]) + "，" +
         std::string(chinese_name(AlertLevel::due_soon)) + " " +
         std::to_string(counts[static_cast<int>(AlertLevel::due_soon)]) + "\n\n";
  auto render = [&](const std::vector<std::string>& line) {
    std::string s = "  ";
    for (size_t c = 0; c < line.size(); ++c) {
      const bool last = c + 1 == line.size();
      s += last && !right[c] ? line[c] : pad(line[c], widths[c], right[c]);
      if (!last) s += "  ";
    }
    return s + "\n";
  };
  out += render(headings);
  std::vector<std::string> rule;
  for (int w : widths) rule.push_back(std::string(static_cast<size_t>(w), '-'));
  out += render(rule);

  std::optional<int64_t> current_unit;
  return each([&](const OverdueRow& r) {
    if (r.org_id != current_unit) {
      current_unit = r.org_id;
      const auto& unit = per_unit[r.org_id];
      out += "【" + table_cell(r.org, 40) + "】" + std::to_string(unit.first) + "项，其中逾期" +
             std::to_string(unit.second) + "项\n";
    }
    out += render(table_line(r));
  });
}

// The JSON array as nlohmann's dump(2) writes it, one element at a time.
Result<void> write_json(const EachRow& each, Output& out) {
  bool first = true;
  auto done = each([&](const OverdueRow& r) {
    std::string element =
        overdue_row_json(r).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string indented = first ? "[\n  " : ",\n  ";
    for (char c : element) {
      indented += c;
      if (c == '\n') indented += "  ";  // JSON strings hold no raw newline: only layout's
    }
    out += indented;
    first = false;
  });
  if (!done) return done;
  out += first ? "[]\n" : "\n]\n";
  return {};
}

Result<void> write_csv(const EachRow& each, Output& out) {
  out += "\xEF\xBB\xBF";
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (size_t c = 0; c < cells.size(); ++c) {
      if (c > 0) text += ',';
      text += cells[c];
    }
    out += text + "\r\n";
  };
  line({"单位", "编号", "事项", "阶段", "到期日", "逾期天数（负数为剩余天数）", "预警级别",
        "责任人"});
  return each([&](const OverdueRow& r) {
    // Numbers are written as numbers (-3 days left is not a formula); text is neutralised.
    line({api::csv_cell(r.org), std::to_string(r.item_id), api::csv_cell(r.title),
          api::csv_cell(r.stage_name), api::csv_cell(r.due_on), std::to_string(r.days_overdue),
          api::csv_cell(chinese_name(r.level)), api::csv_cell(r.responsible.value_or("—"))});
  });
}

// ---------------------------------------------------------------------------------------------

void run_overdue(const OverdueArgs& args) {
  if (args.format != "table" && args.format != "json" && args.format != "csv") {
    die(Error{ErrorCode::invalid_field,
              "--format must be table, json or csv, not \"" + args.format + "\"", "format", {}},
        2);
  }
  AlertPolicy policy;
  policy.due_soon_days = int_arg(args.due_soon_days, "--due-soon-days", 0);
  policy.escalate_after_days = int_arg(args.escalate_after_days, "--escalate-after-days", 1);
  const Clock clock = clock_from(args.now);
  const std::string today = format_date(clock.today());

  // Database::open would create a missing file; a report on nothing is a mistake.
  std::error_code ec;
  if (!std::filesystem::is_regular_file(args.db, ec)) {
    die(Error{ErrorCode::invalid_field, "no database at " + args.db, "db", {}}, 2);
  }
  auto db = sqlite::open_database(args.db);
  if (!db) die(db.error());
  auto orgs = load_org_tree(**db);
  if (!orgs) die(orgs.error());
  const GuardRegistry guards = GuardRegistry::builtin();
  auto catalog = (*db)->read([&](StoreReader& store) {
    return WorkflowCatalog::from_store(store, guards);
  });
  if (!catalog) {
    std::fprintf(stderr, "taizhang: workflow definitions unreadable (%s); showing stage ids\n",
                 catalog.error().message.c_str());
  }
  // One read transaction: both passes of the table see the same snapshot.
  Output out;
  auto printed = (*db)->read([&](StoreReader& store) -> Result<void> {
    const EachRow each = [&](const std::function<void(const OverdueRow&)>& row) {
      return each_overdue_row(store, *orgs, policy, today, catalog ? &*catalog : nullptr, row);
    };
    if (args.format == "json") return write_json(each, out);
    if (args.format == "csv") return write_csv(each, out);
    return write_table(each, out, today, policy);
  });
  if (!printed) die(printed.error());
  if (!out.flush()) {
    die(Error{ErrorCode::internal, "cannot write the report to stdout", {}, {}});
  }
}

}  // namespace

void add_overdue_command(CLI::App& app) {
  auto args = std::make_shared<OverdueArgs>();
  auto* cmd = app.add_subcommand(
      "overdue", "The morning report: open items due soon or overdue, by village, with days "
                 "overdue and the responsible person");
  cmd->add_option("--db", args->db, "SQLite database file")->required();
  cmd->add_option("--now", args->now, "Report as of this RFC 3339 instant (default: now)");
  cmd->add_option("--format", args->format, "table, json or csv (UTF-8 with BOM, for Excel)")
      ->capture_default_str();
  cmd->add_option("--due-soon-days", args->due_soon_days,
                  "Due soon: due within this many days")
      ->capture_default_str();
  cmd->add_option("--escalate-after-days", args->escalate_after_days,
                  "Escalated: overdue this many days or more")
      ->capture_default_str();
  cmd->callback([args] { run_overdue(*args); });
}

}  // namespace taizhang::cli
