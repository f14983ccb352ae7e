// What public notices need from a database: notices and their objections. A notice's record is
// never changed; an objection changes once, when it is resolved.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/audit/audit_store.h"
#include "engine/ledger/ledger_store.h"
#include "engine/notice/notice.h"

namespace taizhang {

struct NoticeQuery {
  std::optional<int64_t> item_id;
  std::optional<std::set<int64_t>> org_ids;  // nullopt: every unit
  std::optional<std::string> on_board;       // a date: notices posted by then and not yet ended
  std::optional<NoticePhase> phase;
  int64_t after_id = 0;
  int limit = 50;
};

class NoticeReader : public virtual LedgerReader {
 public:
  // nullopt when there is no notice `id`.
  virtual std::optional<Notice> notice(int64_t id) = 0;
  // At most query.limit notices matching the query, in id order after query.after_id; empty
  // when there are no more.
  virtual std::vector<Notice> notices(const NoticeQuery& query) = 0;
  // nullopt when there is no objection `id`.
  virtual std::optional<Objection> objection(int64_t id) = 0;
  // At most `limit` objections to the notice with id > after_id, in id order, resolved ones
  // too; empty when there are no more (or no such notice).
  virtual std::vector<Objection> objections(int64_t notice_id, int64_t after_id, int limit) = 0;
};

// Needs a write job. Rows carry their id (from next_id) and audit_seq.
class NoticeWriter : public virtual NoticeReader, public virtual AuditWriter {
 public:
  // Each insert stores the row as given; an id already stored violates the primary key and
  // throws StorageFailure.
  virtual void insert_notice(const Notice& notice) = 0;
  virtual void insert_objection(const Objection& objection) = 0;
  // Records the resolution of an open objection (the one change a notice's record allows): its
  // resolution, resolved_at and resolved_by. It must exist and be open (asserted: the command
  // checks both in the same job).
  virtual void resolve_objection(const Objection& objection) = 0;
};

}  // namespace taizhang
