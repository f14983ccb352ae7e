#include "engine/notice/notice_reads.h"

namespace taizhang {

namespace {

constexpr int kPage = 200;

}  // namespace

std::vector<Objection> all_objections(NoticeReader& store, int64_t notice_id) {
  std::vector<Objection> out;
  for (int64_t after = 0;;) {
    auto page = store.objections(notice_id, after, kPage);
    out.insert(out.end(), page.begin(), page.end());
    if (page.size() < static_cast<size_t>(kPage)) return out;
    after = page.back().id;
  }
}

int64_t open_objections(NoticeReader& store, int64_t notice_id) {
  int64_t open = 0;
  for (const auto& o : all_objections(store, notice_id)) open += o.open() ? 1 : 0;
  return open;
}

bool notice_passed(NoticeReader& store, int64_t item_id, NoticePhase phase, std::string_view today) {
  NoticeQuery q;
  q.item_id = item_id;
  q.phase = phase;
  q.limit = kPage;
  for (;;) {
    auto page = store.notices(q);
    for (const auto& n : page) {
      if (notice_status(n, open_objections(store, n.id), today) == NoticeStatus::passed) return true;
    }
    if (page.size() < static_cast<size_t>(kPage)) return false;
    q.after_id = page.back().id;
  }
}

NoticesPassed notices_passed(NoticeReader& store, int64_t item_id, std::string_view today) {
  NoticesPassed out;
  NoticeQuery q;
  q.item_id = item_id;
  q.limit = kPage;
  for (;;) {
    auto page = store.notices(q);
    for (const auto& n : page) {
      if (notice_status(n, open_objections(store, n.id), today) != NoticeStatus::passed) continue;
      const auto board = static_cast<std::size_t>(n.level);
      if (n.phase == NoticePhase::before) out.before = out.before_on[board] = true;
      else out.after = out.after_on[board] = true;
    }
    if (page.size() < static_cast<size_t>(kPage)) return out;
    q.after_id = page.back().id;
  }
}

}  // namespace taizhang
