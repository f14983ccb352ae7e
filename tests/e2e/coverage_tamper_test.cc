// Edits an insider with the database file in hand could make to what grants access, what moves
// money and what records what happened — dropping the guarding triggers first where there are
// any: `taizhang audit verify` names each one, and where the edit would take effect on a server
// started on the file (a role, a token, a scope, a webhook, a unit's parent, a closed flag, a
// workflow, a rewritten or shortened log), the server refuses to start, naming it.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "checks.h"
#include "engine/audit/chain.h"
#include "engine/base/digest.h"
#include "harness.h"

namespace e2e {
namespace {

using nlohmann::json;

constexpr const char* kLater = "2019-11-05T09:00:00+08:00";  // items overdue: alerts raised

// One database with a little of everything, made once: a webhook, a signed-in session, an item
// with a commented transition, a verified (closed) item, the demo's payments, alerts raised by a
// later start, and a checkpoint signed at the head.
class Scene {
 public:
  static const Scene& get() {
    static Scene scene;
    return scene;
  }
  const std::string& db() const { return db_; }
  std::string key() const { return db_ + ".signing-key"; }
  int64_t closed_item = 0;
  int64_t commented_item = 0;

 private:
  Scene() {
    env_ = std::make_unique<DemoEnv>(std::vector<std::string>{"--checkpoint-every-records", "1"});
    const DemoEnv& env = *env_;
    json hook = {{"url", "http://127.0.0.1:9/hook"},
                 {"format", "json"},
                 {"secret", "0123456789abcdef-e2e-secret"}};
    expect(env.admin().post_json("/api/v1/webhooks", hook).status == 201, "webhook");
    Connection c(env.port());
    auto signed_in = c.request("POST", "/api/v1/session",
                               json{{"name", "镇项目负责人"},
                                    {"password", env.password("镇项目负责人")}}.dump(),
                               {{"Content-Type", "application/json"}});
    expect(signed_in && signed_in->status == 200, "sign-in");
    Api m = env.village_manager();
    auto commented = env.create_item(m, "plan_task", "篡改覆盖测试：有批注", "吉照村");
    commented_item = commented.value("id", int64_t{0});
    expect(m.post_json(transitions_path(commented_item),
                       {{"action", "start"}, {"comment", "已召开村民大会"}}).status == 200,
           "start");
    auto closed = env.create_item(m, "plan_task", "篡改覆盖测试：已核验", "吉照村");
    closed_item = closed.value("id", int64_t{0});
    expect(m.post_json(transitions_path(closed_item), {{"action", "start"}}).status == 200, "s");
    expect(m.post_json(transitions_path(closed_item), {{"action", "complete"}}).status == 200,
           "complete");
    expect(env.supervisor().post_json(transitions_path(closed_item), {{"action", "verify"}})
                   .status == 200,
           "verify");
    expect(env_->stop_server() == 0, "stop");
    // Alerts are raised by the first scan, before the server listens.
    env_->start_server({"--checkpoint-every-records", "1"}, std::string(kLater));
    wait_for_checkpoint_at_head();
    expect(env_->stop_server() == 0, "second stop");
    db_ = dir_.file("scene.db");
    std::filesystem::copy_file(env.db(), db_);
    std::filesystem::copy_file(env.db() + ".signing-key", key());
  }

  void wait_for_checkpoint_at_head() {
    for (int i = 0; i < 100; ++i) {
      const int64_t head = env_->audit_seq();
      auto r = env_->anonymous().get("/public/audit/checkpoints?limit=1000");
      const json list = r.json().value("checkpoints", json::array());
      if (!list.empty() && list.back()["seq"].get<int64_t>() >= head) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw std::runtime_error("no checkpoint reached the head");
  }

  static void expect(bool ok, const char* step) {
    if (!ok) throw std::runtime_error(std::string("scene setup failed at ") + step);
  }

  std::unique_ptr<DemoEnv> env_;
  TempDir dir_;
  std::string db_;
};

// A copy of the scene to tamper with.
struct Copy {
  TempDir dir;
  std::string db = dir.file("t.db");
  Copy() {
    std::filesystem::copy_file(Scene::get().db(), db);
    std::filesystem::copy_file(Scene::get().key(), db + ".signing-key");
    std::filesystem::permissions(db + ".signing-key", std::filesystem::perms::owner_read |
                                                          std::filesystem::perms::owner_write);
  }
  std::string sql(const std::string& statements) const {
    return exec_sql(db, "PRAGMA foreign_keys = OFF;" + statements);
  }
  std::string query(const std::string& q) const { return query_sql(db, q); }
  CommandResult verify() const { return run_taizhang({"audit", "verify", "--db", db}); }
  // Starts a server on the copy; returns the refusal's text, or "" when it started (it is
  // stopped again).
  std::string serve_refusal() const {
    ServerProcess::Options o;
    o.db = db;
    o.now = std::string(kLater);
    o.log_dir = dir.path();
    CommandResult failure;
    auto server = ServerProcess::start(o, &failure);
    if (server) {
      server->terminate();
      server->wait();
      return "";
    }
    return failure.err.empty() ? "refused without a word" : failure.err;
  }
};

std::string sql_text(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// Checks that verify fails naming `named`, and, when `takes_effect`, that a server refuses to
// start on the file naming it too.
void expect_named(const Copy& copy, const std::string& named, bool takes_effect) {
  auto r = copy.verify();
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find(named), std::string::npos) << "verify should name " << named << ": "
                                                   << r.out;
  if (!takes_effect) return;
  const std::string refusal = copy.serve_refusal();
  EXPECT_NE(refusal, "") << "the server started on a tampered database";
  EXPECT_NE(refusal.find(named), std::string::npos) << "the refusal should name " << named
                                                     << ": " << refusal;
}

TEST(TamperCoverage, TheSceneVerifiesAndServes) {
  Copy copy;
  auto r = copy.verify();
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  for (const char* counted : {" users", " API tokens", " sessions", " webhooks", " alerts",
                              " alert events", " history lines", " workflow versions"}) {
    EXPECT_NE(r.out.find(counted), std::string::npos) << r.out;
  }
  EXPECT_EQ(r.out.find(" 0 sessions"), std::string::npos) << "the scene signs in: " << r.out;
  EXPECT_EQ(r.out.find(" 0 alerts"), std::string::npos) << "the scene raises alerts: " << r.out;
  EXPECT_EQ(r.out.find(" 0 webhooks"), std::string::npos) << r.out;
  EXPECT_EQ(copy.serve_refusal(), "");
}

TEST(TamperCoverage, RoleRaised) {
  Copy copy;
  const std::string id = copy.query("SELECT id FROM users WHERE name = '镇财务'");
  ASSERT_EQ(copy.sql("UPDATE users SET role = 'admin' WHERE id = " + id), "");
  expect_named(copy, "user " + id + " differs", true);
}

TEST(TamperCoverage, TokenHashSwappedForTheAttackersOwn) {
  Copy copy;
  const std::string admin = copy.query("SELECT id FROM users WHERE role = 'admin'");
  const std::string token = copy.query("SELECT min(id) FROM api_tokens WHERE user_id = " + admin);
  ASSERT_EQ(copy.sql("UPDATE api_tokens SET token_sha256 = " +
                     sql_text(taizhang::sha256_hex("tz_the-attackers-own-token")) +
                     " WHERE id = " + token),
            "");
  expect_named(copy, "api_token " + token + " differs", true);
}

TEST(TamperCoverage, UnitsWidenedToTheWholeTownship) {
  Copy copy;
  const std::string id = copy.query("SELECT id FROM users WHERE name = '吉照村包村干部'");
  ASSERT_EQ(copy.sql("DELETE FROM user_orgs WHERE user_id = " + id), "");  // no units: all
  expect_named(copy, "user " + id + " differs", true);
}

TEST(TamperCoverage, SessionExtended) {
  Copy copy;
  const std::string id = copy.query("SELECT max(id) FROM sessions");
  ASSERT_FALSE(id.empty());
  ASSERT_EQ(copy.sql("UPDATE sessions SET expires_ms = expires_ms + 31536000000 WHERE id = " + id),
            "");
  expect_named(copy, "session " + id + " differs", true);
}

TEST(TamperCoverage, WebhookRedirected) {
  Copy copy;
  ASSERT_EQ(copy.sql("UPDATE webhooks SET url = 'https://collector.example/steal'"), "");
  expect_named(copy, "webhook 1 differs", true);
}

TEST(TamperCoverage, UnitReparented) {
  Copy copy;
  const std::string unit = copy.query("SELECT id FROM orgs WHERE name = '吉照村'");
  const std::string other =
      copy.query("SELECT min(id) FROM orgs WHERE kind = 'village' AND name != '吉照村'");
  ASSERT_EQ(copy.sql("UPDATE orgs SET parent_id = " + other + " WHERE id = " + unit), "");
  expect_named(copy, "org " + unit + " differs", true);
}

TEST(TamperCoverage, HistoryCommentEdited) {
  Copy copy;
  const std::string line = copy.query("SELECT id FROM item_history WHERE comment = '已召开村民大会'");
  ASSERT_FALSE(line.empty());
  ASSERT_EQ(copy.sql("UPDATE item_history SET comment = '未开会' WHERE id = " + line), "");
  expect_named(copy, "history line " + line, false);
}

TEST(TamperCoverage, HistoryLineDeleted) {
  Copy copy;
  const std::string seq = copy.query("SELECT audit_seq FROM item_history WHERE comment = '已召开村民大会'");
  ASSERT_EQ(copy.sql("DELETE FROM item_history WHERE audit_seq = " + seq), "");
  expect_named(copy, "seq " + seq, false);
}

TEST(TamperCoverage, ClosedItemReopenedByItsFlag) {
  Copy copy;
  const std::string id = std::to_string(Scene::get().closed_item);
  ASSERT_EQ(copy.query("SELECT closed FROM items WHERE id = " + id), "1");
  ASSERT_EQ(copy.sql("UPDATE items SET closed = 0 WHERE id = " + id), "");
  expect_named(copy, "item " + id + " is marked open though its stage verified is final", true);
}

TEST(TamperCoverage, WorkflowDefinitionEditedWithItsHash) {
  Copy copy;
  // Finance given the manager's 'start', and the stored hash made to match the new text.
  auto def = json::parse(copy.query("SELECT definition FROM workflow_versions WHERE workflow = "
                                    "'plan_task' AND version = 1"));
  for (auto& t : def["transitions"]) {
    if (t["action"] == "start") t["roles"] = {"manager", "finance"};
  }
  const std::string text = def.dump();
  ASSERT_EQ(copy.sql("UPDATE workflow_versions SET definition = " + sql_text(text) +
                     ", sha256 = " + sql_text(taizhang::sha256_hex(text)) +
                     " WHERE workflow = 'plan_task' AND version = 1"),
            "");
  expect_named(copy, "workflow plan_task@1", false);
  const std::string refusal = copy.serve_refusal();
  EXPECT_NE(refusal.find("stored workflow plan_task version 1 is not the definition its audit "
                         "record logged"),
            std::string::npos)
      << refusal;
}

TEST(TamperCoverage, AlertEditedAndEventsEditedOrDeleted) {
  {
    Copy copy;
    ASSERT_EQ(copy.sql("UPDATE alerts SET state = 'resolved', resolved_at = '2019-11-05' "
                       "WHERE id = 1"),
              "");
    expect_named(copy, "alert 1 differs", false);
  }
  {
    Copy copy;
    ASSERT_EQ(copy.sql("DROP TRIGGER alert_events_no_update;"
                       "UPDATE alert_events SET alert = json_set(alert, '$.due_on', '2020-12-31') "
                       "WHERE id = 1"),
              "");
    expect_named(copy, "alert event 1 carries an alert that differs", false);
  }
  {
    Copy copy;
    const std::string last = copy.query("SELECT max(id) FROM alert_events");
    ASSERT_EQ(copy.sql("DELETE FROM webhook_deliveries WHERE event_id = " + last +
                       "; DELETE FROM alert_events WHERE id = " + last),
              "");
    expect_named(copy, "is missing from the database", false);
  }
}

// The tail of the log cut off together with the payment it recorded: the log is then shorter
// than the signed checkpoint.
TEST(TamperCoverage, LogTailDeletedWithItsPayment) {
  Copy copy;
  const std::string seq =
      copy.query("SELECT audit_seq FROM ledger_entries WHERE kind = 'disbursement'");
  const std::string entry = copy.query("SELECT id FROM ledger_entries WHERE kind = 'disbursement'");
  ASSERT_FALSE(seq.empty());
  ASSERT_EQ(copy.sql("DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_units_no_delete;"
                     "DROP TRIGGER ledger_entries_no_delete; DROP TRIGGER ledger_postings_no_delete;"
                     "DROP TRIGGER audit_merkle_nodes_no_delete;"
                     "DELETE FROM ledger_postings WHERE entry_id = " + entry + ";"
                     "DELETE FROM ledger_entries WHERE id = " + entry + ";"
                     "DELETE FROM audit_units WHERE seq >= " + seq + ";"
                     "DELETE FROM audit_log WHERE seq >= " + seq + ";"
                     "DELETE FROM audit_merkle_nodes WHERE ((idx + 1) << level) > " + seq +
                     " - 1;"),
            "");
  auto r = copy.verify();
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("cut short"), std::string::npos) << r.out;
  const std::string refusal = copy.serve_refusal();
  EXPECT_NE(refusal.find("below the signed checkpoint"), std::string::npos) << refusal;
}

// A payment's payee and amount rewritten in its entry and in its record, and the chain
// recomputed from there to the head so that every link holds.
TEST(TamperCoverage, PaymentRewrittenWithTheChainRecomputed) {
  Copy copy;
  const int64_t seq = std::stoll(
      copy.query("SELECT audit_seq FROM ledger_entries WHERE kind = 'disbursement'"));
  const int64_t head = std::stoll(copy.query("SELECT max(seq) FROM audit_log"));
  ASSERT_EQ(copy.sql("DROP TRIGGER audit_log_no_update; DROP TRIGGER ledger_entries_no_update;"
                     "UPDATE ledger_entries SET payee = '某某空壳公司' WHERE kind = 'disbursement'"),
            "");
  std::string prev = copy.query("SELECT prev_hash FROM audit_log WHERE seq = " +
                                std::to_string(seq));
  for (int64_t s = seq; s <= head; ++s) {
    const std::string where = " FROM audit_log WHERE seq = " + std::to_string(s);
    taizhang::AuditRecord rec;
    rec.seq = s;
    rec.at = copy.query("SELECT at" + where);
    rec.actor = copy.query("SELECT actor" + where);
    rec.action = copy.query("SELECT action" + where);
    rec.entity = copy.query("SELECT entity" + where);
    rec.entity_id = copy.query("SELECT entity_id" + where);
    const std::string before = copy.query("SELECT before" + where);
    rec.before = before.empty() ? json(nullptr) : json::parse(before);
    rec.after = json::parse(copy.query("SELECT after" + where));
    if (s == seq) {
      ASSERT_TRUE(rec.after.contains("entry")) << rec.after.dump();
      rec.after["entry"]["payee"] = "某某空壳公司";
    }
    rec.prev_hash = prev;
    rec.hash = taizhang::chain_hash(prev, rec);
    ASSERT_EQ(copy.sql("UPDATE audit_log SET after = " + sql_text(rec.after.dump()) +
                       ", prev_hash = " + sql_text(prev) + ", hash = " + sql_text(rec.hash) +
                       " WHERE seq = " + std::to_string(s)),
              "");
    prev = rec.hash;
  }
  auto r = copy.verify();
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const std::string refusal = copy.serve_refusal();
  EXPECT_NE(refusal.find("rewritten"), std::string::npos) << refusal;
}

}  // namespace
}  // namespace e2e
