// taizhang: the township's project-and-fund ledger. One binary; see `taizhang --help`.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "engine/base/heap.h"

int main(int argc, char** argv) {
  taizhang::configure_heap();
  CLI::App app{"taizhang 台账 — work items, deadlines, funds and an audit chain for a township's "
               "poverty-alleviation plan"};
  app.require_subcommand(1);
  taizhang::cli::add_init_command(app);
  taizhang::cli::add_serve_command(app);
  taizhang::cli::add_user_command(app);
  taizhang::cli::add_audit_command(app);
  taizhang::cli::add_backup_command(app);
  taizhang::cli::add_deadline_command(app);
  taizhang::cli::add_import_plan_command(app);
  taizhang::cli::add_overdue_command(app);
  taizhang::cli::add_export_command(app);
  taizhang::cli::add_import_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return 0;
}
