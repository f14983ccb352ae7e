// taizhang user add: create a user and print their bearer token (shown once); with
// --password-stdin also give them a password. taizhang user passwd: set a user's password from
// standard input (which also signs them out everywhere).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "engine/storage/sqlite/open_database.h"
#include "cli/bootstrap.h"
#include "cli/commands.h"
#include "engine/access/account_commands.h"
#include "engine/access/session_commands.h"

namespace taizhang::cli {

namespace {

struct UserArgs {
  std::string db;
  std::string name;
  std::string role;
  std::vector<std::string> orgs;
  bool password_stdin = false;
};

// The password is the first line of standard input (a terminal, a pipe or a file), without its
// line end: never an argument, which other users of the machine could read in the process list.
std::string password_from_stdin() {
  std::string line;
  if (!std::getline(std::cin, line)) {
    die(Error{ErrorCode::invalid_field, "no password on standard input", "password", {}}, 2);
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

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
  const std::optional<std::string> password =
      args.password_stdin ? std::optional<std::string>(password_from_stdin()) : std::nullopt;
  std::string token;
  auto created = (*db)->writer().run([&](StoreWriter& store) -> Result<nlohmann::json> {
    auto issued = create_user(store, "cli", n, Clock{}.now());
    if (!issued) return std::unexpected(issued.error());
    if (password) {
      auto set = set_password(store, "cli", issued->user.id, *password, Clock{}.now());
      if (!set) return std::unexpected(set.error());
    }
    token = issued->token;
    return nlohmann::json{{"id", issued->user.id}};
  });
  if (!created) die(created.error());
  std::printf("%s\n", token.c_str());
}

void run_user_passwd(const UserArgs& args) {
  auto db = sqlite::open_database(args.db);
  if (!db) die(db.error());
  const std::string password = password_from_stdin();
  auto done = (*db)->writer().run([&](StoreWriter& store) -> Result<bool> {
    auto users = store.users_named(args.name);
    if (users.empty()) return fail(ErrorCode::not_found, "no user named " + args.name, "name");
    if (users.size() > 1) {
      return fail(ErrorCode::conflict, "several users are named " + args.name, "name");
    }
    auto set = set_password(store, "cli", users.front().id, password, Clock{}.now());
    if (!set) return std::unexpected(set.error());
    return true;
  });
  if (!done) die(done.error(), done.error().code == ErrorCode::invalid_field ? 2 : 1);
  std::printf("password set for %s; their open sessions are signed out\n", args.name.c_str());
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
  add->add_flag("--password-stdin", args->password_stdin,
                "Also set a password (at least 8 characters), read from the first line of stdin");
  add->callback([args] { run_user_add(*args); });
  auto pw = std::make_shared<UserArgs>();
  auto* passwd = user->add_subcommand(
      "passwd", "Set a user's password from the first line of stdin; signs them out everywhere");
  passwd->add_option("--db", pw->db, "SQLite database file")->required();
  passwd->add_option("--name", pw->name, "The user's name")->required();
  passwd->callback([pw] { run_user_passwd(*pw); });
}

}  // namespace taizhang::cli
