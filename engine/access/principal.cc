#include "engine/access/principal.h"

namespace taizhang {

std::string_view to_string(Role role) {
  switch (role) {
    case Role::admin: return "admin";
    case Role::manager: return "manager";
    case Role::finance: return "finance";
    case Role::supervisor: return "supervisor";
  }
  return "manager";
}

std::optional<Role> parse_role(std::string_view text) {
  if (text == "admin") return Role::admin;
  if (text == "manager") return Role::manager;
  if (text == "finance") return Role::finance;
  if (text == "supervisor") return Role::supervisor;
  return std::nullopt;
}

}  // namespace taizhang
