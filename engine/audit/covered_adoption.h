// Bringing the rows of a covered table (engine/audit/covered_rows.h) that were written before
// the log held them whole into the log, once: each row gets a "<table>.adopt" record carrying it
// as stored. Run at every start-up (serve, init) as a write job; a table already adopted is left
// alone. `audit verify` refuses an adoption record whose row differs from that row's last logged
// copy, so forgetting the adoption mark to have tampered rows adopted again is named.
#pragma once

#include "engine/audit/audit_store.h"
#include "engine/base/clock.h"

namespace taizhang {

// Returns how many rows were adopted (0 when every table was adopted before).
int64_t adopt_covered_rows(AuditWriter& store, TimePoint now);

}  // namespace taizhang
