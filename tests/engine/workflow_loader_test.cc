#include <gtest/gtest.h>

#include <fstream>
#include <functional>

#include "engine/workflow/guard.h"
#include "engine/workflow/definition.h"

namespace taizhang {
namespace {

nlohmann::json minimal() {
  return nlohmann::json::parse(R"({
    "id": "demo", "name": "示例", "description": "测试用流程", "initial": "a",
    "stages": [{"id": "a", "name": "甲"}, {"id": "b", "name": "乙", "final": true}],
    "transitions": [{"action": "go", "name": "前进", "from": ["a"], "to": "b",
                     "roles": ["manager"], "requires": [{"guard": "comment"}]}],
    "fields": [{"key": "note", "label": "备注", "type": "text"},
               {"key": "households", "label": "户数", "type": "integer"},
               {"key": "grade", "label": "等级", "type": "choice", "options": ["C", "D"]}]
  })");
}

TEST(WorkflowLoader, AcceptsAValidDefinition) {
  auto def = parse_workflow(minimal(), "demo.json", GuardRegistry::builtin());
  ASSERT_TRUE(def) << def.error().message;
  EXPECT_EQ(def->initial, "a");
  ASSERT_EQ(def->transitions.size(), 1u);
  EXPECT_EQ(def->transitions[0].requires_[0].kind, "comment");
  EXPECT_TRUE(def->transitions[0].allows(Role::manager));
  EXPECT_FALSE(def->transitions[0].allows(Role::finance));
  EXPECT_EQ(def->sha256.size(), 64u);
}

TEST(WorkflowLoader, SchemaErrorNamesFileAndPath) {
  auto doc = minimal();
  doc["transitions"][0]["roles"] = {"clerk"};
  auto def = parse_workflow(doc, "demo.json", GuardRegistry::builtin());
  ASSERT_FALSE(def);
  EXPECT_NE(def.error().message.find("demo.json"), std::string::npos);
  EXPECT_NE(def.error().message.find("/transitions/0/roles"), std::string::npos)
      << def.error().message;
}

TEST(WorkflowLoader, RejectsUnknownProperty) {
  auto doc = minimal();
  doc["stages"][0]["colour"] = "red";
  auto def = parse_workflow(doc, "demo.json", GuardRegistry::builtin());
  ASSERT_FALSE(def);
  EXPECT_NE(def.error().message.find("/stages/0"), std::string::npos) << def.error().message;
}

TEST(WorkflowLoader, RejectsTransitionToUnknownStage) {
  auto doc = minimal();
  doc["transitions"][0]["to"] = "nowhere";
  auto def = parse_workflow(doc, "demo.json", GuardRegistry::builtin());
  ASSERT_FALSE(def);
  EXPECT_EQ(def.error().field, "/transitions/0/to");
}

TEST(WorkflowLoader, RejectsWayOutOfFinalStage) {
  auto doc = minimal();
  doc["transitions"].push_back(nlohmann::json::parse(
      R"({"action": "back", "name": "返回", "from": ["b"], "to": "a", "roles": ["manager"]})"));
  auto def = parse_workflow(doc, "demo.json", GuardRegistry::builtin());
  ASSERT_FALSE(def);
  EXPECT_EQ(def.error().field, "/transitions/1/from/0");
}

TEST(WorkflowLoader, RejectsUnreachableAndDeadEndStages) {
  auto doc = minimal();
  doc["stages"].push_back({{"id", "c"}, {"name", "丙"}});
  auto def = parse_workflow(doc, "demo.json", GuardRegistry::builtin());
  ASSERT_FALSE(def);
  EXPECT_NE(def.error().message.find("cannot be reached"), std::string::npos);
}

TEST(WorkflowLoader, RejectsUnknownInitialStage) {
  auto doc = minimal();
  doc["initial"] = "zzz";
  auto def = parse_workflow(doc, "demo.json", GuardRegistry::builtin());
  ASSERT_FALSE(def);
  EXPECT_EQ(def.error().field, "/initial");
}

TEST(WorkflowLoader, RejectsGuardTheRegistryDoesNotKnow) {
  GuardRegistry only_comment;
  only_comment.add("comment", Fact::none, [](const Guard&, const GuardContext&) {
    return std::optional<Blocker>{};
  });
  auto doc = minimal();
  doc["transitions"][0]["requires"] = {{{"guard", "field"}, {"field", "x"}}};
  auto def = parse_workflow(doc, "demo.json", only_comment);
  ASSERT_FALSE(def);
  EXPECT_EQ(def.error().field, "/transitions/0/requires/0/guard");
}

TEST(WorkflowLoader, NoticeGuardsNameAKnownLevel) {
  const GuardRegistry guards = GuardRegistry::builtin();
  for (const char* level : {"village", "township", "county"}) {
    EXPECT_TRUE(guards.knows(std::string("notice_passed:before:") + level)) << level;
    EXPECT_TRUE(guards.knows(std::string("notice_passed:after:") + level)) << level;
  }
  auto doc = minimal();
  doc["transitions"][0]["requires"] = {{{"guard", "notice_passed:before:village"}}};
  auto good = parse_workflow(doc, "demo.json", guards);
  ASSERT_TRUE(good) << good.error().message;
  EXPECT_EQ(good->transitions[0].requires_[0].kind, "notice_passed:before:village");
  // An unknown level is refused, naming the file and the guard's path; nothing is defined.
  doc["transitions"][0]["requires"] = {{{"guard", "notice_passed:before:hamlet"}}};
  auto bad = parse_workflow(doc, "demo.json", guards);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("demo.json"), std::string::npos) << bad.error().message;
  EXPECT_TRUE(bad.error().field.starts_with("/transitions/0/requires/0")) << bad.error().field;
  EXPECT_FALSE(guards.knows("notice_passed:before:hamlet"));
}

TEST(WorkflowLoader, NoticeRoundsHaveOneMinimumEach) {
  auto doc = minimal();
  doc["notice_rounds"] = {{{"level", "village"}, {"phase", "before"}, {"name", "村级公示"},
                           {"min_days", 7}},
                          {{"level", "county"}, {"phase", "before"}, {"name", "县级审批公示"},
                           {"min_working_days", 5}}};
  auto def = parse_workflow(doc, "demo.json", GuardRegistry::builtin());
  ASSERT_TRUE(def) << def.error().message;
  ASSERT_NE(def->notice_round("county", "before"), nullptr);
  EXPECT_TRUE(def->notice_round("county", "before")->working_days);
  EXPECT_EQ(def->notice_round("village", "before")->min_count, 7);
  EXPECT_EQ(def->notice_round("township", "before"), nullptr);
  EXPECT_EQ(def->to_json()["notice_rounds"][1]["min_working_days"], 5);
  auto refused = [&](std::function<void(nlohmann::json&)> edit, const std::string& path) {
    auto broken = doc;
    edit(broken);
    auto r = parse_workflow(broken, "demo.json", GuardRegistry::builtin());
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().field.starts_with(path)) << r.error().field << ": " << r.error().message;
  };
  refused([](nlohmann::json& d) { d["notice_rounds"][0]["min_working_days"] = 5; },
          "/notice_rounds/0");
  refused([](nlohmann::json& d) { d["notice_rounds"][0].erase("min_days"); }, "/notice_rounds/0");
  refused([](nlohmann::json& d) { d["notice_rounds"][1]["min_working_days"] = 0; },
          "/notice_rounds/1");
  refused([](nlohmann::json& d) { d["notice_rounds"][1]["min_working_days"] = 91; },
          "/notice_rounds/1");
  refused([](nlohmann::json& d) { d["notice_rounds"][1]["level"] = "hamlet"; },
          "/notice_rounds/1");
  refused([](nlohmann::json& d) { d["notice_rounds"][1]["level"] = "village"; },
          "/notice_rounds/1");
}

TEST(WorkflowLoader, LoadsTheShippedWorkflows) {
  auto defs = load_workflow_dir(TAIZHANG_SOURCE_DIR "/workflows", GuardRegistry::builtin());
  ASSERT_TRUE(defs) << defs.error().message;
  std::set<std::string> ids;
  for (const auto& d : *defs) ids.insert(d.id);
  EXPECT_EQ(ids, (std::set<std::string>{"collective_economy", "fund_disbursement",
                                        "housing_repair", "plan_task", "rectification", "road"}));
  for (const auto& d : *defs) {
    if (d.id != "housing_repair") continue;
    const Stage* build = d.stage("construction");
    ASSERT_NE(build, nullptr);
    EXPECT_EQ(build->name, "施工");
    EXPECT_EQ(build->deadline.value_or(""), "7月底前");
  }
}

TEST(WorkflowLoader, ReadsFieldDeclarations) {
  auto def = parse_workflow(minimal(), "demo.json", GuardRegistry::builtin());
  ASSERT_TRUE(def) << def.error().message;
  ASSERT_EQ(def->fields.size(), 3u);
  const FieldDeclaration* grade = def->field("grade");
  ASSERT_NE(grade, nullptr);
  EXPECT_EQ(grade->label, "等级");
  EXPECT_EQ(grade->type, FieldType::choice);
  EXPECT_EQ(grade->options, (std::vector<std::string>{"C", "D"}));
  EXPECT_EQ(def->field("nope"), nullptr);
  const auto shown = def->to_json()["fields"];
  ASSERT_EQ(shown.size(), 3u);
  EXPECT_EQ(shown[2]["options"][1], "D");
  EXPECT_EQ(shown[1]["type"], "integer");
}

TEST(WorkflowLoader, FieldDeclarationsAreRequired) {
  auto doc = minimal();
  doc.erase("fields");
  auto def = parse_workflow(doc, "demo.json", GuardRegistry::builtin());
  ASSERT_FALSE(def);
  EXPECT_NE(def.error().message.find("fields"), std::string::npos) << def.error().message;
}

TEST(WorkflowLoader, RejectsBadFieldDeclarations) {
  struct Case {
    const char* name;
    std::function<void(nlohmann::json&)> edit;
    std::string path;
  };
  const std::vector<Case> cases = {
      {"unknown type", [](nlohmann::json& d) { d["fields"][0]["type"] = "float"; },
       "/fields/0/type"},
      {"no label", [](nlohmann::json& d) { d["fields"][0].erase("label"); }, "/fields/0"},
      {"bad key", [](nlohmann::json& d) { d["fields"][0]["key"] = "Bad Key"; }, "/fields/0/key"},
      {"duplicate key", [](nlohmann::json& d) { d["fields"][1]["key"] = "note"; },
       "/fields/1/key"},
      {"choice without options", [](nlohmann::json& d) { d["fields"][2].erase("options"); },
       "/fields/2/options"},
      {"options on text", [](nlohmann::json& d) { d["fields"][0]["options"] = {"x"}; },
       "/fields/0/options"},
      {"guard on undeclared field",
       [](nlohmann::json& d) {
         d["transitions"][0]["requires"] = {{{"guard", "field"}, {"field", "applicant"}}};
       },
       "/transitions/0/requires/0/field"},
      {"minimum on a text field",
       [](nlohmann::json& d) {
         d["transitions"][0]["requires"] = {
             {{"guard", "field_at_least"}, {"field", "note"}, {"min", 1}}};
       },
       "/transitions/0/requires/0/field"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto doc = minimal();
    c.edit(doc);
    auto def = parse_workflow(doc, "demo.json", GuardRegistry::builtin());
    ASSERT_FALSE(def);
    EXPECT_NE(def.error().message.find(c.path), std::string::npos) << def.error().message;
  }
}

TEST(WorkflowLoader, ShippedWorkflowsDeclareEveryFieldTheirGuardsRead) {
  auto defs = load_workflow_dir(TAIZHANG_SOURCE_DIR "/workflows", GuardRegistry::builtin());
  ASSERT_TRUE(defs) << defs.error().message;
  for (const auto& d : *defs) {
    SCOPED_TRACE(d.id);
    EXPECT_FALSE(d.fields.empty());
    for (const auto& f : d.fields) EXPECT_FALSE(f.label.empty());
  }
  for (const auto& d : *defs) {
    if (d.id != "housing_repair") continue;
    const FieldDeclaration* grade = d.field("danger_grade");
    ASSERT_NE(grade, nullptr);
    EXPECT_EQ(grade->label, "危房等级");
    EXPECT_EQ(grade->options, (std::vector<std::string>{"C", "D"}));
    ASSERT_NE(d.field("repair_mode"), nullptr);
    EXPECT_EQ(d.field("repair_mode")->options, (std::vector<std::string>{"修缮", "重建"}));
  }
}

TEST(WorkflowLoader, FileNameMustMatchId) {
  char dir[] = "/tmp/tz_wf_XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::ofstream(std::string(dir) + "/other.json") << minimal().dump();
  auto defs = load_workflow_dir(dir, GuardRegistry::builtin());
  ASSERT_FALSE(defs);
  EXPECT_NE(defs.error().message.find("other.json"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace taizhang

namespace taizhang {
namespace {

nlohmann::json with_evidence(const std::string& guard) {
  auto doc = minimal();
  doc["evidence"] = nlohmann::json::parse(R"([{"key": "completion_photo", "name": "竣工照片"}])");
  doc["transitions"][0]["requires"] = nlohmann::json::array({{{"guard", guard}}});
  return doc;
}

TEST(WorkflowLoader, EvidenceGuardCarriesTheKindsChineseName) {
  auto def = parse_workflow(with_evidence("evidence:completion_photo"), "demo.json",
                            GuardRegistry::builtin());
  ASSERT_TRUE(def) << def.error().message;
  ASSERT_EQ(def->evidence.size(), 1u);
  EXPECT_EQ(def->evidence_kind("completion_photo")->name, "竣工照片");
  EXPECT_EQ(def->transitions[0].requires_[0].label, "竣工照片");
  EXPECT_EQ(def->to_json()["evidence"][0]["name"], "竣工照片");
}

TEST(WorkflowLoader, RejectsEvidenceGuardForAnUndeclaredKind) {
  auto def = parse_workflow(with_evidence("evidence:voucher"), "demo.json",
                            GuardRegistry::builtin());
  ASSERT_FALSE(def);
  EXPECT_NE(def.error().message.find("demo.json: /transitions/0/requires/0/guard"),
            std::string::npos)
      << def.error().message;
  EXPECT_NE(def.error().message.find("voucher is not declared"), std::string::npos);
}

TEST(WorkflowLoader, RejectsMalformedEvidenceGuardAndDuplicateKinds) {
  auto bad_name = parse_workflow(with_evidence("evidence:Bad-Kind"), "demo.json",
                                 GuardRegistry::builtin());
  EXPECT_FALSE(bad_name);
  auto doc = with_evidence("evidence:completion_photo");
  doc["evidence"].push_back({{"key", "completion_photo"}, {"name", "又一个"}});
  auto twice = parse_workflow(doc, "demo.json", GuardRegistry::builtin());
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message.find("/evidence/1/key"), std::string::npos)
      << twice.error().message;
}

}  // namespace
}  // namespace taizhang
