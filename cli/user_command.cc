// taizhang user add: create a user and print their bearer token (shown once).
#include <CLI/CLI.hpp>
#include <cstdio>

#include "engine/storage/sqlite/open_database.h"
#include "cli/bootstrap.h"
#include "cli/commands.h"
#include "engine/access/account_commands.h"

namespace taizhang::cli {

namespace {

struct UserArgs {
  std::string db;
  std::string name;
  std::string role;
  std::vector<std::string> orgs;
};

void run_user_add(const UserArgs& args) {
  auto role = parse_role(args.role);
  if (!role) {
    die(Error{ErrorCode::invalid_field, "--role must be admin, manager, finance or supervisor",
              "role", {}},
        2);
  }
  auto db = sqlite::open_database(args.db);
  if (!db) die(db.error());
  auto orgs = load_org_tree(**db);
  if (!orgs) die(orgs.error());
  NewUser n{args.name, *role, {}};
  for (const auto& ref : args.orgs) {
    const OrgUnit* unit = orgs->resolve(ref);
    if (!unit) die(Error{ErrorCode::invalid_field, "no unit named " + ref, "org", {}}, 2);
    n.org_ids.push_back(unit->id);
  }
  std::string token;
  auto created = (*db)->writer().run([&](StoreWriter& store) -> Result<nlohmann::json> {
    auto issued = create_user(store, "cli", n, Clock{}.now());
    if (!issued) return std::unexpected(issued.error());
    token = issued->token;
    return nlohmann::json{{"id", issued->user.id}};
  });
  if (!created) die(created.error());
  std::printf("%s\n", token.c_str());
}

}  // namespace

void add_user_command(CLI::App& app) {
  auto args = std::make_shared<UserArgs>();
  auto* user = app.add_subcommand("user", "Manage users");
  user->require_subcommand(1);
  auto* add = user->add_subcommand("add", "Create a user; prints the new bearer token alone");
  add->add_option("--db", args->db, "SQLite database file")->required();
  add->add_option("--name", args->name, "The person's name, e.g. 张三")->required();
  add->add_option("--role", args->role, "admin | manager | finance | supervisor")->required();
  add->add_option("--org", args->orgs,
                  "Scope the user to this unit (name or id); repeat for several; none = "
                  "township-wide");
  add->callback([args] { run_user_add(*args); });
}

}  // namespace taizhang::cli
