// A fund: money that arrived from one source under one document (文号) in one year, to be
// allocated to work items. Its totals are sums of the ledger's postings (engine/ledger/entry.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace taizhang {

// Where a fund comes from (PRODUCT.md: 中央, 自治区, 市, 县 财政专项扶贫资金; 粤桂扶贫协作资金;
// 统筹整合涉农资金; 社会帮扶).
enum class FundSource { central, region, city, county, guangdong_cooperation, integrated, social };

std::string_view to_string(FundSource source);
std::optional<FundSource> parse_fund_source(std::string_view text);
// 中央财政专项扶贫资金, 粤桂扶贫协作资金, …
std::string_view chinese_name(FundSource source);

struct Fund {
  int64_t id = 0;
  std::string name;
  FundSource source = FundSource::county;
  std::string doc_no;
  int year = 0;
  int64_t amount_fen = 0;
  std::string created_at;
  int64_t created_by = 0;
  int64_t audit_seq = 0;
};

// A fund with what the ledger says of it.
struct FundTotals {
  int64_t allocated_fen = 0;  // net of reversed allocations
  int64_t disbursed_fen = 0;  // net of reversed disbursements
};

// The fund as recorded in the audit log (every stored column but audit_seq, which is the
// record's own position).
nlohmann::json snapshot(const Fund& fund);

}  // namespace taizhang
