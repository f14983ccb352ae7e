#include "engine/access/account_commands.h"

#include <map>
#include <set>

#include "engine/access/api_tokens.h"
#include "engine/audit/log.h"
#include "engine/base/digest.h"

namespace taizhang {

Result<IssuedToken> create_user(AccessWriter& store, const std::string& actor, const NewUser& n,
                                TimePoint now) {
  if (n.name.find_first_not_of(" \t") == std::string::npos || n.name.size() > 200) {
    return fail(ErrorCode::invalid_field, "name must be 1 to 200 bytes", "name");
  }
  if (n.org_ids.size() > 100) {
    return fail(ErrorCode::invalid_field, "at most 100 units per user", "orgs");
  }
  std::map<int64_t, bool> known;
  for (const auto& unit : store.orgs()) known[unit.id] = true;
  std::set<int64_t> units;  // the same unit named twice (by name and by id) counts once
  for (int64_t id : n.org_ids) {
    if (!known.contains(id)) return fail(ErrorCode::invalid_field, "no such unit", "orgs");
    units.insert(id);
  }
  IssuedToken out;
  out.token = new_bearer_token();
  out.user.name = n.name;
  out.user.role = n.role;
  out.user.org_ids.assign(units.begin(), units.end());
  out.user.created_at = format_rfc3339(now);
  const std::string token_sha256 = sha256_hex(out.token);
  out.user.id = store.insert_user(out.user, token_sha256);
  ApiToken first;
  first.user_id = out.user.id;
  first.name = std::string(kFirstTokenName);
  first.created_at = out.user.created_at;
  const int64_t first_id = store.insert_api_token(first, token_sha256);
  nlohmann::json after = {{"id", out.user.id},
                          {"name", out.user.name},
                          {"role", to_string(out.user.role)},
                          {"orgs", out.user.org_ids}};
  cover_rows(store, after, CoveredTable::user, {out.user.id});
  cover_rows(store, after, CoveredTable::api_token, {first_id});
  append_audit(store, now,
               {actor, "user.create", "user", std::to_string(out.user.id), nullptr,
                std::move(after)});
  return out;
}

Result<User> disable_user(AccessWriter& store, int64_t actor_id, int64_t user_id, TimePoint now) {
  auto user = store.user(user_id);
  if (!user) return fail(ErrorCode::not_found, "no user " + std::to_string(user_id));
  if (user_id == actor_id) {
    return fail(ErrorCode::forbidden, "不能停用自己的账号 (you cannot disable yourself)");
  }
  if (!user->active()) return fail(ErrorCode::conflict, "该账号已停用 (already disabled)");
  const std::string at = format_rfc3339(now);
  store.set_user_disabled(user_id, at);
  const std::vector<int64_t> revoked = store.revoke_user_sessions(user_id, unix_ms(now));
  nlohmann::json after = {{"id", user_id}, {"disabled_at", at}, {"sessions_revoked", revoked.size()}};
  cover_rows(store, after, CoveredTable::user, {user_id});
  cover_rows(store, after, CoveredTable::session, revoked);
  append_audit(store, now,
               {"user:" + std::to_string(actor_id), "user.disable", "user",
                std::to_string(user_id), {{"id", user_id}, {"disabled_at", nullptr}},
                std::move(after)});
  user->disabled_at = at;
  return *user;
}

Result<User> enable_user(AccessWriter& store, int64_t actor_id, int64_t user_id, TimePoint now) {
  auto user = store.user(user_id);
  if (!user) return fail(ErrorCode::not_found, "no user " + std::to_string(user_id));
  if (user->active()) return fail(ErrorCode::conflict, "该账号未停用 (not disabled)");
  store.set_user_disabled(user_id, std::nullopt);
  nlohmann::json after = {{"id", user_id}, {"disabled_at", nullptr}};
  cover_rows(store, after, CoveredTable::user, {user_id});
  append_audit(store, now,
               {"user:" + std::to_string(actor_id), "user.enable", "user",
                std::to_string(user_id), {{"id", user_id}, {"disabled_at", *user->disabled_at}},
                std::move(after)});
  user->disabled_at.reset();
  return *user;
}

Result<int> load_orgs(AccessWriter& store, const std::string& actor,
                      const std::vector<OrgUnit>& units, TimePoint now) {
  std::map<std::string, OrgUnit> stored;
  for (auto& unit : store.orgs()) stored[unit.name] = unit;
  int added = 0;
  for (OrgUnit unit : units) {
    std::optional<int64_t> parent_id;
    if (!unit.parent_name.empty()) {
      // A parent comes before its children in an organisation file; one that is neither stored
      // nor earlier in the list is refused rather than looked up blindly.
      auto parent = stored.find(unit.parent_name);
      if (parent == stored.end()) {
        return fail(ErrorCode::invalid_field,
                    unit.name + "'s parent " + unit.parent_name + " is not a known unit", "parent");
      }
      parent_id = parent->second.id;
    }
    auto it = stored.find(unit.name);
    if (it != stored.end()) {
      if (it->second.kind != unit.kind || it->second.parent_id != parent_id) {
        return fail(ErrorCode::conflict,
                    unit.name + " exists already with another kind or parent", "name");
      }
      continue;
    }
    unit.parent_id = parent_id;
    unit.id = store.insert_org(unit);
    nlohmann::json after = {{"id", unit.id},
                            {"name", unit.name},
                            {"kind", unit.kind},
                            {"parent_id", parent_id ? nlohmann::json(*parent_id) : nullptr},
                            {"facts", unit.facts}};
    cover_rows(store, after, CoveredTable::org, {unit.id});
    append_audit(store, now,
                 {actor, "org.create", "org", std::to_string(unit.id), nullptr,
                  std::move(after)});
    stored[unit.name] = unit;
    ++added;
  }
  return added;
}

}  // namespace taizhang
