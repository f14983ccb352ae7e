// What the guards may know of an item beyond its own fields: whether its village is a 贫困村,
// its ledger totals, whether its notices have passed, and which evidence it holds. A plain struct: the guards and the
// transition rules read it without I/O; engine/progress/item_facts.h gathers it from the store.
#pragma once

#include <array>
#include <cstdint>
#include <set>
#include <string>

#include "engine/ledger/entry.h"

namespace taizhang {

// The kinds of fact a guard may need; a guard kind declares its own (GuardRegistry::add), so
// that only the facts some guard asks for are read.
enum class Fact : uint8_t {
  none = 0,
  ledger = 1 << 0,   // the item's ledger totals
  notices = 1 << 1,  // whether its before/after notices have passed
  evidence = 1 << 2,  // the evidence kinds it holds
};
constexpr Fact operator|(Fact a, Fact b) {
  return static_cast<Fact>(static_cast<uint8_t>(a) | static_cast<uint8_t>(b));
}
constexpr bool has(Fact set, Fact f) {
  return (static_cast<uint8_t>(set) & static_cast<uint8_t>(f)) != 0;
}

// The boards a notice goes up on, as guards name them (notice_passed:before:village). The same
// order as NoticeLevel (engine/notice/notice.h): county, township, village.
enum class NoticeBoard : uint8_t { county = 0, township = 1, village = 2 };

struct ItemFacts {
  bool poor_village = false;  // the item's unit is flagged a 贫困村 (facts.poor_village = 1)
  LedgerTotals ledger;
  bool notice_before_passed = false;
  bool notice_after_passed = false;
  std::set<std::string> evidence_kinds;  // kinds with at least one attachment not withdrawn
  // The same per board, indexed by NoticeBoard: whether a notice of that level has passed.
  std::array<bool, 3> notice_before_passed_on{};
  std::array<bool, 3> notice_after_passed_on{};
};

}  // namespace taizhang
