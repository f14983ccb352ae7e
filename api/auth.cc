#include "api/auth.h"

#include "api/app.h"
#include "engine/base/digest.h"

namespace taizhang::api {

Result<Principal> authenticate(App& app, const Request& request) {
  auto header = request.header("authorization");
  if (!header) return fail(ErrorCode::unauthenticated, "send Authorization: Bearer <token>");
  constexpr std::string_view kScheme = "Bearer ";
  if (header->size() <= kScheme.size() || header->size() > 256 ||
      !std::equal(kScheme.begin(), kScheme.end(), header->begin(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) ==
               std::tolower(static_cast<unsigned char>(b));
      })) {
    return fail(ErrorCode::unauthenticated, "send Authorization: Bearer <token>");
  }
  std::string token = header->substr(kScheme.size());
  std::string hash = sha256_hex(token);
  auto user = app.db().read([&](StoreReader& store) -> Result<std::optional<User>> {
    return store.user_by_token_hash(hash);
  });
  if (!user) return std::unexpected(user.error());
  if (!user->has_value()) return fail(ErrorCode::unauthenticated, "the token is not valid");
  Principal who;
  who.user = std::move(**user);
  if (!who.user.org_ids.empty()) {
    who.visible_orgs.emplace();
    for (int64_t id : who.user.org_ids) {
      auto subtree = app.orgs().subtree(id);
      who.visible_orgs->insert(subtree.begin(), subtree.end());
    }
  }
  return who;
}

Result<void> require_role(const Principal& who, std::initializer_list<Role> roles) {
  for (Role r : roles) {
    if (who.user.role == r) return {};
  }
  return fail(ErrorCode::forbidden,
              "your role (" + std::string(to_string(who.user.role)) + ") may not do this");
}

}  // namespace taizhang::api
