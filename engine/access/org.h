// The organisation: county → township → village. Units are loaded from an organisation file
// (orgs/siding.json is the default) and are looked up by id or by their unique Chinese name.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/base/error.h"

namespace taizhang {

struct OrgUnit {
  int64_t id = 0;  // 0 until stored
  std::string name;
  std::string kind;  // county | township | village
  std::optional<int64_t> parent_id;
  std::string parent_name;  // as written in the organisation file; empty for the root
  nlohmann::json facts = nlohmann::json::object();  // integer figures, e.g. poor_people_2019
};

// Reads an organisation file: a tree of {"name", "kind", "facts"?, "children"?}. Returns the
// units parent-first (each unit after its parent), ids unset. Rejects unknown kinds, a kind out
// of order (a village under a county), duplicate names, non-integer facts, and more than
// kMaxOrgUnits units.
inline constexpr size_t kMaxOrgUnits = 10'000;
Result<std::vector<OrgUnit>> parse_org_file(const nlohmann::json& doc);

// An immutable snapshot of the stored units. Thread-safe for reading.
class OrgTree {
 public:
  OrgTree() = default;
  explicit OrgTree(std::vector<OrgUnit> units);

  const OrgUnit* find(int64_t id) const;
  // Whether the unit is flagged a 贫困村 (facts.poor_village = 1 in the organisation file);
  // false for an unknown id.
  bool is_poor_village(int64_t id) const;
  const OrgUnit* find_by_name(std::string_view name) const;
  // `ref` is a unit's name or its decimal id.
  const OrgUnit* resolve(std::string_view ref) const;
  // The unit and every unit below it.
  std::set<int64_t> subtree(int64_t id) const;
  // The unit's ancestors, nearest first.
  std::vector<int64_t> ancestors(int64_t id) const;
  const std::vector<OrgUnit>& units() const { return units_; }

  // The tree as the API shows it, with village figures and, on each parent, their totals
  // (incidence recomputed from the totals, as 附件1 does).
  nlohmann::json to_json() const;
  // One unit's figures as to_json shows them (a parent's are its villages' totals).
  nlohmann::json figures(const OrgUnit& unit) const { return unit_json(unit)["facts"]; }

 private:
  nlohmann::json unit_json(const OrgUnit& unit) const;

  std::vector<OrgUnit> units_;
  std::map<int64_t, size_t> by_id_;
  std::map<std::string, size_t, std::less<>> by_name_;
  std::multimap<int64_t, int64_t> children_;
};

// "2.58%" from 258 basis points.
std::string percent_from_bp(int64_t bp);

}  // namespace taizhang
