// A workflow definition: the declarative state machine of one kind of work item (workflows/*.json,
// validated against schemas/workflow.schema.json). Immutable once loaded; shared between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/base/error.h"
#include "engine/access/principal.h"
#include "engine/workflow/field_declaration.h"

namespace taizhang {

class GuardRegistry;

// One entry of a transition's `requires`. `kind` selects the evaluator in the GuardRegistry;
// the other members are its parameters (unused ones are empty).
struct Guard {
  std::string kind;   // comment | field | field_at_least | … (whatever the registry knows)
  std::string field;  // for field guards
  std::optional<int64_t> min;
  std::optional<int64_t> min_poor_village;
  nlohmann::json spec;  // the guard as written, for display and for evaluators with more params
  // The Chinese name of what the guard asks for, when the workflow declares it: an evidence
  // kind's name for `evidence:<kind>` (filled by the loader, shown in blocked_by).
  std::string label;
};

// A kind of evidence an item of the workflow may hold (危房鉴定表, 竣工照片, 报账凭证, …): `key` is
// what uploads and the guard `evidence:<key>` name; `name` is what users read.
struct EvidenceKind {
  std::string key;
  std::string name;
  std::string help;
};

struct Stage {
  std::string id;
  std::string name;
  std::optional<std::string> deadline;  // a Chinese time expression, e.g. "7月底前"
  bool final = false;
};

struct Transition {
  std::string action;
  std::string name;
  std::vector<std::string> from;
  std::string to;
  std::vector<Role> roles;
  std::vector<Guard> requires_;

  bool allows(Role role) const;
};

// A notice the procedure prescribes for items of a kind (housing repair: 村级公示, 乡镇审核公示,
// 县级审批公示), with its own shortest period: min_days calendar days, or min_working_days.
struct NoticeRound {
  std::string level;  // village | township | county
  std::string phase;  // before | after
  std::string name;   // 村级公示
  int min_count = 0;  // 1..90
  bool working_days = false;
};

struct WorkflowDefinition {
  std::string id;
  std::string name;
  std::string description;
  std::string initial;
  std::vector<Stage> stages;
  std::vector<Transition> transitions;
  std::vector<FieldDeclaration> fields;  // every key an item of this kind may hold, in form order
  std::vector<EvidenceKind> evidence;     // the kinds of evidence its items may hold, in order
  std::vector<NoticeRound> notice_rounds = {};  // at most one per level and phase
  int64_t version = 0;      // assigned when stored; items keep the version they began with
  std::string sha256;       // of the canonical JSON text; a changed file is a new version
  nlohmann::json source;    // the definition as loaded

  const Stage* stage(std::string_view stage_id) const;
  // Transitions whose `from` includes the stage, in definition order.
  std::vector<const Transition*> transitions_from(std::string_view stage_id) const;
  const Transition* find_transition(std::string_view from, std::string_view action) const;
  // nullptr when the workflow declares no round for this level and phase.
  const NoticeRound* notice_round(std::string_view level, std::string_view phase) const;
  // nullptr when the workflow declares no field `key`.
  const FieldDeclaration* field(std::string_view key) const;
  // nullptr when the workflow declares no evidence kind `key`.
  const EvidenceKind* evidence_kind(std::string_view key) const;
  // The definition as the API shows it (stages with id, name, deadline; transitions; fields).
  nlohmann::json to_json() const;
};

using WorkflowPtr = std::shared_ptr<const WorkflowDefinition>;

// Validates `doc` against the workflow schema and the rules a schema cannot state (stage ids
// unique, every `from`/`to` a stage, no transition out of a final stage, every stage reachable,
// guards known to `guards`, field keys unique, evidence kinds unique and every
// `evidence:<kind>` guard naming a declared kind, every guarded field declared with a fitting type). Errors name `source` (the file) and the JSON path.
Result<WorkflowDefinition> parse_workflow(const nlohmann::json& doc, const std::string& source,
                                          const GuardRegistry& guards);

// Loads every *.json in `dir` (at most 64 files of at most 1 MiB each); the file name without
// .json must equal the workflow's id.
Result<std::vector<WorkflowDefinition>> load_workflow_dir(const std::string& dir,
                                                          const GuardRegistry& guards);

}  // namespace taizhang
