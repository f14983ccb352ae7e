// The one table of role powers: each permission held by exactly the roles the product names,
// and a refusal that says who may.
#include <gtest/gtest.h>

#include "engine/access/permission.h"

namespace taizhang {
namespace {

Principal as(Role role) {
  Principal p;
  p.user.role = role;
  return p;
}

TEST(Permission, EachRoleHoldsExactlyItsPowers) {
  struct Row {
    Permission permission;
    bool admin, manager, finance, supervisor;
  };
  const Row table[] = {
      {Permission::plan_work, true, true, false, false},
      {Permission::write_ledger, true, false, true, false},
      {Permission::handle_notices, true, true, true, false},
      {Permission::administer, true, false, false, false},
      {Permission::read_audit, true, false, false, true},
  };
  for (const Row& r : table) {
    EXPECT_EQ(role_may(Role::admin, r.permission), r.admin);
    EXPECT_EQ(role_may(Role::manager, r.permission), r.manager);
    EXPECT_EQ(role_may(Role::finance, r.permission), r.finance);
    EXPECT_EQ(role_may(Role::supervisor, r.permission), r.supervisor);
  }
}

TEST(Permission, ARefusalIsForbiddenAndNamesWhoMay) {
  EXPECT_TRUE(require(as(Role::finance), Permission::write_ledger).has_value());
  auto refused = require(as(Role::supervisor), Permission::write_ledger);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::forbidden);
  EXPECT_NE(refused.error().message.find("finance"), std::string::npos) << refused.error().message;
  EXPECT_NE(refused.error().message.find("supervisor"), std::string::npos) << refused.error().message;
}

}  // namespace
}  // namespace taizhang
