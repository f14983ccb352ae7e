#include "cli/demo_data.h"

#include "engine/access/account_commands.h"
#include "engine/progress/item_commands.h"

namespace taizhang::cli {

namespace {

struct DemoItem {
  const char* workflow;
  const char* title;
  const char* org;
  const char* due_on;
  int64_t budget_fen;
  nlohmann::json fields;
  std::vector<std::pair<std::string, std::string>> steps;  // action, comment
};

std::vector<DemoItem> demo_items() {
  return {
      {"plan_task", "全面解决饮水不安全问题：排查饮用水源和供水设施，建立安全饮水档案", "泗顶镇",
       "2019-12-31", 0, nlohmann::json::object(), {{"start", ""}}},
      {"plan_task", "摸底排查：逐户核查“八有一超”缺项", "泗顶镇", "2019-03-20", 0,
       nlohmann::json::object(), {}},
      {"housing_repair", "吉照村危房改造（2019年第1批）", "吉照村", "2019-07-31", 3500000,
       {{"applicant", "示例户主"}, {"household_id", "JZ-2019-001"}}, {}},
      {"road", "马田村20户以上自然屯通屯道路硬化", "马田村", "2019-09-30", 120000000,
       {{"length_m", 1800}}, {}},
      {"collective_economy", "山贝村集体经济金桔产业基地", "山贝村", "2019-09-30", 50000000,
       nlohmann::json::object(), {}},
      {"rectification", "督查发现：上洞村贫困户帮扶手册登记不全", "上洞村", "2019-04-30", 0,
       nlohmann::json::object(), {}},
      {"fund_disbursement", "2019年财政专项扶贫资金（危房改造补助）拨付", "泗顶镇", "2019-10-31",
       35000000, nlohmann::json::object(), {}},
  };
}

}  // namespace

Result<std::string> create_demo_data(Runtime& rt, const Clock& clock) {
  const OrgUnit* village = rt.orgs.find_by_name("吉照村");
  std::vector<NewUser> people = {
      {"系统管理员", Role::admin, {}},
      {"吉照村包村干部", Role::manager, village ? std::vector<int64_t>{village->id}
                                                  : std::vector<int64_t>{}},
      {"镇项目负责人", Role::manager, {}},
      {"镇财务", Role::finance, {}},
      {"镇督查", Role::supervisor, {}},
  };
  std::string out;
  std::optional<Principal> township_manager, finance;
  for (const auto& person : people) {
    auto issued = rt.db->writer().run([&](StoreWriter& store) -> Result<nlohmann::json> {
      auto t = create_user(store, "cli", person, clock.now());
      if (!t) return std::unexpected(t.error());
      return nlohmann::json{{"id", t->user.id}, {"token", t->token}};
    });
    if (!issued) return std::unexpected(issued.error());
    out += std::string(to_string(person.role)) + "\t" + person.name + "\t" +
           (*issued)["token"].get<std::string>() + "\n";
    if (person.role == Role::finance) {
      finance = Principal{User{(*issued)["id"].get<int64_t>(), person.name, person.role, {}, ""},
                          std::nullopt};
    }
    if (person.name == "镇项目负责人") {
      township_manager = Principal{User{(*issued)["id"].get<int64_t>(), person.name,
                                        person.role, {}, ""},
                                   std::nullopt};
    }
  }
  auto existing = rt.db->read([](StoreReader& s) -> Result<int64_t> { return s.count_items(); });
  if (!existing) return std::unexpected(existing.error());
  if (*existing > 0) return out;
  ItemRules rules = rt.rules();
  std::map<std::string, int64_t> item_by_workflow;
  for (const auto& d : demo_items()) {
    const OrgUnit* org = rt.orgs.find_by_name(d.org);
    if (!org || !rt.workflows.current(d.workflow)) continue;  // another township's data
    auto made = rt.db->writer().run([&](StoreWriter& store) -> Result<nlohmann::json> {
      NewItem n{d.workflow, d.title, org->id, 2019, township_manager->user.id,
                d.budget_fen > 0 ? std::optional<int64_t>(d.budget_fen) : std::nullopt,
                std::string(d.due_on), d.fields, std::nullopt};
      auto item = create_item(store, rules, *township_manager, n, clock.now());
      if (!item) return std::unexpected(item.error());
      for (const auto& [action, comment] : d.steps) {
        TransitionRequest t{action, comment.empty() ? std::nullopt
                                                    : std::optional<std::string>(comment),
                            nlohmann::json::object(), std::nullopt, std::nullopt};
        auto moved = transition_item(store, rules, *township_manager, item->id, t, clock.now());
        if (!moved) return std::unexpected(moved.error());
      }
      return item->id;
    });
    if (!made) return std::unexpected(made.error());
    item_by_workflow.emplace(d.workflow, made->get<int64_t>());
  }
  auto ledger = create_demo_ledger(rt, clock, *finance, *township_manager, item_by_workflow);
  if (!ledger) return std::unexpected(ledger.error());
  return out;
}

}  // namespace taizhang::cli
