#include "cli/demo_data.h"
#include "engine/ledger/ledger_commands.h"
#include "engine/notice/notice_commands.h"

namespace taizhang::cli {

namespace {

nlohmann::json road_notice_contents() {
  return {{"project_name", "马田村20户以上自然屯通屯道路硬化"},
          {"location", "泗顶镇马田村"},
          {"content", "硬化通屯道路 1.8 公里，路面宽 4.5 米，C25 水泥混凝土"},
          {"subsidy_standard", "按县交通运输局核定工程量据实补助"},
          {"implementation_period", "2019年3月至9月"},
          {"implementer", "马田村村民委员会，责任人：村主任"},
          {"performance_target", "解决 1 个自然屯 46 户群众出行难"},
          {"beneficiary_households", 46},
          {"beneficiary_people", 187},
          {"poverty_mechanism", "优先吸纳贫困户务工，带动贫困户 12 户增收"},
          {"hotline", "12317、0772-8123456"}};
}

nlohmann::json housing_notice_contents() {
  return {{"project_name", "吉照村危房改造（2019年第1批）"},
          {"location", "泗顶镇吉照村"},
          {"content", "C 级危房修缮加固 1 户"},
          {"subsidy_standard", "C 级每户补助 1.5 万元"},
          {"implementation_period", "2019年3月至7月"},
          {"implementer", "吉照村村民委员会，责任人：包村干部"},
          {"performance_target", "1 户 4 人住房安全有保障"},
          {"beneficiary_households", 1},
          {"beneficiary_people", 4},
          {"poverty_mechanism", "解决建档立卡贫困户住房安全问题"},
          {"hotline", "12317、0772-8123456"}};
}

}  // namespace

Result<void> create_demo_ledger(Runtime& rt, const Clock& clock, const Principal& finance,
                                const Principal& manager,
                                const std::map<std::string, int64_t>& item_by_workflow) {
  auto road = item_by_workflow.find("road");
  auto housing = item_by_workflow.find("housing_repair");
  if (road == item_by_workflow.end() || housing == item_by_workflow.end()) return {};
  auto done = rt.db->writer().run([&](StoreWriter& store) -> Result<nlohmann::json> {
    const TimePoint now = clock.now();
    auto central = create_fund(store, finance,
                               {"2019年中央财政专项扶贫资金（第一批）", FundSource::central,
                                "桂财农〔2019〕12号", 2019, 500'000'000},
                               now);
    if (!central) return std::unexpected(central.error());
    auto county = create_fund(store, finance,
                              {"2019年县级财政专项扶贫资金", FundSource::county,
                               "融财农〔2019〕3号", 2019, 100'000'000},
                              now);
    if (!county) return std::unexpected(county.error());
    for (auto [item, fund, amount] : {std::tuple{road->second, central->id, int64_t{90'000'000}},
                                      std::tuple{road->second, county->id, int64_t{30'000'000}},
                                      std::tuple{housing->second, central->id, int64_t{1'500'000}}}) {
      auto a = allocate(store, finance, item, {fund, amount, std::nullopt}, now);
      if (!a) return std::unexpected(a.error());
    }
    auto paid = disburse(store, finance, road->second,
                         {30'000'000, "融安县某建筑工程有限公司", "BZ-2019-0031", "工程预付款",
                          std::nullopt, "demo-road-advance"},
                         now);
    if (!paid) return std::unexpected(paid.error());
    // The road's notice ran 2019-03-01..10 and has passed; the housing notice is on the board.
    for (auto [item, posted_on, contents] :
         {std::tuple{road->second, "2019-03-01", road_notice_contents()},
          std::tuple{housing->second, "2019-03-08", housing_notice_contents()}}) {
      auto n = post_notice(store, manager, NoticeRules{},
                           item, {NoticeLevel::village, NoticePhase::before, posted_on,
                                  std::nullopt, contents},
                           now);
      if (!n) return std::unexpected(n.error());
    }
    return nlohmann::json(nullptr);
  });
  if (!done) return std::unexpected(done.error());
  return {};
}

}  // namespace taizhang::cli
