// Loading workflow definitions: JSON Schema validation (valijson) first, then the rules a schema
// cannot state. A bad definition is an error naming the file and the offending JSON path.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "engine/base/digest.h"
#include "engine/base/embedded_data.h"
#include "engine/workflow/guard.h"
#include "engine/workflow/definition.h"

namespace taizhang {

namespace {

constexpr size_t kMaxWorkflowFiles = 64;
constexpr uintmax_t kMaxWorkflowFileBytes = 1 << 20;

const valijson::Schema& workflow_schema() {
  static const valijson::Schema* schema = [] {
    auto* s = new valijson::Schema;
    auto doc = nlohmann::json::parse(embedded::workflow_schema_json());
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    parser.populateSchema(adapter, *s);
    return s;
  }();
  return *schema;
}

std::string json_path(const std::vector<std::string>& context) {
  // valijson's context reads like ["<root>", "[stages]", "[3]", "[id]"].
  std::string path;
  for (const auto& part : context) {
    if (part == "<root>") continue;
    std::string p = part;
    if (p.size() >= 2 && p.front() == '[' && p.back() == ']') p = p.substr(1, p.size() - 2);
    if (p.size() >= 2 && p.front() == '"' && p.back() == '"') p = p.substr(1, p.size() - 2);
    path += "/" + p;
  }
  return path.empty() ? "/" : path;
}

Result<void> check_schema(const nlohmann::json& doc, const std::string& source) {
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter adapter(doc);
  if (validator.validate(workflow_schema(), adapter, &results)) return {};
  // The deepest error is the most specific one (oneOf reports its parent too).
  valijson::ValidationResults::Error error, deepest;
  while (results.popError(error)) {
    if (error.context.size() > deepest.context.size()) deepest = error;
  }
  std::string path = json_path(deepest.context);
  return fail(ErrorCode::invalid_field, source + ": " + path + ": " + deepest.description, path);
}

Guard parse_guard(const nlohmann::json& g) {
  Guard guard;
  guard.kind = g.at("guard").get<std::string>();
  guard.field = g.value("field", "");
  if (g.contains("min")) guard.min = g["min"].get<int64_t>();
  if (g.contains("min_poor_village")) guard.min_poor_village = g["min_poor_village"].get<int64_t>();
  guard.spec = g;
  return guard;
}

// Built from a schema-valid document, so the shapes are known.
WorkflowDefinition build(const nlohmann::json& doc) {
  WorkflowDefinition def;
  def.id = doc["id"];
  def.name = doc["name"];
  def.description = doc["description"];
  def.initial = doc["initial"];
  for (const auto& s : doc["stages"]) {
    Stage stage{s["id"], s["name"], std::nullopt, s.value("final", false)};
    if (s.contains("deadline")) stage.deadline = s["deadline"].get<std::string>();
    def.stages.push_back(std::move(stage));
  }
  for (const auto& t : doc["transitions"]) {
    Transition tr;
    tr.action = t["action"];
    tr.name = t["name"];
    tr.from = t["from"].get<std::vector<std::string>>();
    tr.to = t["to"];
    for (const auto& r : t["roles"]) tr.roles.push_back(*parse_role(r.get<std::string>()));
    if (t.contains("requires")) {
      for (const auto& g : t["requires"]) tr.requires_.push_back(parse_guard(g));
    }
    def.transitions.push_back(std::move(tr));
  }
  for (const auto& f : doc["fields"]) {
    FieldDeclaration decl;
    decl.key = f["key"];
    decl.label = f["label"];
    decl.type = *parse_field_type(f["type"].get<std::string>());
    if (f.contains("options")) decl.options = f["options"].get<std::vector<std::string>>();
    decl.help = f.value("help", "");
    def.fields.push_back(std::move(decl));
  }
  if (doc.contains("evidence")) {
    for (const auto& e : doc["evidence"]) {
      def.evidence.push_back({e["key"], e["name"], e.value("help", "")});
    }
  }
  // An evidence guard shows the kind's Chinese name (checked to be declared in check_semantics).
  for (auto& t : def.transitions) {
    for (auto& g : t.requires_) {
      if (!g.kind.starts_with(kEvidenceGuardPrefix)) continue;
      if (const EvidenceKind* k = def.evidence_kind(g.kind.substr(kEvidenceGuardPrefix.size()))) {
        g.label = k->name;
      }
    }
  }
  if (doc.contains("notice_rounds")) {
    for (const auto& r : doc["notice_rounds"]) {
      const bool working = r.contains("min_working_days");
      def.notice_rounds.push_back({r["level"], r["phase"], r["name"],
                                   r[working ? "min_working_days" : "min_days"].get<int>(),
                                   working});
    }
  }
  def.source = doc;
  def.sha256 = sha256_hex(doc.dump());
  return def;
}

Result<void> check_semantics(const WorkflowDefinition& def, const std::string& source,
                             const GuardRegistry& guards) {
  auto bad = [&](const std::string& path, const std::string& why) {
    return fail(ErrorCode::invalid_field, source + ": " + path + ": " + why, path);
  };
  std::set<std::string> ids;
  for (size_t i = 0; i < def.stages.size(); ++i) {
    if (!ids.insert(def.stages[i].id).second) {
      return bad("/stages/" + std::to_string(i) + "/id", "duplicate stage " + def.stages[i].id);
    }
  }
  if (!ids.contains(def.initial)) return bad("/initial", "no stage " + def.initial);
  std::set<std::string> keys;
  for (size_t i = 0; i < def.fields.size(); ++i) {
    const auto& f = def.fields[i];
    const std::string at = "/fields/" + std::to_string(i);
    if (!keys.insert(f.key).second) return bad(at + "/key", "duplicate field " + f.key);
    if (f.type == FieldType::choice && f.options.empty()) {
      return bad(at + "/options", "a choice needs its options");
    }
    if (f.type != FieldType::choice && !f.options.empty()) {
      return bad(at + "/options", "only a choice has options");
    }
  }
  std::set<std::string> kinds;
  for (size_t i = 0; i < def.evidence.size(); ++i) {
    if (!kinds.insert(def.evidence[i].key).second) {
      return bad("/evidence/" + std::to_string(i) + "/key",
                 "duplicate evidence kind " + def.evidence[i].key);
    }
  }
  std::set<std::pair<std::string, std::string>> rounds;
  for (size_t i = 0; i < def.notice_rounds.size(); ++i) {
    const auto& r = def.notice_rounds[i];
    if (!rounds.insert({r.level, r.phase}).second) {
      return bad("/notice_rounds/" + std::to_string(i),
                 "a second round for " + r.level + " " + r.phase);
    }
  }
  std::set<std::pair<std::string, std::string>> actions;
  for (size_t i = 0; i < def.transitions.size(); ++i) {
    const auto& t = def.transitions[i];
    const std::string at = "/transitions/" + std::to_string(i);
    if (!ids.contains(t.to)) return bad(at + "/to", "no stage " + t.to);
    for (size_t k = 0; k < t.from.size(); ++k) {
      const Stage* from = def.stage(t.from[k]);
      if (!from) return bad(at + "/from/" + std::to_string(k), "no stage " + t.from[k]);
      if (from->final) return bad(at + "/from/" + std::to_string(k), "final stage has no way out");
      if (!actions.emplace(t.from[k], t.action).second) {
        return bad(at + "/action", "action " + t.action + " twice from " + t.from[k]);
      }
    }
    for (size_t k = 0; k < t.requires_.size(); ++k) {
      const Guard& g = t.requires_[k];
      const std::string guard_at = at + "/requires/" + std::to_string(k);
      if (!guards.knows(g.kind)) return bad(guard_at + "/guard", "unknown guard " + g.kind);
      if (g.kind.starts_with(kEvidenceGuardPrefix) &&
          !def.evidence_kind(g.kind.substr(kEvidenceGuardPrefix.size()))) {
        return bad(guard_at + "/guard", "evidence kind " +
                                            g.kind.substr(kEvidenceGuardPrefix.size()) +
                                            " is not declared in /evidence");
      }
      if (g.field.empty()) continue;
      const FieldDeclaration* decl = def.field(g.field);
      if (!decl) return bad(guard_at + "/field", "field " + g.field + " is not declared");
      if (g.kind == "field_at_least" && decl->type != FieldType::integer &&
          decl->type != FieldType::amount_fen) {
        return bad(guard_at + "/field", "field " + g.field + " is compared with a minimum, so "
                                        "it must be declared integer or amount_fen");
      }
    }
  }
  // Every stage reachable from the initial one; every non-final stage has a way out.
  std::set<std::string> seen{def.initial};
  std::vector<std::string> todo{def.initial};
  while (!todo.empty()) {
    std::string s = todo.back();
    todo.pop_back();
    for (const Transition* t : def.transitions_from(s)) {
      if (seen.insert(t->to).second) todo.push_back(t->to);
    }
  }
  for (size_t i = 0; i < def.stages.size(); ++i) {
    const auto& s = def.stages[i];
    const std::string at = "/stages/" + std::to_string(i);
    if (!seen.contains(s.id)) return bad(at, "stage " + s.id + " cannot be reached");
    if (!s.final && def.transitions_from(s.id).empty()) {
      return bad(at, "stage " + s.id + " is not final and has no way out");
    }
  }
  return {};
}

}  // namespace

Result<WorkflowDefinition> parse_workflow(const nlohmann::json& doc, const std::string& source,
                                          const GuardRegistry& guards) {
  if (auto ok = check_schema(doc, source); !ok) return std::unexpected(ok.error());
  WorkflowDefinition def = build(doc);
  if (auto ok = check_semantics(def, source, guards); !ok) return std::unexpected(ok.error());
  return def;
}

Result<std::vector<WorkflowDefinition>> load_workflow_dir(const std::string& dir,
                                                          const GuardRegistry& guards) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return fail(ErrorCode::invalid_field, dir + ": not a directory of workflow files", dir);
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) return fail(ErrorCode::invalid_field, dir + ": no *.json workflows", dir);
  if (files.size() > kMaxWorkflowFiles) {
    return fail(ErrorCode::invalid_field, dir + ": more than 64 workflow files", dir);
  }
  std::vector<WorkflowDefinition> out;
  for (const auto& path : files) {
    const std::string source = path.string();
    if (fs::file_size(path, ec) > kMaxWorkflowFileBytes) {
      return fail(ErrorCode::invalid_field, source + ": larger than 1 MiB", source);
    }
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, false);
    if (doc.is_discarded()) {
      return fail(ErrorCode::bad_json, source + ": not valid JSON", source);
    }
    auto def = parse_workflow(doc, source, guards);
    if (!def) return std::unexpected(def.error());
    if (def->id != path.stem().string()) {
      return fail(ErrorCode::invalid_field,
                  source + ": /id: " + def->id + " does not match the file name", "/id");
    }
    out.push_back(std::move(*def));
  }
  return out;
}

}  // namespace taizhang
