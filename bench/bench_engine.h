// In-process engine setup for the benchmarks: a fresh database with the default organisation
// (泗顶镇), the workflows of a directory, users, and items created in bulk. Header-only because
// every bench/*.cc becomes its own executable.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/storage/sqlite/open_database.h"
#include "engine/access/account_commands.h"
#include "engine/base/clock.h"
#include "engine/storage/database.h"
#include "engine/base/embedded_data.h"
#include "engine/workflow/guard.h"
#include "engine/progress/item_commands.h"
#include "engine/access/org.h"
#include "engine/workflow/definition.h"
#include "engine/workflow/catalog.h"

namespace bench {

using namespace taizhang;

template <typename T>
T must(Result<T> r, std::string_view what) {
  if (!r) throw std::runtime_error(std::string(what) + ": " + r.error().message);
  return std::move(*r);
}

// A database and what item commands need to judge changes.
struct Engine {
  std::unique_ptr<Database> db;
  GuardRegistry guards = GuardRegistry::builtin();
  WorkflowCatalog workflows;
  OrgTree orgs;

  // Designated: later members of ItemRules keep their defaults.
  ItemRules rules() const {
    return ItemRules{.workflows = workflows, .orgs = orgs, .guards = guards};
  }

  // Runs `fn(store)` as one write job (one transaction) and waits until it is durable.
  template <typename F>
  nlohmann::json write(F&& fn, std::string_view what) {
    return must(db->writer().run([&](StoreWriter& store) -> Result<nlohmann::json> {
      return fn(store);
    }),
                what);
  }
};

// Loads the workflow catalog and the organisation as the server does at start.
inline void load_catalog_and_orgs(Engine& e) {
  e.workflows = must(e.db->read([&](StoreReader& store) {
    return WorkflowCatalog::from_store(store, e.guards);
  }), "workflow catalog");
  e.orgs = must(e.db->read([](StoreReader& store) -> Result<OrgTree> {
    return OrgTree(store.orgs());
  }), "organisation");
}

// Creates `path` with the default organisation and registers the workflows in `workflows_dir`,
// as `taizhang init` and `serve --workflows` do.
inline Engine open_engine(const std::string& path, const std::string& workflows_dir) {
  Engine e;
  e.db = must(sqlite::open_database(path), "open " + path);
  auto units = must(parse_org_file(nlohmann::json::parse(embedded::default_org_json())),
                    "default organisation");
  auto defs = must(load_workflow_dir(workflows_dir, e.guards), "workflows in " + workflows_dir);
  TimePoint now = Clock{}.now();
  e.write([&](StoreWriter& store) -> Result<nlohmann::json> {
    auto added = load_orgs(store, "cli", units, now);
    if (!added) return std::unexpected(added.error());
    return register_workflows(store, defs, now);
  }, "load organisation and workflows");
  load_catalog_and_orgs(e);
  return e;
}

// Reopens a database a benchmark made before: the catalog and organisation as open_engine
// loads them, so that a second run skips the minutes of creating items.
inline Engine reopen_engine(const std::string& path) {
  Engine e;
  e.db = must(sqlite::open_database(path), "open " + path);
  load_catalog_and_orgs(e);
  return e;
}

// A user and their bearer token; the principal acts township-wide unless `scope` is given.
struct Person {
  Principal who;
  std::string token;
};

inline Person add_person(Engine& e, const std::string& name, Role role,
                         const std::string& scope = {}) {
  NewUser n{name, role, {}};
  if (!scope.empty()) {
    const OrgUnit* unit = e.orgs.find_by_name(scope);
    if (!unit) throw std::runtime_error("no unit " + scope);
    n.org_ids.push_back(unit->id);
  }
  Person p;
  e.write([&](StoreWriter& store) -> Result<nlohmann::json> {
    auto issued = create_user(store, "cli", n, Clock{}.now());
    if (!issued) return std::unexpected(issued.error());
    p.who.user = issued->user;
    p.token = issued->token;
    return nullptr;
  }, "create user " + name);
  if (!p.who.user.org_ids.empty()) {
    p.who.visible_orgs.emplace();
    for (int64_t id : p.who.user.org_ids) {
      auto below = e.orgs.subtree(id);
      p.who.visible_orgs->insert(below.begin(), below.end());
    }
  }
  return p;
}

inline TransitionRequest action(std::string name, std::string comment = {}) {
  TransitionRequest t;
  t.action = std::move(name);
  if (!comment.empty()) t.comment = std::move(comment);
  return t;
}

// What bulk_items made, for the read mix to aim at.
struct BulkItems {
  int64_t first_id = 0;
  int64_t last_id = 0;
  std::vector<int64_t> plan_tasks_not_started;  // targets for `start` transitions
};

// Creates `count` items of every kind across the township's units, `per_job` items per write
// job (one transaction each). Some are moved along so that stages vary: plan tasks a third each
// not started / in progress / done, roads half past their village notice.
inline BulkItems bulk_items(Engine& e, const Person& manager, int count, int per_job = 5000) {
  static const char* kKinds[] = {"plan_task", "housing_repair", "road", "collective_economy",
                                 "rectification", "fund_disbursement"};
  static const char* kTitles[] = {
      "全面解决饮水不安全问题：排查饮用水源和供水设施", "危房改造（2019年批次）",
      "20户以上自然屯通屯道路硬化", "村集体经济金桔产业基地",
      "督查发现：贫困户帮扶手册登记不全", "财政专项扶贫资金拨付"};
  std::vector<int64_t> units;
  for (const auto& u : e.orgs.units()) {
    if (u.kind != "county") units.push_back(u.id);
  }
  const ItemRules rules = e.rules();
  BulkItems out;
  for (int done = 0; done < count; done += per_job) {
    const int n = std::min(per_job, count - done);
    e.write([&](StoreWriter& store) -> Result<nlohmann::json> {
      TimePoint now = Clock{}.now();
      for (int k = done; k < done + n; ++k) {
        const int kind = k % 6;
        NewItem item;
        item.workflow = kKinds[kind];
        item.title = std::string(kTitles[kind]) + " 第" + std::to_string(k + 1) + "项";
        item.org_id = units[static_cast<size_t>(k / 6) % units.size()];
        item.plan_year = 2019 + k % 2;
        if (k % 2 == 0) item.responsible_id = manager.who.user.id;
        if (kind != 0) item.budget_fen = int64_t{100000} * (1 + k % 500);
        // Due dates from January 2019 to December 2020: about half are past today's date in
        // 2019 terms, all past in real time, so `overdue=true` matches many.
        item.due_on = std::to_string(2019 + k % 2) + "-" + (k % 12 < 9 ? "0" : "") +
                      std::to_string(1 + k % 12) + "-" + std::to_string(10 + k % 19);
        if (kind == 1) {
          item.fields = {{"applicant", "示例户主"}, {"household_id", "HH-" + std::to_string(k)}};
        }
        if (kind == 2) item.fields = {{"length_m", 300 + k % 3000}};
        auto made = create_item(store, rules, manager.who, item, now);
        if (!made) return std::unexpected(made.error());
        if (k == 0) out.first_id = made->id;
        out.last_id = made->id;
        std::vector<const char*> steps;
        if (kind == 0 && k % 3 >= 1) steps.push_back("start");
        if (kind == 0 && k % 3 == 2) steps.push_back("complete");
        if (kind == 2 && k % 2 == 0) steps.push_back("publish_notice");
        if (kind == 0 && k % 3 == 0) out.plan_tasks_not_started.push_back(made->id);
        for (const char* step : steps) {
          auto moved = transition_item(store, rules, manager.who, made->id, action(step), now);
          if (!moved) return std::unexpected(moved.error());
        }
      }
      return n;
    }, "bulk items");
  }
  return out;
}

}  // namespace bench
