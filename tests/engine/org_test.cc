#include <gtest/gtest.h>

#include "engine/base/embedded_data.h"
#include "engine/access/org.h"

namespace taizhang {
namespace {

OrgTree siding() {
  auto units = parse_org_file(nlohmann::json::parse(embedded::default_org_json()));
  EXPECT_TRUE(units);
  // Give ids as the database would, parent first.
  std::map<std::string, int64_t> ids;
  for (size_t i = 0; i < units->size(); ++i) {
    auto& u = (*units)[i];
    u.id = static_cast<int64_t>(i + 1);
    ids[u.name] = u.id;
    if (!u.parent_name.empty()) u.parent_id = ids[u.parent_name];
  }
  return OrgTree(*units);
}

TEST(Org, DefaultFileIsTheTownshipWithNineVillages) {
  OrgTree tree = siding();
  ASSERT_EQ(tree.units().size(), 11u);
  const OrgUnit* township = tree.find_by_name("泗顶镇");
  ASSERT_NE(township, nullptr);
  EXPECT_EQ(tree.subtree(township->id).size(), 10u);
  EXPECT_EQ(tree.resolve("吉照村")->facts["poor_people_2019"], 69);
  EXPECT_EQ(tree.resolve(std::to_string(township->id)), township);
  EXPECT_EQ(tree.resolve("no such"), nullptr);
}

TEST(Org, TotalsMatchTheAttachment) {
  // 附件1 totals: 18770 people, 179 households, 512 poor, 2.73%, 90 exits, 2.25%.
  auto json = siding().to_json();
  const auto& township = json[0]["children"][0];
  EXPECT_EQ(township["name"], "泗顶镇");
  EXPECT_EQ(township["facts"]["rural_population_2014"], 18770);
  EXPECT_EQ(township["facts"]["poor_households_2019"], 179);
  EXPECT_EQ(township["facts"]["poor_people_2019"], 512);
  EXPECT_EQ(township["facts"]["exit_plan_2019"], 90);
  EXPECT_EQ(township["facts"]["incidence"], "2.73%");
  EXPECT_EQ(township["facts"]["target_incidence"], "2.25%");
  EXPECT_EQ(township["children"][0]["facts"]["incidence"], "2.58%");
}

TEST(Org, RejectsBadFiles) {
  auto village_under_county = nlohmann::json::parse(
      R"({"name": "县", "kind": "county", "children": [{"name": "村", "kind": "village",
          "children": [{"name": "镇", "kind": "township"}]}]})");
  EXPECT_FALSE(parse_org_file(village_under_county));
  auto duplicate = nlohmann::json::parse(
      R"({"name": "镇", "kind": "township", "children": [{"name": "村", "kind": "village"},
          {"name": "村", "kind": "village"}]})");
  auto r = parse_org_file(duplicate);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "/children/1/name");
  auto decimal = nlohmann::json::parse(
      R"({"name": "镇", "kind": "township", "facts": {"incidence": 2.58}})");
  EXPECT_EQ(parse_org_file(decimal).error().field, "/facts/incidence");
  EXPECT_FALSE(parse_org_file(nlohmann::json::parse(R"({"name": "镇", "kind": "city"})")));
}

}  // namespace
}  // namespace taizhang
