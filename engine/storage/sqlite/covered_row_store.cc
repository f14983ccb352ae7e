// SqliteStore: the rows the audit log holds whole (engine/audit/covered_rows.h), as it holds
// them, and which tables were adopted into it (migration 018).
#include "engine/base/digest.h"
#include "engine/storage/sqlite/sqlite_store.h"

namespace taizhang::sqlite {

namespace {

nlohmann::json or_null(const std::optional<std::string>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
nlohmann::json or_null(const std::optional<int64_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
// A secret kept as its digest: the log must notice it changed without teaching its reader it.
nlohmann::json digest_or_null(const std::optional<std::string>& secret) {
  return secret ? nlohmann::json(sha256_hex(*secret)) : nlohmann::json(nullptr);
}

// The columns of each covered table, the first being the id. One SELECT per table, with the
// condition appended, so that one row and a page are read the same way.
const char* select_of(CoveredTable table) {
  switch (table) {
    case CoveredTable::user:
      return "SELECT id, name, role, created_at, disabled_at, password_changed_at, token_sha256, "
             "password_hash FROM users";
    case CoveredTable::api_token:
      return "SELECT id, user_id, name, token_sha256, created_at, expires_ms, revoked_ms "
             "FROM api_tokens";
    case CoveredTable::session:
      return "SELECT id, user_id, token_sha256, csrf_token, remote, created_ms, expires_ms, "
             "revoked_ms FROM sessions";
    case CoveredTable::org:
      return "SELECT id, name, kind, parent_id, facts FROM orgs";
  }
  return "";
}

nlohmann::json row_of(CoveredTable table, Statement& s) {
  switch (table) {
    case CoveredTable::user:
      return {{"id", s.int64(0)},
              {"name", s.text(1)},
              {"role", s.text(2)},
              {"created_at", s.text(3)},
              {"disabled_at", or_null(s.opt_text(4))},
              {"password_changed_at", or_null(s.opt_text(5))},
              {"token_sha256", s.text(6)},
              {"password_sha256", digest_or_null(s.opt_text(7))}};
    case CoveredTable::api_token:
      return {{"id", s.int64(0)},          {"user_id", s.int64(1)},
              {"name", s.text(2)},         {"token_sha256", s.text(3)},
              {"created_at", s.text(4)},   {"expires_ms", or_null(s.opt_int64(5))},
              {"revoked_ms", or_null(s.opt_int64(6))}};
    case CoveredTable::session:
      return {{"id", s.int64(0)},
              {"user_id", s.int64(1)},
              {"token_sha256", s.text(2)},
              {"csrf_sha256", sha256_hex(s.text(3))},
              {"remote", s.text(4)},
              {"created_ms", s.int64(5)},
              {"expires_ms", s.int64(6)},
              {"revoked_ms", or_null(s.opt_int64(7))}};
    case CoveredTable::org: {
      // Facts as written: a JSON object normally; whatever text is there otherwise, so that
      // an edit to it is still seen.
      nlohmann::json facts = nlohmann::json::parse(s.text(4), nullptr, false);
      if (facts.is_discarded()) facts = s.text(4);
      return {{"id", s.int64(0)},
              {"name", s.text(1)},
              {"kind", s.text(2)},
              {"parent_id", or_null(s.opt_int64(3))},
              {"facts", facts}};
    }
  }
  return nullptr;
}

}  // namespace

// A user's units are part of the user's row: a widened scope is a changed user.
void SqliteStore::add_user_units(CoveredRow& user) {
  StatementScope s(db_.prepare("SELECT org_id FROM user_orgs WHERE user_id = ? ORDER BY org_id"));
  s->bind(1, user.id);
  nlohmann::json units = nlohmann::json::array();
  while (s->step()) units.push_back(s->int64(0));
  user.row["orgs"] = std::move(units);
}

std::optional<nlohmann::json> SqliteStore::covered_row(CoveredTable table, int64_t id) {
  auto rows = covered_rows(table, id - 1, 1);
  if (rows.empty() || rows.front().id != id) return std::nullopt;
  return std::move(rows.front().row);
}

std::vector<CoveredRow> SqliteStore::covered_rows(CoveredTable table, int64_t after_id,
                                                  int limit) {
  std::vector<CoveredRow> out;
  {
    StatementScope s(db_.prepare(std::string(select_of(table)) +
                                 " WHERE id > ? ORDER BY id LIMIT ?"));
    s->bind(1, after_id).bind(2, int64_t{limit});
    while (s->step()) out.push_back({s->int64(0), row_of(table, *s)});
  }
  if (table == CoveredTable::user) {
    for (auto& user : out) add_user_units(user);
  }
  return out;
}

bool SqliteStore::covered_table_adopted(CoveredTable table) {
  StatementScope s(
      db_.prepare("SELECT 1 FROM audit_covered_adoptions WHERE table_name = ?"));
  s->bind(1, to_string(table));
  return s->step();
}

void SqliteStore::mark_covered_table_adopted(CoveredTable table, std::string_view at) {
  StatementScope s(db_.prepare(
      "INSERT OR REPLACE INTO audit_covered_adoptions (table_name, at) VALUES (?, ?)"));
  s->bind(1, to_string(table)).bind(2, at).run();
}

}  // namespace taizhang::sqlite
