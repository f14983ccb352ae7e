#include "engine/ledger/fund.h"

#include <array>
#include <utility>

namespace taizhang {

namespace {

struct SourceName {
  FundSource source;
  std::string_view id;
  std::string_view chinese;
};

constexpr std::array<SourceName, 7> kSources = {{
    {FundSource::central, "central", "中央财政专项扶贫资金"},
    {FundSource::region, "region", "自治区财政专项扶贫资金"},
    {FundSource::city, "city", "市级财政专项扶贫资金"},
    {FundSource::county, "county", "县级财政专项扶贫资金"},
    {FundSource::guangdong_cooperation, "guangdong_cooperation", "粤桂扶贫协作资金"},
    {FundSource::integrated, "integrated", "统筹整合涉农资金"},
    {FundSource::social, "social", "社会帮扶资金"},
}};

const SourceName& entry(FundSource source) {
  for (const auto& s : kSources) {
    if (s.source == source) return s;
  }
  std::unreachable();
}

}  // namespace

std::string_view to_string(FundSource source) { return entry(source).id; }
std::string_view chinese_name(FundSource source) { return entry(source).chinese; }

std::optional<FundSource> parse_fund_source(std::string_view text) {
  for (const auto& s : kSources) {
    if (s.id == text) return s.source;
  }
  return std::nullopt;
}

nlohmann::json snapshot(const Fund& f) {
  return {{"id", f.id},
          {"name", f.name},
          {"source", to_string(f.source)},
          {"doc_no", f.doc_no},
          {"year", f.year},
          {"amount_fen", f.amount_fen},
          {"created_at", f.created_at},
          {"created_by", f.created_by}};
}

}  // namespace taizhang
