#include "engine/access/org.h"

#include <charconv>
#include <functional>

namespace taizhang {

namespace {

int kind_rank(std::string_view kind) {
  if (kind == "county") return 0;
  if (kind == "township") return 1;
  if (kind == "village") return 2;
  return -1;
}

Result<void> parse_unit(const nlohmann::json& node, const std::string& path,
                        const OrgUnit* parent, std::vector<OrgUnit>& out,
                        std::set<std::string>& names) {
  if (!node.is_object()) return fail(ErrorCode::invalid_field, "unit must be an object", path);
  for (auto& [key, value] : node.items()) {
    if (key != "name" && key != "kind" && key != "facts" && key != "children") {
      return fail(ErrorCode::invalid_field, "unknown key '" + key + "'", path + "/" + key);
    }
  }
  if (!node.contains("name") || !node["name"].is_string() ||
      node["name"].get_ref<const std::string&>().empty()) {
    return fail(ErrorCode::invalid_field, "name must be a non-empty string", path + "/name");
  }
  if (!node.contains("kind") || !node["kind"].is_string() ||
      kind_rank(node["kind"].get_ref<const std::string&>()) < 0) {
    return fail(ErrorCode::invalid_field, "kind must be county, township or village",
                path + "/kind");
  }
  OrgUnit unit;
  unit.name = node["name"];
  unit.kind = node["kind"];
  if (parent && kind_rank(unit.kind) <= kind_rank(parent->kind)) {
    return fail(ErrorCode::invalid_field,
                "a " + unit.kind + " cannot stand under a " + parent->kind, path + "/kind");
  }
  if (!names.insert(unit.name).second) {
    return fail(ErrorCode::invalid_field, "duplicate unit name " + unit.name, path + "/name");
  }
  if (node.contains("facts")) {
    const auto& facts = node["facts"];
    if (!facts.is_object()) {
      return fail(ErrorCode::invalid_field, "facts must be an object", path + "/facts");
    }
    for (auto& [key, value] : facts.items()) {
      if (!value.is_number_integer()) {
        return fail(ErrorCode::invalid_field, "facts are integers", path + "/facts/" + key);
      }
    }
    unit.facts = facts;
  }
  if (parent) unit.parent_name = parent->name;
  if (out.size() >= kMaxOrgUnits) {
    return fail(ErrorCode::invalid_field, "more than 10000 units", path);
  }
  out.push_back(unit);
  const size_t self = out.size() - 1;
  if (node.contains("children")) {
    if (!node["children"].is_array()) {
      return fail(ErrorCode::invalid_field, "children must be an array", path + "/children");
    }
    size_t i = 0;
    for (const auto& child : node["children"]) {
      OrgUnit me = out[self];  // copy: `out` may reallocate while children are added
      auto r = parse_unit(child, path + "/children/" + std::to_string(i++), &me, out, names);
      if (!r) return r;
    }
  }
  return {};
}

}  // namespace

Result<std::vector<OrgUnit>> parse_org_file(const nlohmann::json& doc) {
  std::vector<OrgUnit> out;
  std::set<std::string> names;
  auto r = parse_unit(doc, "", nullptr, out, names);
  if (!r) return std::unexpected(r.error());
  return out;
}

OrgTree::OrgTree(std::vector<OrgUnit> units) : units_(std::move(units)) {
  for (size_t i = 0; i < units_.size(); ++i) {
    by_id_[units_[i].id] = i;
    by_name_[units_[i].name] = i;
    if (units_[i].parent_id) children_.emplace(*units_[i].parent_id, units_[i].id);
  }
}

bool OrgTree::is_poor_village(int64_t id) const {
  const OrgUnit* unit = find(id);
  return unit && unit->facts.value("poor_village", int64_t{0}) == 1;
}

const OrgUnit* OrgTree::find(int64_t id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &units_[it->second];
}

const OrgUnit* OrgTree::find_by_name(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &units_[it->second];
}

const OrgUnit* OrgTree::resolve(std::string_view ref) const {
  if (const OrgUnit* unit = find_by_name(ref)) return unit;
  int64_t id = 0;
  auto r = std::from_chars(ref.data(), ref.data() + ref.size(), id);
  if (r.ec == std::errc() && r.ptr == ref.data() + ref.size()) return find(id);
  return nullptr;
}

std::set<int64_t> OrgTree::subtree(int64_t id) const {
  std::set<int64_t> out;
  std::vector<int64_t> todo{id};
  while (!todo.empty()) {
    int64_t next = todo.back();
    todo.pop_back();
    if (!out.insert(next).second) continue;
    auto [lo, hi] = children_.equal_range(next);
    for (auto it = lo; it != hi; ++it) todo.push_back(it->second);
  }
  return out;
}

std::vector<int64_t> OrgTree::ancestors(int64_t id) const {
  std::vector<int64_t> out;
  const OrgUnit* unit = find(id);
  while (unit && unit->parent_id && out.size() < units_.size()) {
    out.push_back(*unit->parent_id);
    unit = find(*unit->parent_id);
  }
  return out;
}

std::string percent_from_bp(int64_t bp) {
  std::string frac = std::to_string(bp % 100);
  if (frac.size() < 2) frac.insert(0, "0");
  return std::to_string(bp / 100) + "." + frac + "%";
}

nlohmann::json OrgTree::unit_json(const OrgUnit& unit) const {
  nlohmann::json j = {{"id", unit.id}, {"name", unit.name}, {"kind", unit.kind}};
  nlohmann::json facts = unit.facts;
  nlohmann::json children = nlohmann::json::array();
  auto [lo, hi] = children_.equal_range(unit.id);
  nlohmann::json totals = nlohmann::json::object();
  for (auto it = lo; it != hi; ++it) {
    nlohmann::json child = unit_json(*find(it->second));
    for (auto& [key, value] : child["facts"].items()) {
      // Rates are recomputed from the totals, never summed; their display text is not a figure.
      if (key.ends_with("_bp") || !value.is_number_integer()) continue;
      totals[key] = totals.value(key, int64_t{0}) + value.get<int64_t>();
    }
    children.push_back(std::move(child));
  }
  if (facts.empty() && !totals.empty()) {
    facts = totals;
    // 贫困发生率 = poor people / rural population, and the target rate after the exits.
    int64_t pop = totals.value("rural_population_2014", int64_t{0});
    int64_t poor = totals.value("poor_people_2019", int64_t{0});
    int64_t exits = totals.value("exit_plan_2019", int64_t{0});
    if (pop > 0 && totals.contains("poor_people_2019")) {
      facts["incidence_bp"] = (poor * 10000 + pop / 2) / pop;
      if (totals.contains("exit_plan_2019")) {
        facts["target_incidence_bp"] = ((poor - exits) * 10000 + pop / 2) / pop;
      }
    }
  }
  for (const char* key : {"incidence_bp", "target_incidence_bp"}) {
    if (facts.contains(key)) {
      facts[std::string(key).substr(0, std::string(key).size() - 3)] =
          percent_from_bp(facts[key].get<int64_t>());
    }
  }
  j["facts"] = facts;
  if (!children.empty()) j["children"] = children;
  return j;
}

nlohmann::json OrgTree::to_json() const {
  nlohmann::json roots = nlohmann::json::array();
  for (const auto& unit : units_) {
    if (!unit.parent_id) roots.push_back(unit_json(unit));
  }
  return roots;
}

}  // namespace taizhang

