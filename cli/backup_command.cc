// taizhang backup: an online, consistent copy of the database.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "engine/storage/sqlite/open_database.h"
#include "cli/bootstrap.h"
#include "cli/commands.h"

namespace taizhang::cli {

void add_backup_command(CLI::App& app) {
  auto db = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "backup", "Copy the database to a new file while the server keeps running");
  cmd->add_option("--db", *db, "SQLite database file")->required();
  cmd->add_option("--to", *to, "The new backup file (must not exist)")->required();
  cmd->callback([db, to] {
    auto opened = sqlite::open_database(*db);
    if (!opened) die(opened.error());
    auto copied = (*opened)->backup_to(*to);
    if (!copied) die(copied.error());
    std::printf("backed up %s to %s\n", db->c_str(), to->c_str());
  });
}

}  // namespace taizhang::cli
