// Who is acting: a signed-in user with one role and, optionally, the organisation units they are
// scoped to. An unscoped user acts township-wide (on every unit).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace taizhang {

enum class Role { admin, manager, finance, supervisor };

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

struct User {
  int64_t id = 0;
  std::string name;
  Role role = Role::manager;
  std::vector<int64_t> org_ids;  // the units the user is scoped to; empty = township-wide
  std::string created_at;
  // When an administrator disabled the user; nullopt: active. A disabled user's sessions and
  // tokens are refused.
  std::optional<std::string> disabled_at;

  bool active() const { return !disabled_at; }
};

struct Principal {
  User user;
  // Every unit the user may see and act on: the scoped units and all units below them. Empty
  // optional = unscoped (all units).
  std::optional<std::set<int64_t>> visible_orgs;

  bool can_see_org(int64_t org_id) const {
    return !visible_orgs || visible_orgs->contains(org_id);
  }
  // "user:7" — how the audit log names an actor.
  std::string actor() const { return "user:" + std::to_string(user.id); }
};

}  // namespace taizhang
