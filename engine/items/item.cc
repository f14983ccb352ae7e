#include "engine/items/item.h"

#include <charconv>

#include "engine/base/json_text.h"

namespace taizhang {

namespace {
template <typename T>
nlohmann::json or_null(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
}  // namespace

nlohmann::json snapshot(const WorkItem& item) {
  nlohmann::json j = {{"id", item.id},
                      {"workflow", item.workflow},
          {"workflow_version", item.workflow_version},
          {"title", item.title},
          {"org_id", item.org_id},
          {"stage", item.stage},
          {"stage_entered_at", item.stage_entered_at},
          {"due_on", or_null(item.due_on)},
          {"responsible_id", or_null(item.responsible_id)},
          {"budget_fen", or_null(item.budget_fen)},
          {"plan_year", item.plan_year},
          {"fields", item.fields},
          {"version", item.version},
          {"created_at", item.created_at},
          {"updated_at", item.updated_at}};
  if (item.deadline) j["deadline"] = *item.deadline;
  if (!item.milestones.empty()) {
    nlohmann::json& milestones = j["milestones"] = nlohmann::json::array();
    for (const Milestone& m : item.milestones) milestones.push_back(snapshot(m));
  }
  return j;
}

std::string snapshot_text(const WorkItem& item) {
  const std::string fields =
      item.fields.is_object() && item.fields.empty() ? "{}" : json_text(item.fields);
  std::string milestones;
  if (!item.milestones.empty()) {
    milestones += '[';
    for (size_t i = 0; i < item.milestones.size(); ++i) {
      if (i) milestones += ',';
      milestones += json_text(snapshot(item.milestones[i]));
    }
    milestones += ']';
  }
  auto view = [](const std::optional<std::string>& v) {
    return v ? std::optional<std::string_view>(*v) : std::nullopt;
  };
  std::string out;
  out.reserve(320 + item.title.size() + fields.size() + milestones.size());
  append_snapshot_text({item.id, item.workflow, item.workflow_version, item.title, item.org_id,
                        item.stage, item.stage_entered_at, view(item.due_on), view(item.deadline),
                        item.responsible_id, item.budget_fen, item.plan_year, fields, milestones,
                        item.version, item.created_at, item.updated_at},
                       out);
  return out;
}

void append_snapshot_text(const ItemSnapshotParts& item, std::string& out) {
  // The members in the order of their sorted keys, as the dump of the object writes them.
  char digits[24];
  auto number = [&](const char* key, int64_t value) {
    out += key;
    out.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
  };
  auto text = [&](const char* key, std::string_view value) {
    out += key;
    append_json_string(out, value);
  };
  out += '{';
  if (item.budget_fen) number("\"budget_fen\":", *item.budget_fen);
  else out += "\"budget_fen\":null";
  text(",\"created_at\":", item.created_at);
  if (item.deadline) text(",\"deadline\":", *item.deadline);
  if (item.due_on) text(",\"due_on\":", *item.due_on);
  else out += ",\"due_on\":null";
  out += ",\"fields\":";
  out += item.fields_json;
  number(",\"id\":", item.id);
  if (!item.milestones_json.empty()) {
    out += ",\"milestones\":";
    out += item.milestones_json;
  }
  number(",\"org_id\":", item.org_id);
  number(",\"plan_year\":", item.plan_year);
  if (item.responsible_id) number(",\"responsible_id\":", *item.responsible_id);
  else out += ",\"responsible_id\":null";
  text(",\"stage\":", item.stage);
  text(",\"stage_entered_at\":", item.stage_entered_at);
  text(",\"title\":", item.title);
  text(",\"updated_at\":", item.updated_at);
  number(",\"version\":", item.version);
  text(",\"workflow\":", item.workflow);
  number(",\"workflow_version\":", item.workflow_version);
  out += '}';
}

WorkItem item_from_snapshot(const nlohmann::json& j) {
  WorkItem item;
  item.id = j.at("id").get<int64_t>();
  item.workflow = j.at("workflow").get<std::string>();
  item.workflow_version = j.at("workflow_version").get<int64_t>();
  item.title = j.at("title").get<std::string>();
  item.org_id = j.at("org_id").get<int64_t>();
  item.stage = j.at("stage").get<std::string>();
  item.stage_entered_at = j.at("stage_entered_at").get<std::string>();
  if (!j.at("due_on").is_null()) item.due_on = j["due_on"].get<std::string>();
  if (j.contains("deadline") && !j["deadline"].is_null()) item.deadline = j["deadline"].get<std::string>();
  if (!j.at("responsible_id").is_null()) item.responsible_id = j["responsible_id"].get<int64_t>();
  if (!j.at("budget_fen").is_null()) item.budget_fen = j["budget_fen"].get<int64_t>();
  item.plan_year = j.at("plan_year").get<int>();
  item.fields = j.at("fields");
  item.version = j.at("version").get<int64_t>();
  item.created_at = j.at("created_at").get<std::string>();
  item.updated_at = j.at("updated_at").get<std::string>();
  return item;
}

}  // namespace taizhang
