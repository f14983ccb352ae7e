// The SQLite implementation of the storage interface, over one Connection. The caller owns the
// transaction (Database::read or the Writer); this class only runs statements.
#pragma once

#include "engine/sqlite/connection.h"
#include "engine/store.h"

namespace taizhang::sqlite {

class SqliteStore final : public StoreWriter {
 public:
  explicit SqliteStore(Connection& db) : db_(db) {}

  std::optional<WorkItem> item(int64_t id) override;
  std::vector<WorkItem> items(const ItemQuery& query) override;
  std::vector<HistoryEntry> history(int64_t item_id, int limit) override;
  int64_t count_items() override;
  std::optional<User> user_by_token_hash(std::string_view token_sha256) override;
  std::optional<User> user(int64_t id) override;
  std::vector<User> users_named(std::string_view name) override;
  std::vector<OrgUnit> orgs() override;
  std::vector<StoredWorkflow> workflow_versions() override;
  std::vector<AuditRecord> audit(int64_t after_seq, int limit) override;
  AuditHead audit_head() override;
  std::optional<int64_t> item_for_plan_source(std::string_view source_key) override;

  int64_t insert_item(const WorkItem& item) override;
  void update_item(const WorkItem& item) override;
  int64_t insert_history(const HistoryEntry& entry) override;
  void append_audit(const AuditRecord& record) override;
  int64_t insert_user(const User& user, std::string_view token_sha256) override;
  int64_t insert_org(const OrgUnit& unit) override;
  void insert_workflow_version(const StoredWorkflow& stored) override;
  void link_plan_source(std::string_view source_key, int64_t item_id) override;

 private:
  std::optional<User> one_user(Statement& s);
  void load_user_orgs(User& user);

  Connection& db_;
};

}  // namespace taizhang::sqlite
