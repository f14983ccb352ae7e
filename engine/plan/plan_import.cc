// read_work_plan: the tasks of a work plan and their times. See plan_import.h.
#include "engine/plan/plan_import.h"

#include <algorithm>
#include <unordered_set>

#include "engine/deadline/chinese_text.h"
#include "engine/deadline/expression.h"
#include "engine/deadline/sentence_reader.h"
#include "engine/plan/plan_outline.h"

namespace taizhang {

namespace {

using plan_outline::is_close_paren;
using plan_outline::is_open_paren;
using plan_outline::Node;

constexpr std::size_t kMaxTimeChars = 64;
constexpr std::u32string_view kTimeLabel = U"时间节点";

std::string utf8(std::u32string_view text) { return chinese::utf8(text); }

// The time written in parentheses in a heading's title: "摸底排查(2019年2月下旬-3月中旬)".
struct TitleTime {
  std::size_t open = 0;   // position of "(" in the title
  std::size_t close = 0;  // position of ")"
};

// Whether a parenthesised phrase is a time rather than a remark: it starts with a number and
// names a 年, 月, 日, 旬 or 季 — "(2019年10月)", not "(2018—2020)" or "(含2014年退出户)".
bool looks_like_time(std::u32string_view inside) {
  if (inside.empty() || inside.size() > kMaxTimeChars) return false;
  if (plan_outline::decimal_digit(inside[0]) < 0) return false;
  return inside.find_first_of(U"年月日旬季") != std::u32string_view::npos;
}

// The heading's words up to the first 。 (its title sentence).
std::u32string_view title_sentence(const Node& node) {
  std::u32string_view words = std::u32string_view(node.head).substr(node.words_at);
  return words.substr(0, words.find(U'。'));
}

std::optional<TitleTime> title_time(std::u32string_view sentence) {
  for (std::size_t i = 0; i < sentence.size(); ++i) {
    if (!is_open_paren(sentence[i])) continue;
    std::size_t close = i + 1;
    while (close < sentence.size() && close - i <= kMaxTimeChars + 1 &&
           !is_close_paren(sentence[close])) {
      ++close;
    }
    if (close >= sentence.size() || !is_close_paren(sentence[close])) continue;  // a long remark
    if (looks_like_time(sentence.substr(i + 1, close - i - 1))) return TitleTime{i, close};
    i = close;
  }
  return std::nullopt;
}

bool is_trailing_punctuation(char32_t c) {
  return c == U'，' || c == U',' || c == U'：' || c == U':' || c == U'；' || c == U';' ||
         c == U'、' || c == U'.' || c == U' ' || c == 0x3000;
}

// The title: the first sentence, cut before a sub-item or a 时间节点, without a time in
// parentheses, at most kMaxPlanTitleChars characters.
std::u32string title_of(const Node& node) {
  std::u32string_view sentence = title_sentence(node);
  if (sentence.empty() && !node.more.empty()) {
    sentence = std::u32string_view(node.more.front());
    sentence = sentence.substr(0, sentence.find(U'。'));
  }
  std::u32string title;
  std::optional<TitleTime> time = title_time(sentence);
  for (std::size_t i = 0; i < sentence.size(); ++i) {
    if (time && i == time->open) {
      i = time->close;
      continue;
    }
    if (plan_outline::sub_item_at(sentence, i) > 0) break;
    if (is_open_paren(sentence[i]) && sentence.substr(i + 1, kTimeLabel.size()) == kTimeLabel) {
      break;
    }
    title += sentence[i];
  }
  while (!title.empty() && is_trailing_punctuation(title.back())) title.pop_back();
  if (title.size() > kMaxPlanTitleChars) {
    title.resize(kMaxPlanTitleChars - 1);
    title += U'…';
  }
  return title;
}

// Each "时间节点:…" in a line, the label inside parentheses or followed by a colon. An
// expression that runs on past kMaxTimeChars without a closing mark is returned as it is, and
// parse_deadline then refuses it.
void time_nodes_in(std::u32string_view line, std::vector<std::u32string>& out) {
  for (std::size_t at = line.find(kTimeLabel); at != std::u32string_view::npos;
       at = line.find(kTimeLabel, at + kTimeLabel.size())) {
    std::size_t p = at + kTimeLabel.size();
    while (p < line.size() && (line[p] == U' ' || line[p] == 0x3000)) ++p;
    bool colon = p < line.size() && (line[p] == U':' || line[p] == U'：');
    if (!colon && !(at > 0 && is_open_paren(line[at - 1]))) continue;
    if (colon) ++p;
    std::size_t end = p;
    while (end < line.size() && end - p < kMaxTimeChars && !is_close_paren(line[end]) &&
           line[end] != U'。' && line[end] != U'；' && line[end] != U';') {
      ++end;
    }
    std::u32string_view expression = line.substr(p, end - p);
    while (!expression.empty() && (expression.back() == U' ' || expression.back() == 0x3000)) {
      expression.remove_suffix(1);
    }
    while (!expression.empty() && (expression.front() == U' ' || expression.front() == 0x3000)) {
      expression.remove_prefix(1);
    }
    out.emplace_back(expression);
  }
}

// The line without its time nodes and bracketed times, which are read as the heading's own
// times: what is left is the task's words, where the sentence reader looks for milestones.
std::u32string without_time_nodes(std::u32string_view line) {
  std::u32string out;
  out.reserve(line.size());
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (is_open_paren(line[i])) {
      std::size_t close = i + 1;
      while (close < line.size() && close - i <= kMaxTimeChars + 1 && !is_close_paren(line[close])) {
        ++close;
      }
      if (close < line.size() && is_close_paren(line[close])) {
        std::u32string_view inside = line.substr(i + 1, close - i - 1);
        if (inside.starts_with(kTimeLabel) || looks_like_time(inside)) {
          i = close;
          continue;
        }
      }
    }
    out += line[i];
  }
  return out;
}

// A heading's own times, resolved.
struct NodeTime {
  bool has = false;        // the heading carries at least one time
  bool readable = false;   // every one of them was read
  std::string expression;  // as written, several joined by "；"
  std::optional<date::year_month_day> start_on;
  std::optional<date::year_month_day> due_on;
};

class PlanReader {
 public:
  PlanReader(int year, const WorkingDayCalendar* calendar)
      : ref_(date::year{year} / date::January / 1), calendar_(calendar) {
    plan_.year = year;
  }

  Result<PlanImport> read(std::vector<Node> outline);

 private:
  const NodeTime& own_time(std::size_t index);
  std::vector<PlanMilestone> milestones_in(std::size_t index, const std::string& path);
  void add_task(std::size_t index);

  date::year_month_day ref_;
  const WorkingDayCalendar* calendar_;
  std::vector<Node> outline_;
  std::vector<std::u32string> paths_;
  std::vector<std::optional<NodeTime>> times_;
  std::unordered_set<std::string> seen_tasks_;
  std::unordered_set<std::string> seen_unreadable_;
  PlanImport plan_;
};

const NodeTime& PlanReader::own_time(std::size_t index) {
  if (times_[index]) return *times_[index];
  const Node& node = outline_[index];
  std::vector<std::u32string> expressions;
  std::u32string_view sentence = title_sentence(node);
  if (auto time = title_time(sentence)) {
    expressions.emplace_back(sentence.substr(time->open + 1, time->close - time->open - 1));
  }
  time_nodes_in(node.head, expressions);
  for (const auto& line : node.more) time_nodes_in(line, expressions);

  NodeTime out;
  out.has = !expressions.empty();
  out.readable = out.has;
  bool every_start = true;
  for (const auto& written : expressions) {
    std::string text = utf8(written);
    if (!out.expression.empty()) out.expression += "；";
    out.expression += text;
    auto deadline = parse_deadline(text, ref_, std::nullopt, calendar_);
    if (!deadline) {
      out.readable = false;
      std::string path = utf8(paths_[index]);
      if (seen_unreadable_.insert(path + "\n" + text).second) {
        plan_.unreadable.push_back({text, path, deadline.error().message});
      }
      continue;
    }
    if (!deadline->start_on) every_start = false;
    if (deadline->start_on && (!out.start_on || *deadline->start_on < *out.start_on)) {
      out.start_on = deadline->start_on;
    }
    if (!out.due_on || deadline->due_on > *out.due_on) out.due_on = deadline->due_on;
  }
  // Dates only when every time was read: part of a task's times is not its time.
  if (!out.readable || !every_start) out.start_on.reset();
  if (!out.readable) out.due_on.reset();
  times_[index] = std::move(out);
  return *times_[index];
}

// The deadlines written in a task's words, line by line. A line the reader refuses for an
// unclear date is reported; one with no date at all is just words.
std::vector<PlanMilestone> PlanReader::milestones_in(std::size_t index, const std::string& path) {
  const Node& node = outline_[index];
  std::vector<PlanMilestone> out;
  auto read_line = [&](std::u32string_view line) {
    const std::string words = utf8(without_time_nodes(line));
    auto found = read_deadlines_in_text(words, ref_, std::nullopt, calendar_);
    if (!found) {
      const TextRefusal& refusal = found.error();
      if (refusal.reason == TextRefusalReason::no_date) return;
      const std::string text = refusal.matched.empty() ? words : refusal.matched.front().text;
      if (seen_unreadable_.insert(path + "\n" + text).second) {
        plan_.unreadable.push_back({text, path, refusal.message});
      }
      return;
    }
    for (DeadlineInText& d : found->deadlines) {
      if (is_whole_year(d.deadline)) continue;  // "2018年脱贫439户": a statistic's year
      out.push_back({std::move(d.words), std::move(d.matched.text), d.deadline.start_on,
                     d.deadline.due_on});
    }
  };
  read_line(node.head);
  for (const auto& line : node.more) read_line(line);
  return out;
}

// A task's time from the deadlines in its words, when it has no time node (due on the last);
// else they are its milestones beside the node, which stays its time.
void take_milestones(PlanTask& task, bool own_time, std::vector<PlanMilestone> milestones) {
  if (milestones.empty()) return;
  auto last = std::max_element(milestones.begin(), milestones.end(),
                               [](const auto& a, const auto& b) { return a.due_on < b.due_on; });
  if (own_time) {
    // The plan's 时间节点 stays the task's time, even where its words say 年内.
    task.milestones = std::move(milestones);
    return;
  }
  task.inherited = false;
  task.time_expression.clear();
  task.start_on.reset();
  bool every_start = true;
  for (const auto& m : milestones) {
    if (!task.time_expression.empty()) task.time_expression += "；";
    task.time_expression += m.time_expression;
    if (!m.start_on) every_start = false;
    if (m.start_on && (!task.start_on || *m.start_on < *task.start_on)) task.start_on = m.start_on;
  }
  if (!every_start) task.start_on.reset();
  task.due_on = last->due_on;
  if (milestones.size() > 1) task.milestones = std::move(milestones);
}

void PlanReader::add_task(std::size_t index) {
  const Node& node = outline_[index];
  std::string path = utf8(paths_[index]);
  if (!seen_tasks_.insert(path + "\n" + utf8(node.head)).second) return;  // the text again
  PlanTask task;
  task.path = std::move(path);
  std::vector<std::string> section;
  for (int i = node.parent; i >= 0; i = outline_[static_cast<std::size_t>(i)].parent) {
    section.push_back(utf8(title_of(outline_[static_cast<std::size_t>(i)])));
  }
  task.section.assign(section.rbegin(), section.rend());
  task.title = utf8(title_of(node));
  if (task.title.empty()) task.title = task.path;
  task.text = utf8(node.head);
  for (const auto& line : node.more) task.text += "\n" + utf8(line);
  // Its own time, else the nearest enclosing heading's.
  const NodeTime* time = &own_time(index);
  for (int i = node.parent; !time->has && i >= 0;
       i = outline_[static_cast<std::size_t>(i)].parent) {
    time = &own_time(static_cast<std::size_t>(i));
    task.inherited = time->has;
  }
  task.time_expression = time->expression;
  task.start_on = time->start_on;
  task.due_on = time->due_on;
  const NodeTime& own = own_time(index);
  // An unreadable time node leaves the task without dates: its words do not stand in for it.
  if (!own.has || own.readable) {
    take_milestones(task, own.has, milestones_in(index, task.path));
  }
  plan_.tasks.push_back(std::move(task));
}

Result<PlanImport> PlanReader::read(std::vector<Node> outline) {
  outline_ = std::move(outline);
  times_.resize(outline_.size());
  paths_.reserve(outline_.size());
  for (std::size_t i = 0; i < outline_.size(); ++i) {
    paths_.push_back(plan_outline::path_of(outline_, static_cast<int>(i)));
  }
  for (std::size_t i = 0; i < outline_.size(); ++i) {
    const Node& node = outline_[i];
    if (node.has_children) {
      own_time(i);  // its times are reported even when every task has its own
      continue;
    }
    if (node.level == 1 && !own_time(i).has) continue;  // a section of prose, not a task
    add_task(i);
    if (plan_.tasks.size() > kMaxPlanTasks) {
      return fail(ErrorCode::payload_too_large,
                  "the plan has more than " + std::to_string(kMaxPlanTasks) + " tasks");
    }
  }
  return std::move(plan_);
}

nlohmann::json date_or_null(const std::optional<date::year_month_day>& day) {
  return day ? nlohmann::json(format_date(*day)) : nlohmann::json(nullptr);
}

nlohmann::json milestones_json(const std::vector<PlanMilestone>& milestones) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& m : milestones) {
    out.push_back({{"words", m.words},
                   {"time_expression", m.time_expression},
                   {"start_on", date_or_null(m.start_on)},
                   {"due_on", format_date(m.due_on)}});
  }
  return out;
}

}  // namespace

Result<PlanImport> read_work_plan(std::string_view text, int year,
                                  const WorkingDayCalendar* calendar) {
  if (year < 2000 || year > 2100) {
    return fail(ErrorCode::invalid_field, "the plan's year must be from 2000 to 2100", "year");
  }
  if (text.size() > kMaxPlanBytes) {
    return fail(ErrorCode::payload_too_large, "the plan is larger than 2 MiB");
  }
  auto outline = plan_outline::read_outline(text);
  if (!outline) return std::unexpected(outline.error());
  return PlanReader(year, calendar).read(std::move(*outline));
}

nlohmann::json to_json(const PlanImport& plan) {
  nlohmann::json tasks = nlohmann::json::array();
  for (const auto& task : plan.tasks) {
    tasks.push_back({
        {"path", task.path},
        {"section", task.section},
        {"title", task.title},
        {"text", task.text},
        {"time_expression", task.time_expression.empty() ? nlohmann::json(nullptr)
                                                         : nlohmann::json(task.time_expression)},
        {"start_on", date_or_null(task.start_on)},
        {"due_on", date_or_null(task.due_on)},
        {"inherited", task.inherited},
        {"milestones", milestones_json(task.milestones)},
    });
  }
  nlohmann::json unreadable = nlohmann::json::array();
  for (const auto& u : plan.unreadable) {
    unreadable.push_back({{"text", u.text}, {"path", u.path}, {"error", u.error}});
  }
  return {{"year", plan.year}, {"tasks", std::move(tasks)}, {"unreadable", std::move(unreadable)}};
}

}  // namespace taizhang
