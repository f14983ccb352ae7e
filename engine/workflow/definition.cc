#include "engine/workflow/definition.h"

#include <algorithm>

namespace taizhang {

bool Transition::allows(Role role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

const Stage* WorkflowDefinition::stage(std::string_view stage_id) const {
  for (const auto& s : stages) {
    if (s.id == stage_id) return &s;
  }
  return nullptr;
}

std::vector<const Transition*> WorkflowDefinition::transitions_from(
    std::string_view stage_id) const {
  std::vector<const Transition*> out;
  for (const auto& t : transitions) {
    if (std::find(t.from.begin(), t.from.end(), stage_id) != t.from.end()) out.push_back(&t);
  }
  return out;
}

const Transition* WorkflowDefinition::find_transition(std::string_view from,
                                                      std::string_view action) const {
  for (const Transition* t : transitions_from(from)) {
    if (t->action == action) return t;
  }
  return nullptr;
}

const FieldDeclaration* WorkflowDefinition::field(std::string_view key) const {
  for (const auto& f : fields) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

const EvidenceKind* WorkflowDefinition::evidence_kind(std::string_view key) const {
  for (const auto& k : evidence) {
    if (k.key == key) return &k;
  }
  return nullptr;
}

nlohmann::json WorkflowDefinition::to_json() const {
  nlohmann::json j = {{"id", id},           {"name", name},       {"description", description},
                      {"version", version}, {"initial", initial}, {"sha256", sha256}};
  j["stages"] = nlohmann::json::array();
  for (const auto& s : stages) {
    j["stages"].push_back({{"id", s.id},
                           {"name", s.name},
                           {"deadline", s.deadline ? nlohmann::json(*s.deadline) : nullptr},
                           {"final", s.final}});
  }
  j["transitions"] = nlohmann::json::array();
  for (const auto& t : transitions) {
    nlohmann::json roles = nlohmann::json::array();
    for (Role r : t.roles) roles.push_back(to_string(r));
    nlohmann::json requires_ = nlohmann::json::array();
    for (const auto& g : t.requires_) requires_.push_back(g.spec);
    j["transitions"].push_back({{"action", t.action},
                                {"name", t.name},
                                {"from", t.from},
                                {"to", t.to},
                                {"roles", roles},
                                {"requires", requires_}});
  }
  j["fields"] = nlohmann::json::array();
  for (const auto& f : fields) j["fields"].push_back(f.to_json());
  j["evidence"] = nlohmann::json::array();
  for (const auto& k : evidence) {
    nlohmann::json e = {{"key", k.key}, {"name", k.name}};
    if (!k.help.empty()) e["help"] = k.help;
    j["evidence"].push_back(std::move(e));
  }
  j["notice_rounds"] = nlohmann::json::array();
  for (const auto& r : notice_rounds) {
    j["notice_rounds"].push_back({{"level", r.level},
                                  {"phase", r.phase},
                                  {"name", r.name},
                                  {r.working_days ? "min_working_days" : "min_days", r.min_count}});
  }
  return j;
}

const NoticeRound* WorkflowDefinition::notice_round(std::string_view level,
                                                     std::string_view phase) const {
  for (const auto& r : notice_rounds) {
    if (r.level == level && r.phase == phase) return &r;
  }
  return nullptr;
}

}  // namespace taizhang
