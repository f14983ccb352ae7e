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

#include <nlohmann/json.hpp>

#include "engine/error.h"
#include "engine/item_facts.h"
#include "engine/workflow.h"

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

using GuardEvaluator = std::function<std::optional<Blocker>(const Guard&, const GuardContext&)>;

class GuardRegistry {
 public:
  // The guards of the core (comment, field, field_at_least) and of the fund ledger and notices
  // (funds_allocated, fully_disbursed, notice_passed:before, notice_passed:after).
  static GuardRegistry builtin();

  void add(std::string kind, GuardEvaluator evaluator);
  bool knows(std::string_view kind) const;
  // Every unmet guard of `guards`, in order; empty when the transition may proceed.
  std::vector<Blocker> unmet(const std::vector<Guard>& guards, const GuardContext& ctx) const;

 private:
  std::map<std::string, GuardEvaluator, std::less<>> evaluators_;
};

}  // namespace taizhang
