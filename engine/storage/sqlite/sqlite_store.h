// The SQLite implementation of the storage interface, over one Connection. The caller owns the
// transaction (Database::read or the Writer); this class only runs statements.
#pragma once

#include "engine/storage/sqlite/connection.h"
#include "engine/storage/store.h"

namespace taizhang::sqlite {

class SqliteStore final : public StoreWriter {
 public:
  explicit SqliteStore(Connection& db) : db_(db) {}

  std::optional<WorkItem> item(int64_t id) override;
  std::vector<WorkItem> items(const ItemQuery& query) override;
  void item_texts(int64_t after_id, int limit, std::vector<StoredItemText>& page) override;
  std::vector<HistoryEntry> history(int64_t item_id, int64_t after_id, int limit) override;
  std::vector<HistoryEntry> history_lines(int64_t after_id, int limit) override;
  int each_history_line(int64_t after_id, int limit,
                        const std::function<void(const HistoryLineView&)>& each) override;
  std::vector<StageClosedGroup> items_by_stage_and_closed() override;
  int64_t count_items() override;
  std::vector<ItemCount> item_counts(std::string_view today,
                                     std::string_view due_soon_until) override;
  std::optional<User> user(int64_t id) override;
  std::vector<User> users_named(std::string_view name) override;
  std::vector<OrgUnit> orgs() override;
  std::vector<StoredWorkflow> workflow_versions() override;
  std::optional<std::string> logged_workflow_sha256(std::string_view workflow,
                                                    int64_t version) override;
  std::vector<AuditRecord> audit(int64_t after_seq, int limit) override;
  std::vector<AuditRecord> audit_of_units(int64_t after_seq, int limit,
                                          const std::set<int64_t>& org_ids) override;
  AuditHead audit_head() override;
  std::vector<AuditRecord> audit_of_access(int64_t after_seq, int limit) override;
  std::optional<int64_t> item_for_plan_source(std::string_view source_key) override;

  // engine/storage/sqlite/audit_tree_store.cc
  std::vector<AuditHead> audit_hashes(int64_t after_seq, int limit) override;
  void audit_text(int64_t after_seq, int limit, std::vector<StoredAuditRecord>& page) override;
  std::vector<MerkleSubtreeHash> merkle_subtrees(int level, int64_t from_index,
                                                 int limit) override;
  std::optional<MerkleHash> merkle_subtree(MerkleSubtree subtree) override;
  int64_t merkle_leaf_count() override;
  std::optional<MerkleSubtree> merkle_subtree_beyond(int64_t leaves) override;
  void store_merkle_subtree(const MerkleSubtreeHash& subtree) override;

  // engine/storage/sqlite/checkpoint_store.cc
  std::vector<Checkpoint> checkpoints(int64_t after_seq, int limit) override;
  std::optional<Checkpoint> last_checkpoint() override;
  void store_checkpoint(const Checkpoint& checkpoint) override;

  // engine/storage/sqlite/covered_row_store.cc
  std::optional<nlohmann::json> covered_row(CoveredTable table, int64_t id) override;
  std::vector<CoveredRow> covered_rows(CoveredTable table, int64_t after_id, int limit) override;
  bool covered_table_adopted(CoveredTable table) override;
  void mark_covered_table_adopted(CoveredTable table, std::string_view at) override;

  // engine/storage/sqlite/session_store.cc
  std::optional<std::string> password_hash(int64_t user_id) override;
  std::optional<Session> session_by_token_hash(std::string_view token_sha256) override;
  void set_password_hash(int64_t user_id, const std::string& hash,
                         const std::string& changed_at) override;
  int64_t insert_session(const Session& session, std::string_view token_sha256) override;
  void touch_session(int64_t session_id, int64_t now_ms) override;
  bool revoke_session(int64_t session_id, int64_t now_ms) override;
  std::vector<int64_t> revoke_user_sessions(int64_t user_id, int64_t now_ms) override;

  // engine/storage/sqlite/api_token_store.cc
  std::optional<ApiToken> api_token_by_hash(std::string_view token_sha256) override;
  std::vector<ApiToken> api_tokens(int64_t user_id) override;
  int64_t insert_api_token(const ApiToken& token, std::string_view token_sha256) override;
  bool revoke_api_token(int64_t token_id, int64_t now_ms) override;
  std::vector<int64_t> revoke_user_api_tokens(int64_t user_id, int64_t now_ms) override;

  // engine/storage/sqlite/user_store.cc
  std::vector<User> users(int64_t after_id, int limit) override;
  std::optional<int64_t> last_sign_in_ms(int64_t user_id) override;
  void set_user_disabled(int64_t user_id, const std::optional<std::string>& at) override;

  int64_t insert_item(const WorkItem& item) override;
  void update_item(const WorkItem& item) override;
  int64_t insert_history(const HistoryEntry& entry) override;
  void append_audit(const AuditRecord& record, const AuditRecordText& text) override;
  int64_t insert_user(const User& user, std::string_view token_sha256) override;
  int64_t insert_org(const OrgUnit& unit) override;
  void insert_workflow_version(const StoredWorkflow& stored) override;
  void link_plan_source(std::string_view source_key, int64_t item_id) override;

  // engine/storage/sqlite/ledger_store.cc
  std::optional<Fund> fund(int64_t id) override;
  std::vector<Fund> funds(const FundQuery& query) override;
  FundTotals fund_totals(int64_t fund_id) override;
  std::optional<LedgerEntry> ledger_entry(int64_t id) override;
  std::optional<LedgerEntry> entry_by_idempotency_key(std::string_view key) override;
  std::vector<LedgerEntry> item_ledger(int64_t item_id, int64_t after_id, int limit) override;
  std::vector<LedgerEntry> ledger_entries(int64_t after_id, int limit) override;
  std::vector<std::pair<int64_t, LedgerTotals>> item_fund_totals(int64_t item_id) override;
  std::vector<KeyedTotals> fund_item_totals(int64_t fund_id, int64_t after_item_id,
                                            int limit) override;
  std::vector<KeyedTotals> totals_by_fund_as_of(std::string_view date) override;
  std::vector<KeyedTotals> totals_by_org_as_of(std::string_view date) override;
  int64_t next_id(NumberedTable table) override;
  void insert_fund(const Fund& fund) override;
  void insert_ledger_entry(const LedgerEntry& entry) override;

  // engine/storage/sqlite/notice_store.cc
  std::optional<Notice> notice(int64_t id) override;
  std::vector<Notice> notices(const NoticeQuery& query) override;
  std::optional<Objection> objection(int64_t id) override;
  std::vector<Objection> objections(int64_t notice_id, int64_t after_id, int limit) override;
  void insert_notice(const Notice& notice) override;
  void insert_objection(const Objection& objection) override;
  void resolve_objection(const Objection& objection) override;

  // engine/storage/sqlite/evidence_store.cc
  std::optional<Attachment> attachment(int64_t id) override;
  std::vector<Attachment> item_attachments(int64_t item_id) override;
  std::vector<Attachment> attachments(int64_t after_id, int limit) override;
  std::vector<Attachment> notice_attachments(int64_t notice_id) override;
  std::set<std::string> evidence_kinds(int64_t item_id) override;
  bool file_referenced(std::string_view sha256) override;
  void insert_attachment(const Attachment& attachment) override;
  void withdraw_attachment(const Attachment& attachment) override;

  // engine/storage/sqlite/import_store.cc
  std::optional<int64_t> imported_entity(ImportKind kind, std::string_view key) override;
  std::optional<int64_t> item_titled(int64_t org_id, std::string_view title) override;
  void link_import_key(ImportKind kind, std::string_view key, int64_t entity_id) override;

  // engine/storage/sqlite/report_store.cc
  AuditHead audit_head_before(std::string_view before_at) override;
  void items_as_of(int64_t seq, int64_t org_id, const std::optional<std::string>& workflow,
                   const std::function<bool(ItemAsOf&&)>& fn) override;
  std::vector<std::pair<int64_t, LedgerTotals>> item_fund_totals_as_of(int64_t item_id,
                                                                       int64_t seq) override;
  void postings_as_of(int64_t seq, const std::function<void(const PostingLine&)>& fn) override;

  // engine/storage/sqlite/alert_store.cc
  std::vector<User> users_with_role(Role role) override;
  std::vector<DueItem> open_items_of_unit_due_by(int64_t org_id, std::string_view date,
                                                 const DueCursor& after, int limit) override;
  std::vector<DueItem> items_needing_alerts(const DueWindow& window, const DueCursor& after,
                                            int limit) override;
  std::optional<DueItem> due_item(int64_t item_id) override;
  std::vector<Alert> alerts_left_behind(int64_t after_id, int limit) override;
  std::vector<Alert> unresolved_alerts(int64_t item_id) override;
  std::vector<WorkItem> open_items_with_milestones(int64_t after_id, int limit) override;
  std::vector<std::pair<int, AlertLevel>> milestone_alerts_raised(int64_t item_id) override;
  std::optional<Alert> alert(int64_t id) override;
  std::vector<Alert> alerts(const AlertQuery& query) override;
  std::vector<AlertEvent> alert_events(int64_t after_id,
                                       const std::optional<std::set<int64_t>>& org_ids,
                                       int limit) override;
  std::optional<AlertEvent> alert_event(int64_t id) override;
  int64_t last_alert_event_id() override;
  std::vector<Webhook> webhooks() override;
  std::optional<Webhook> webhook(int64_t id) override;
  std::vector<WebhookDelivery> deliveries(int64_t webhook_id, int64_t after_id,
                                          int limit) override;
  std::vector<WebhookDelivery> due_deliveries(int64_t now_ms, int limit) override;
  std::optional<int64_t> next_delivery_due_ms() override;
  int64_t insert_alert(const Alert& alert) override;
  void update_alert(const Alert& alert) override;
  int64_t insert_alert_event(const AlertEvent& event) override;
  int64_t insert_webhook(const Webhook& hook) override;
  void insert_delivery(const WebhookDelivery& delivery) override;
  void update_delivery(const WebhookDelivery& delivery) override;

 private:
  std::optional<User> one_user(Statement& s);
  void load_user_orgs(User& user);
  void add_user_units(CoveredRow& user);
  std::vector<LedgerEntry> read_entries(Statement& s);

  Connection& db_;
};

}  // namespace taizhang::sqlite
