// taizhang backup: an online, consistent copy of the database and of its evidence files.
//
// The database is copied first, as one snapshot; then every file an attachment of that copy
// names is copied into the evidence folder beside it. Files are never changed or removed and
// each is on disk before the row naming it commits, so every file the snapshot names exists:
// the pair is consistent while the server keeps writing. Files uploaded after the snapshot are
// not needed by it and are left out.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <set>

#include "engine/storage/evidence_files.h"
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
    auto backup = sqlite::open_database(*to);
    if (!backup) die(backup.error());
    auto named = (*backup)->read([](StoreReader& store) -> Result<std::vector<std::string>> {
      std::set<std::string> shas;
      for (int64_t after = 0;;) {
        auto page = store.attachments(after, 2000);
        for (const auto& a : page) shas.insert(a.sha256);
        if (page.size() < 2000) break;
        after = page.back().id;
      }
      return std::vector<std::string>(shas.begin(), shas.end());
    });
    if (!named) die(named.error());
    EvidenceFiles files(EvidenceFiles::dir_for(*db));
    auto files_copied = files.copy_to(EvidenceFiles::dir_for(*to), *named);
    if (!files_copied) die(files_copied.error());
    std::printf("backed up %s to %s with %lld evidence files\n", db->c_str(), to->c_str(),
                static_cast<long long>(*files_copied));
  });
}

}  // namespace taizhang::cli
