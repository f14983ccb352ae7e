// The store: every domain's storage interface, composed. Each domain declares what it needs from
// a database beside itself (engine/ledger/ledger_store.h, engine/items/item_store.h, …) and its
// commands take only that; this header puts them together for the two places that hand out a
// whole store — a read transaction (Database::read) and a write job (Writer) — and for the
// engines that implement it (engine/storage/sqlite/). A second engine implements these two
// classes and a Transactor (engine/storage/transactor.h) without touching any domain.
//
// A StoreReader sees one consistent snapshot for the life of the read transaction it belongs to.
// A StoreWriter runs inside the writer's group transaction; each job's changes commit or vanish
// together. Neither is thread-safe: one thread uses one at a time.
//
// Failures of the database itself (I/O error, disk full, corruption) throw StorageFailure; the
// Database and the Writer catch it at their boundary and turn it into ErrorCode::internal or
// ErrorCode::unavailable, so no exception leaves the engine.
#pragma once

#include "engine/access/access_store.h"
#include "engine/alerts/alert_store.h"
#include "engine/audit/audit_store.h"
#include "engine/evidence/evidence_store.h"
#include "engine/import/import_store.h"
#include "engine/items/item_store.h"
#include "engine/ledger/ledger_store.h"
#include "engine/notice/notice_store.h"
#include "engine/report/report_store.h"
#include "engine/storage/storage_failure.h"
#include "engine/webhooks/webhook_store.h"
#include "engine/workflow/workflow_store.h"

namespace taizhang {

class StoreReader : public virtual AuditReader,
                    public virtual AccessReader,
                    public virtual WorkflowReader,
                    public virtual ItemReader,
                    public virtual LedgerReader,
                    public virtual NoticeReader,
                    public virtual EvidenceReader,
                    public virtual ReportReader,
                    public virtual ImportReader,
                    public virtual AlertReader,
                    public virtual WebhookReader {};

class StoreWriter : public virtual StoreReader,
                    public virtual AuditWriter,
                    public virtual AccessWriter,
                    public virtual WorkflowWriter,
                    public virtual ItemWriter,
                    public virtual LedgerWriter,
                    public virtual NoticeWriter,
                    public virtual EvidenceWriter,
                    public virtual ImportWriter,
                    public virtual AlertWriter,
                    public virtual WebhookWriter {};

}  // namespace taizhang
