// Reading notices whole: whether an item's notice has passed (the guard notice_passed:before /
// :after asks it: a notice passes when its period has run out with no objection open), and a
// notice's objections, page by page, so that no count is silently cut off.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/notice/notice.h"
#include "engine/notice/notice_store.h"

namespace taizhang {

// Whether some notice of `phase` on the item has passed by `today` (YYYY-MM-DD). Reads the item's
// notices of that phase page by page, with each one's objections: no count is too large.
bool notice_passed(NoticeReader& store, int64_t item_id, NoticePhase phase, std::string_view today);

// Which of the item's notices have passed by `today`, per phase and board, in one read of its
// notices. Indexed by NoticeLevel (county, township, village).
struct NoticesPassed {
  bool before = false, after = false;  // on any board
  std::array<bool, 3> before_on{}, after_on{};
};
NoticesPassed notices_passed(NoticeReader& store, int64_t item_id, std::string_view today);

// How many objections to the notice are still open, counted page by page.
int64_t open_objections(NoticeReader& store, int64_t notice_id);

// Every objection to the notice, in id order (a notice takes at most kMaxObjectionsPerNotice).
std::vector<Objection> all_objections(NoticeReader& store, int64_t notice_id);

}  // namespace taizhang
