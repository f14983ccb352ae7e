#include "engine/items/milestone.h"

#include <algorithm>

#include "engine/base/clock.h"

namespace taizhang {

namespace {

template <typename T>
nlohmann::json or_null(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

template <typename T>
std::optional<T> optional_member(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return std::nullopt;
  return j[key].get<T>();
}

bool blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace

nlohmann::json snapshot(const Milestone& m) {
  return {{"number", m.number},         {"words", m.words},
          {"time_expression", m.time_expression}, {"start_on", or_null(m.start_on)},
          {"due_on", m.due_on},         {"reached_on", or_null(m.reached_on)},
          {"reached_by", or_null(m.reached_by)}};
}

std::vector<Milestone> milestones_from_json(const nlohmann::json& stored) {
  std::vector<Milestone> out;
  for (const auto& j : stored) {
    Milestone m;
    m.number = j.at("number").get<int>();
    m.words = j.at("words").get<std::string>();
    m.time_expression = j.at("time_expression").get<std::string>();
    m.start_on = optional_member<std::string>(j, "start_on");
    m.due_on = j.at("due_on").get<std::string>();
    m.reached_on = optional_member<std::string>(j, "reached_on");
    m.reached_by = optional_member<int64_t>(j, "reached_by");
    out.push_back(std::move(m));
  }
  return out;
}

Result<void> validate_new_milestones(const std::vector<Milestone>& milestones) {
  if (milestones.size() > kMaxMilestones) {
    return fail(ErrorCode::invalid_field,
                "an item has at most " + std::to_string(kMaxMilestones) + " milestones",
                "milestones");
  }
  for (std::size_t k = 0; k < milestones.size(); ++k) {
    const Milestone& m = milestones[k];
    const std::string at = "milestones[" + std::to_string(k) + "]";
    if (m.number != static_cast<int>(k) + 1) {
      return fail(ErrorCode::invalid_field, "milestones are numbered 1, 2, … in order",
                  at + ".number");
    }
    if (blank(m.words) || m.words.size() > kMaxMilestoneWordsBytes) {
      return fail(ErrorCode::invalid_field, "a milestone's words are 1 to 4096 bytes of text",
                  at + ".words");
    }
    if (blank(m.time_expression) || m.time_expression.size() > kMaxMilestoneExpressionBytes) {
      return fail(ErrorCode::invalid_field, "a milestone's time as written is 1 to 256 bytes of text",
                  at + ".time_expression");
    }
    if (!parse_date(m.due_on)) {
      return fail(ErrorCode::invalid_field, "due_on must be a date YYYY-MM-DD", at + ".due_on");
    }
    if (m.start_on && (!parse_date(*m.start_on) || *m.start_on > m.due_on)) {
      return fail(ErrorCode::invalid_field, "start_on must be a date YYYY-MM-DD, not after due_on",
                  at + ".start_on");
    }
    if (m.reached_on || m.reached_by) {
      return fail(ErrorCode::invalid_field, "a new milestone is not reached yet",
                  at + ".reached_on");
    }
  }
  return {};
}

std::optional<std::string> last_due_on(const std::vector<Milestone>& milestones) {
  if (milestones.empty()) return std::nullopt;
  return std::max_element(milestones.begin(), milestones.end(),
                          [](const Milestone& a, const Milestone& b) { return a.due_on < b.due_on; })
      ->due_on;
}

}  // namespace taizhang
