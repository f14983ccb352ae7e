// taizhang init: create or migrate a database and load the organisation; --demo adds demo users
// (printing their tokens) and demo items from the township's 2019 plan.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "engine/storage/sqlite/open_database.h"
#include "cli/bootstrap.h"
#include "cli/commands.h"
#include "cli/demo_data.h"
#include "engine/access/account_commands.h"
#include "engine/audit/checkpoint_key_file.h"
#include "engine/base/embedded_data.h"

namespace taizhang::cli {

namespace {

struct InitArgs {
  std::string db;
  std::string org_file;
  std::string workflows = "workflows";
  std::string now;
  std::string signing_key;  // empty: checkpoint_key_path_for(db)
  bool demo = false;
};

// The checkpoint signing key: created once, beside the database unless told otherwise; a second
// init keeps it (a new key would leave the checkpoints signed so far under a key no longer served).
void ensure_signing_key(const InitArgs& args) {
  const std::string path =
      args.signing_key.empty() ? checkpoint_key_path_for(args.db) : args.signing_key;
  auto existing = load_checkpoint_key_file(path);
  if (existing) {
    std::fprintf(stderr, "taizhang: checkpoint signing key %s kept (key id %s)\n", path.c_str(),
                 existing->key_id().c_str());
    return;
  }
  if (existing.error().code != ErrorCode::not_found) die(existing.error(), 2);
  auto created = create_checkpoint_key_file(path);
  if (!created) die(created.error(), 2);
  std::fprintf(stderr, "taizhang: checkpoint signing key written to %s (key id %s)\n",
               path.c_str(), created->key_id().c_str());
}

nlohmann::json read_org_file(const std::string& path) {
  if (path.empty()) return nlohmann::json::parse(embedded::default_org_json());
  std::ifstream in(path, std::ios::binary);
  if (!in) die(Error{ErrorCode::invalid_field, "cannot read " + path, "org", {}}, 2);
  std::stringstream text;
  text << in.rdbuf();
  auto doc = nlohmann::json::parse(text.str(), nullptr, false);
  if (doc.is_discarded()) die(Error{ErrorCode::bad_json, path + " is not valid JSON", "org", {}}, 2);
  return doc;
}

void run_init(const InitArgs& args) {
  Clock clock = clock_from(args.now);
  auto units = parse_org_file(read_org_file(args.org_file));
  if (!units) {
    die(Error{ErrorCode::invalid_field,
              "organisation file: " + units.error().field + ": " + units.error().message, "org",
              {}},
        2);
  }
  auto db = sqlite::open_database(args.db);
  if (!db) die(db.error());
  auto added = (*db)->writer().run([&](StoreWriter& store) -> Result<nlohmann::json> {
    auto n = load_orgs(store, "cli", *units, clock.now());
    if (!n) return std::unexpected(n.error());
    return *n;
  });
  if (!added) die(added.error());
  std::fprintf(stderr, "taizhang: %s ready; %d organisation units added\n", args.db.c_str(),
               added->get<int>());
  db->reset();  // close before the runtime reopens it
  ensure_signing_key(args);
  if (!args.demo) return;
  auto rt = open_runtime(args.db, args.workflows, clock.now());
  if (!rt) die(rt.error());
  auto demo = create_demo_data(*rt, clock);
  if (!demo) die(demo.error());
  std::printf("%s", demo->c_str());
}

}  // namespace

void add_init_command(CLI::App& app) {
  auto args = std::make_shared<InitArgs>();
  auto* cmd = app.add_subcommand(
      "init", "Create or migrate a database and load the organisation (default: 泗顶镇)");
  cmd->add_option("--db", args->db, "SQLite database file (created if missing)")->required();
  cmd->add_option("--org", args->org_file,
                  "Organisation file (JSON tree of units with figures); default: 泗顶镇 and "
                  "its nine villages");
  cmd->add_option("--signing-key", args->signing_key,
                  "File for the key that signs audit checkpoints, created with mode 0600 if "
                  "missing (default: the database's path + .signing-key)");
  cmd->add_flag("--demo", args->demo,
                "Add demo users (one per role; tokens printed) and demo items");
  cmd->add_option("--workflows", args->workflows, "Workflow definitions, for --demo")
      ->capture_default_str();
  cmd->add_option("--now", args->now, "Date the demo data at this RFC 3339 instant");
  cmd->callback([args] { run_init(*args); });
}

}  // namespace taizhang::cli
