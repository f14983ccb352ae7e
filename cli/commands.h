// The subcommands of the `taizhang` binary. Each lives in its own file and registers itself on
// the CLI11 app; main.cc only calls these.
#pragma once

namespace CLI {
class App;
}

namespace taizhang::cli {

void add_init_command(CLI::App& app);
void add_serve_command(CLI::App& app);
void add_user_command(CLI::App& app);
void add_audit_command(CLI::App& app);
void add_backup_command(CLI::App& app);
void add_deadline_command(CLI::App& app);
void add_import_plan_command(CLI::App& app);
void add_overdue_command(CLI::App& app);
void add_export_command(CLI::App& app);
void add_import_command(CLI::App& app);

}  // namespace taizhang::cli
