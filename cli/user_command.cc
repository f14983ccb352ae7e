// taizhang user add: create a user and print their bearer token (shown once); with
// --password-stdin also give them a password. taizhang user passwd: set a user's password from
// standard input (which also signs them out everywhere). taizhang user token: issue a user
// another named token, optionally expiring. taizhang user revoke: revoke one named token or all
// of a user's tokens.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "engine/storage/sqlite/open_database.h"
#include "cli/bootstrap.h"
#include "cli/commands.h"
#include "engine/access/account_commands.h"
#include "engine/access/api_tokens.h"
#include "engine/access/session_commands.h"

namespace taizhang::cli {

namespace {

struct UserArgs {
  std::string db;
  std::string name;
  std::string role;
  std::vector<std::string> orgs;
  bool password_stdin = false;
  std::string token_name;   // user token / user revoke --token
  std::string expires;      // user token --expires (RFC 3339)
  bool all_tokens = false;  // user revoke --all
};

// The one user named `name`, inside a job.
Result<User> user_named(StoreWriter& store, const std::string& name) {
  auto users = store.users_named(name);
  if (users.empty()) return fail(ErrorCode::not_found, "no user named " + name, "name");
  if (users.size() > 1) return fail(ErrorCode::conflict, "several users are named " + name, "name");
  return users.front();
}

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

void run_user_token(const UserArgs& args) {
  std::optional<TimePoint> expires;
  if (!args.expires.empty()) {
    expires = parse_rfc3339(args.expires);
    if (!expires) {
      die(Error{ErrorCode::invalid_field,
                "--expires must be an RFC 3339 time such as 2019-12-31T18:00:00+08:00",
                "expires", {}},
          2);
    }
  }
  auto db = sqlite::open_database(args.db);
  if (!db) die(db.error());
  auto issued = (*db)->writer().run([&](StoreWriter& store) -> Result<IssuedApiToken> {
    auto user = user_named(store, args.name);
    if (!user) return std::unexpected(user.error());
    return issue_token(store, "cli", user->id, args.token_name, expires, Clock{}.now());
  });
  if (!issued) die(issued.error(), issued.error().code == ErrorCode::invalid_field ? 2 : 1);
  std::printf("%s\n", issued->token.c_str());
}

void run_user_revoke(const UserArgs& args) {
  if (args.all_tokens == !args.token_name.empty()) {
    die(Error{ErrorCode::invalid_field, "give --token NAME or --all", "token", {}}, 2);
  }
  auto db = sqlite::open_database(args.db);
  if (!db) die(db.error());
  auto revoked = (*db)->writer().run([&](StoreWriter& store) -> Result<int64_t> {
    auto user = user_named(store, args.name);
    if (!user) return std::unexpected(user.error());
    if (args.all_tokens) return revoke_all_tokens(store, "cli", user->id, Clock{}.now());
    for (const ApiToken& t : store.api_tokens(user->id)) {
      if (t.name != args.token_name || t.revoked_ms) continue;
      auto done = revoke_token(store, "cli", user->id, t.id, Clock{}.now());
      if (!done) return std::unexpected(done.error());
      return int64_t{1};
    }
    return fail(ErrorCode::not_found,
                args.name + " has no unrevoked token named " + args.token_name, "token");
  });
  if (!revoked) die(revoked.error());
  std::printf("revoked %lld token(s) of %s\n", static_cast<long long>(*revoked),
              args.name.c_str());
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
  auto tk = std::make_shared<UserArgs>();
  auto* token = user->add_subcommand(
      "token", "Issue a user another named bearer token; prints the token alone (shown once)");
  token->add_option("--db", tk->db, "SQLite database file")->required();
  token->add_option("--name", tk->name, "The user's name")->required();
  token->add_option("--token-name", tk->token_name,
                    "What the token is for, e.g. 报账系统接口 (unique among the user's tokens)")
      ->required();
  token->add_option("--expires", tk->expires,
                    "When the token stops working, RFC 3339 (default: never)");
  token->callback([tk] { run_user_token(*tk); });
  auto rv = std::make_shared<UserArgs>();
  auto* revoke = user->add_subcommand("revoke", "Revoke one of a user's tokens, or all of them");
  revoke->add_option("--db", rv->db, "SQLite database file")->required();
  revoke->add_option("--name", rv->name, "The user's name")->required();
  revoke->add_option("--token", rv->token_name, "The name of the token to revoke");
  revoke->add_flag("--all", rv->all_tokens, "Revoke every token of the user");
  revoke->callback([rv] { run_user_revoke(*rv); });
}

}  // namespace taizhang::cli
