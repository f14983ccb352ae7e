// Guards: the conditions a transition `requires`. Each guard kind is an evaluator registered by
// name, so that later capabilities (funds allocated, a notice passed, evidence attached) plug in
// by registering more kinds; the workflow loader rejects a definition that names an unknown kind.
// Evaluators are pure: they read only the GuardContext.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/base/error.h"
#include "engine/workflow/guard_facts.h"
#include "engine/workflow/definition.h"

namespace taizhang {

struct GuardContext {
  int64_t item_id = 0;
  // The item's fields with those sent on the transition merged over them.
  const nlohmann::json& fields;
  // The transition's comment; nullopt when judging what is possible before a request (the
  // `actions` list of an item), in which case a comment guard never blocks.
  std::optional<std::string_view> comment;
  const ItemFacts& facts;
};

// `evidence:<kind>`: the family of guards asking for evidence of a kind the workflow declares.
inline constexpr std::string_view kEvidenceGuardPrefix = "evidence:";

using GuardEvaluator = std::function<std::optional<Blocker>(const Guard&, const GuardContext&)>;

class GuardRegistry {
 public:
  // The guards of the core (comment, field, field_at_least) and of the fund ledger and notices
  // (funds_allocated, fully_disbursed, notice_passed:before, notice_passed:after, and the same
  // naming a board: notice_passed:before:village, …:township, …:county, and :after: likewise),
  // and the family evidence:<kind>.
  static GuardRegistry builtin();

  // Registers a guard kind with the facts its evaluator reads (Fact::none: only the fields and
  // the comment).
  void add(std::string kind, Fact needs, GuardEvaluator evaluator);
  // Registers a family of guard kinds: every kind that starts with `prefix` (and has more after
  // it) is judged by `evaluator`, which reads its parameter from the kind (evidence:<kind>).
  void add_family(std::string prefix, Fact needs, GuardEvaluator evaluator);
  // The facts that judging `guards` needs, so that the caller gathers just those.
  Fact facts_needed(const std::vector<Guard>& guards) const;
  bool knows(std::string_view kind) const;
  // Every unmet guard of `guards`, in order; empty when the transition may proceed.
  std::vector<Blocker> unmet(const std::vector<Guard>& guards, const GuardContext& ctx) const;

 private:
  struct Kind {
    Fact needs = Fact::none;
    GuardEvaluator evaluate;
  };
  // nullptr when neither a kind nor a family knows `kind`.
  const Kind* find(std::string_view kind) const;

  std::map<std::string, Kind, std::less<>> evaluators_;
  std::map<std::string, Kind, std::less<>> families_;  // by prefix
};

}  // namespace taizhang
