// Tampering with the database file behind the server's back: `taizhang audit verify` notices and
// names the record or the item.
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "checks.h"
#include "engine/audit/merkle.h"
#include "harness.h"

namespace e2e {
namespace {

// A demo database with a little history; the server is stopped afterwards.
struct StoppedDemo {
  std::unique_ptr<DemoEnv> env;
  int64_t item_id = 0;  // a plan_task item in 吉照村 moved to in_progress

  StoppedDemo() {
    env = std::make_unique<DemoEnv>();
    Api m = env->village_manager();
    auto item = env->create_item(m, "plan_task", "篡改测试", "吉照村");
    if (!item.is_object()) throw std::runtime_error("create failed");
    item_id = item["id"].get<int64_t>();
    if (m.post_json(transitions_path(item_id), {{"action", "start"}}).status != 200) {
      throw std::runtime_error("transition failed");
    }
    if (env->stop_server() != 0) throw std::runtime_error("server did not stop cleanly");
  }
  const std::string& db() const { return env->db(); }
};

CommandResult verify(const std::string& db) { return run_taizhang({"audit", "verify", "--db", db}); }

// The sequence number of the audit record of `item_id`'s transition to in_progress.
// (Rewrites below put the JSON into SQL quotes; nothing in these records contains a quote.)
int64_t transition_seq(const std::string& db, int64_t item_id) {
  return std::stoll(query_sql(db, "SELECT audit_seq FROM item_history WHERE item_id = " +
                                      std::to_string(item_id) + " AND action = 'start'"));
}

TEST(Tamper, UntouchedDatabaseVerifies) {
  StoppedDemo demo;
  auto r = verify(demo.db());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("intact"), std::string::npos) << r.out;
}

TEST(Tamper, EditedAuditRowFailsAndNamesItsSeq) {
  StoppedDemo demo;
  const int64_t seq = transition_seq(demo.db(), demo.item_id);
  const int64_t head = std::stoll(query_sql(demo.db(), "SELECT max(seq) FROM audit_log"));
  ASSERT_LT(seq, head + 1);
  // The trigger refuses ordinary updates...
  EXPECT_NE(exec_sql(demo.db(), "UPDATE audit_log SET actor = 'x' WHERE seq = " + std::to_string(seq)),
            "");
  // ...so the tamperer drops it first and rewrites `after` (still valid JSON, a plausible lie).
  ASSERT_EQ(exec_sql(demo.db(), "DROP TRIGGER audit_log_no_update"), "");
  auto after = nlohmann::json::parse(
      query_sql(demo.db(), "SELECT after FROM audit_log WHERE seq = " + std::to_string(seq)));
  ASSERT_TRUE(after.contains("item"));
  after["item"]["title"] = "被篡改的标题";
  ASSERT_EQ(exec_sql(demo.db(), "UPDATE audit_log SET after = '" + after.dump() +
                                    "' WHERE seq = " + std::to_string(seq)),
            "");
  auto r = verify(demo.db());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("seq " + std::to_string(seq) + "\\b"))) << r.out;
}

TEST(Tamper, EditedFirstAndLastAuditRowsAreNamed) {
  for (const char* which : {"min", "max"}) {
    SCOPED_TRACE(which);
    StoppedDemo demo;
    const int64_t seq =
        std::stoll(query_sql(demo.db(), std::string("SELECT ") + which + "(seq) FROM audit_log"));
    ASSERT_EQ(exec_sql(demo.db(), "DROP TRIGGER audit_log_no_update"), "");
    ASSERT_EQ(exec_sql(demo.db(), "UPDATE audit_log SET at = '2019-01-01T00:00:00+08:00' WHERE seq = " +
                                      std::to_string(seq)),
              "");
    auto r = verify(demo.db());
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_TRUE(std::regex_search(r.out, std::regex("seq " + std::to_string(seq) + "\\b"))) << r.out;
  }
}

TEST(Tamper, RewrittenHashesStillBreakTheChainAtTheEditedRow) {
  // Changing a record and its own hash leaves the next record's prev_hash pointing at the old one.
  StoppedDemo demo;
  const int64_t seq = transition_seq(demo.db(), demo.item_id);
  ASSERT_EQ(exec_sql(demo.db(), "DROP TRIGGER audit_log_no_update"), "");
  ASSERT_EQ(exec_sql(demo.db(), "UPDATE audit_log SET hash = '" + std::string(64, '0') +
                                    "' WHERE seq = " + std::to_string(seq)),
            "");
  auto r = verify(demo.db());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("seq " + std::to_string(seq) + "\\b"))) << r.out;
}

TEST(Tamper, DeletedAuditRowIsNamed) {
  StoppedDemo demo;
  // The item's creation record; its transition record follows it.
  const int64_t seq = std::stoll(query_sql(demo.db(), "SELECT audit_seq FROM item_history WHERE item_id = " +
                                                          std::to_string(demo.item_id) +
                                                          " AND action = 'create'"));
  const int64_t head = std::stoll(query_sql(demo.db(), "SELECT max(seq) FROM audit_log"));
  ASSERT_LT(seq, head) << "need a record after the deleted one";
  EXPECT_NE(exec_sql(demo.db(), "DELETE FROM audit_log WHERE seq = " + std::to_string(seq)), "");
  ASSERT_EQ(exec_sql(demo.db(), "PRAGMA foreign_keys = OFF; DROP TRIGGER audit_log_no_delete; "
                                "DELETE FROM audit_log WHERE seq = " + std::to_string(seq)),
            "");
  auto r = verify(demo.db());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  // The first bad record is the one after the gap.
  EXPECT_TRUE(std::regex_search(r.out, std::regex("seq " + std::to_string(seq + 1) + "\\b"))) << r.out;
}

TEST(Tamper, AuditRowWithGarbageAfterFailsAndNamesItsSeq) {
  // A tamperer can write anything, not only valid JSON.
  StoppedDemo demo;
  const int64_t seq = transition_seq(demo.db(), demo.item_id);
  ASSERT_EQ(exec_sql(demo.db(), "DROP TRIGGER audit_log_no_update"), "");
  ASSERT_EQ(exec_sql(demo.db(), "UPDATE audit_log SET after = 'not json {' WHERE seq = " +
                                    std::to_string(seq)),
            "");
  auto r = verify(demo.db());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("seq " + std::to_string(seq) + "\\b")))
      << "stdout: " << r.out << "\nstderr: " << r.err;
}

TEST(Tamper, ItemStageChangedDirectlyFailsAndNamesTheItem) {
  StoppedDemo demo;
  ASSERT_EQ(exec_sql(demo.db(), "UPDATE items SET stage = 'done' WHERE id = " +
                                    std::to_string(demo.item_id)),
            "");
  auto r = verify(demo.db());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("item " + std::to_string(demo.item_id) + "\\b")))
      << r.out;
}

TEST(Tamper, OtherItemEditsAreNamedToo) {
  const std::vector<std::string> edits = {
      "UPDATE items SET title = title || '!' WHERE id = {id}",
      "UPDATE items SET fields = '{\"x\":1}' WHERE id = {id}",
      "UPDATE items SET version = version + 1 WHERE id = {id}",
      "UPDATE items SET budget_fen = 1 WHERE id = {id}",
      "PRAGMA foreign_keys = OFF; DELETE FROM item_history WHERE item_id = {id}; "
      "DELETE FROM items WHERE id = {id}",
  };
  for (const auto& edit : edits) {
    SCOPED_TRACE(edit);
    StoppedDemo demo;
    std::string sql = std::regex_replace(edit, std::regex("\\{id\\}"), std::to_string(demo.item_id));
    ASSERT_EQ(exec_sql(demo.db(), sql), "");
    auto r = verify(demo.db());
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_TRUE(std::regex_search(r.out, std::regex("item " + std::to_string(demo.item_id) + "\\b")))
        << r.out;
  }
}

TEST(Tamper, ItemWithGarbageFieldsIsNamed) {
  StoppedDemo demo;
  ASSERT_EQ(exec_sql(demo.db(), "UPDATE items SET fields = 'not json {' WHERE id = " +
                                    std::to_string(demo.item_id)),
            "");
  auto r = verify(demo.db());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("item " + std::to_string(demo.item_id) + "\\b")))
      << "stdout: " << r.out << "\nstderr: " << r.err;
}

TEST(Tamper, ItemInsertedBehindTheLogIsNamed) {
  StoppedDemo demo;
  ASSERT_EQ(exec_sql(demo.db(),
                     "INSERT INTO items (workflow, workflow_version, title, org_id, stage, "
                     "stage_entered_at, plan_year, fields, version, created_at, updated_at) "
                     "SELECT workflow, workflow_version, '幽灵', org_id, stage, stage_entered_at, "
                     "plan_year, fields, 1, created_at, updated_at FROM items WHERE id = " +
                         std::to_string(demo.item_id)),
            "");
  const std::string ghost = query_sql(demo.db(), "SELECT max(id) FROM items");
  auto r = verify(demo.db());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("item " + ghost + "\\b"))) << r.out;
}

TEST(Tamper, VerifyEndpointReportsTamperingToo) {
  StoppedDemo demo;
  ASSERT_EQ(exec_sql(demo.db(), "UPDATE items SET stage = 'done' WHERE id = " +
                                    std::to_string(demo.item_id)),
            "");
  demo.env->start_server();
  auto r = demo.env->supervisor().get("/api/v1/audit/verify");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["intact"], false);
  EXPECT_EQ(r.json()["bad_item_id"], demo.item_id);
}

// The Merkle tree's rows stand behind the public roots and proofs: one rewritten is named by its
// level and index, by the CLI and by the verify endpoint, and a proof that passes through it no
// longer leads to the published root.
TEST(Tamper, EditedMerkleSubtreeIsNamed) {
  StoppedDemo demo;
  const int64_t head = std::stoll(query_sql(demo.db(), "SELECT max(seq) FROM audit_log"));
  ASSERT_GE(head, 4);
  ASSERT_EQ(exec_sql(demo.db(), "DROP TRIGGER audit_merkle_nodes_no_update; "
                                "UPDATE audit_merkle_nodes SET hash = zeroblob(32) "
                                "WHERE level = 1 AND idx = 1"),
            "");
  auto r = verify(demo.db());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("Merkle tree DISAGREES with the records at level 1 index 1"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("records 3 to 4"), std::string::npos) << r.out;
  demo.env->start_server();
  auto v = demo.env->supervisor().get("/api/v1/audit/verify");
  ASSERT_EQ(v.status, 200) << v.body;
  EXPECT_EQ(v.json()["intact"], false);
  EXPECT_EQ(v.json()["bad_merkle_subtree"], (nlohmann::json{{"level", 1}, {"index", 1}}));
  // The root folds only the largest subtrees, which are intact, so it is still the records';
  // record 1's proof carries the rewritten row (the sibling of records 1 to 2) and fails.
  auto root = demo.env->anonymous().get("/public/audit/root?tree_size=" +
                                        v.json()["head"]["seq"].dump());
  ASSERT_EQ(root.status, 200) << root.body;
  EXPECT_EQ(root.json()["root"], v.json()["merkle_root"]);
  auto proof = demo.env->anonymous().get("/public/audit/proof/inclusion?seq=1");
  ASSERT_EQ(proof.status, 200) << proof.body;
  const nlohmann::json p = proof.json();
  EXPECT_EQ(p["audit_path"][1], std::string(64, '0'));
  auto hash = [](const nlohmann::json& hex) {
    taizhang::MerkleHash h{};
    EXPECT_TRUE(taizhang::bytes_of_hex(hex.get<std::string>(), h)) << hex;
    return h;
  };
  std::vector<taizhang::MerkleHash> path;
  for (const auto& h : p["audit_path"]) path.push_back(hash(h));
  EXPECT_FALSE(taizhang::verify_inclusion(0, p["tree_size"].get<int64_t>(), hash(p["leaf_hash"]),
                                          path, hash(p["root"])));
}

TEST(Tamper, DeletedMerkleSubtreeIsNamed) {
  StoppedDemo demo;
  ASSERT_EQ(exec_sql(demo.db(), "DROP TRIGGER audit_merkle_nodes_no_delete; "
                                "DELETE FROM audit_merkle_nodes WHERE level = 0 AND idx = 2"),
            "");
  auto r = verify(demo.db());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("at level 0 index 2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(record 3), is missing"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace e2e
