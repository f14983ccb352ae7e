#include "engine/storage/sqlite/open_database.h"
#include "cli/bootstrap.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>

#include "engine/audit/covered_adoption.h"
#include "engine/deadline/calendar_source.h"
#include "engine/workflow/stage_deadline.h"

namespace taizhang::cli {

void die(const Error& error, int exit_code) {
  std::fprintf(stderr, "taizhang: %s\n", error.message.c_str());
  throw CLI::RuntimeError(exit_code);
}

Clock clock_from(const std::string& now_text) {
  if (now_text.empty()) return Clock{};
  auto start = parse_rfc3339(now_text);
  if (!start) {
    die(Error{ErrorCode::invalid_field,
              "--now must be RFC 3339, e.g. 2019-03-15T09:00:00+08:00", "now", {}},
        2);
  }
  return Clock{*start};
}

std::string calendar_path(const std::string& named) {
  constexpr const char* kDefaultCalendar = "calendar/cn_workdays.json";
  if (!named.empty()) return named;
  std::error_code ignored;
  return std::filesystem::exists(kDefaultCalendar, ignored) ? kDefaultCalendar : "";
}

Result<OrgTree> load_org_tree(Database& db) {
  return db.read([](StoreReader& store) -> Result<OrgTree> { return OrgTree(store.orgs()); });
}

Result<Runtime> open_runtime(const std::string& db_path,
                             const std::optional<std::string>& workflows_dir, TimePoint now,
                             const std::string& calendar_path) {
  Runtime rt;
  auto calendar = load_working_day_calendar(calendar_path);
  if (!calendar) {
    return fail(calendar.error().code, "calendar " +
                                           (calendar_path.empty() ? "(built in)" : calendar_path) +
                                           ": " + calendar.error().message);
  }
  rt.calendar = std::move(*calendar);
  auto db = sqlite::open_database(db_path);
  if (!db) return std::unexpected(db.error());
  rt.db = std::move(*db);
  if (workflows_dir) {
    auto defs = load_workflow_dir(*workflows_dir, rt.guards);
    if (!defs) return std::unexpected(defs.error());
    for (const auto& def : *defs) {
      auto ok = check_stage_deadlines(def, *workflows_dir + "/" + def.id + ".json", &*rt.calendar);
      if (!ok) return std::unexpected(ok.error());
    }
    auto stored = rt.db->writer().run([&](StoreWriter& store) -> Result<nlohmann::json> {
      adopt_covered_rows(store, now);
      return register_workflows(store, *defs, now);
    });
    if (!stored) return std::unexpected(stored.error());
  }
  auto catalog = rt.db->read([&](StoreReader& store) {
    return WorkflowCatalog::from_store(store, rt.guards);
  });
  if (!catalog) return std::unexpected(catalog.error());
  rt.workflows = std::move(*catalog);
  auto orgs = load_org_tree(*rt.db);
  if (!orgs) return std::unexpected(orgs.error());
  rt.orgs = std::move(*orgs);
  return rt;
}

Result<Principal> acting_user(Runtime& rt, const std::string& who) {
  auto found = rt.db->read([&](StoreReader& store) -> Result<std::vector<User>> {
    if (!who.empty() && who.find_first_not_of("0123456789") == std::string::npos &&
        who.size() < 19) {
      if (auto user = store.user(std::stoll(who))) return std::vector<User>{*user};
    }
    return store.users_named(who);
  });
  if (!found) return std::unexpected(found.error());
  if (found->empty()) return fail(ErrorCode::invalid_field, "no user named " + who, "as");
  if (found->size() > 1) {
    return fail(ErrorCode::invalid_field,
                "several users are named " + who + ": give the user's id with --as", "as");
  }
  Principal principal;
  principal.user = found->front();
  if (!principal.user.org_ids.empty()) {
    principal.visible_orgs.emplace();
    for (int64_t id : principal.user.org_ids) {
      auto units = rt.orgs.subtree(id);
      principal.visible_orgs->insert(units.begin(), units.end());
    }
  }
  return principal;
}

}  // namespace taizhang::cli
