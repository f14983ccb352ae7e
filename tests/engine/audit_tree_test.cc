// The Merkle tree as the database keeps it (engine/audit/audit_tree.h): every change's write job
// stores the subtrees its record completes; a database without them (older than migration 016,
// or written since by an older binary) gets them at open or at its next record; `audit verify`
// recomputes every stored subtree and names one that disagrees.
#include <gtest/gtest.h>

#include <bit>

#include "engine/audit/audit_tree.h"
#include "engine/storage/sqlite/connection.h"
#include "engine/verify/audit_verify.h"
#include "tests/support/engine_fixture.h"

namespace taizhang {
namespace {

class AuditTree : public testing::EngineFixture {
 protected:
  // Appends `n` records, one item creation each.
  void add_records(int n) {
    for (int i = 0; i < n; ++i) ASSERT_TRUE(create_housing_repair());
  }

  // The tree rebuilt in memory from the chain's hashes.
  MerkleFrontier rebuilt() {
    MerkleFrontier frontier;
    auto ok = db_->read([&](StoreReader& s) -> Result<bool> {
      for (const auto& record : s.audit_hashes(0, 1'000'000)) {
        frontier.append(*merkle_leaf_hash_of(record.hash));
      }
      return true;
    });
    EXPECT_TRUE(ok);
    return frontier;
  }

  MerkleHash stored_root(int64_t tree_size) {
    return *db_->read([&](StoreReader& s) -> Result<MerkleHash> {
      StoredMerkleTree tree(s);
      return merkle_root(tree, tree_size);
    });
  }

  int64_t stored_subtrees() {
    return std::stoll(sql_text("SELECT count(*) FROM audit_merkle_nodes"));
  }

  // Runs SQL on a connection of its own, as someone editing the file would.
  void edit(const std::string& sql) {
    sqlite::Connection c(dir.file("test.db"), sqlite::Connection::Mode::read_write);
    c.exec(sql);
  }
  std::string sql_text(const std::string& sql) {
    sqlite::Connection c(dir.file("test.db"), sqlite::Connection::Mode::read_only);
    sqlite::StatementScope s(c.prepare(sql));
    return s->step() ? s->text(0) : "";
  }

  void reopen() {
    db_.reset();
    auto db = sqlite::open_database(dir.file("test.db"));
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
  }

  // Forgets the subtrees that reach past the first `leaves` leaves: the tree as it stood when
  // the log had that many records.
  void cut_tree_to(int64_t leaves) {
    edit("DROP TRIGGER IF EXISTS audit_merkle_nodes_no_delete; "
         "DELETE FROM audit_merkle_nodes WHERE ((idx + 1) << level) > " + std::to_string(leaves));
  }

  static int64_t subtrees_of(int64_t n) { return 2 * n - std::popcount(static_cast<uint64_t>(n)); }
};

TEST_F(AuditTree, EveryRecordStoresTheSubtreesItCompletes) {
  add_records(21);
  const int64_t n = head().seq;
  ASSERT_GT(n, 21);
  EXPECT_EQ(stored_subtrees(), subtrees_of(n));
  auto frontier = rebuilt();
  ASSERT_EQ(frontier.size(), n);
  EXPECT_EQ(stored_root(n), *merkle_root(frontier, n));
  auto verdict = verify_audit(*db_);
  ASSERT_TRUE(verdict);
  EXPECT_TRUE(verdict->intact) << verdict->problem;
  EXPECT_EQ(verdict->merkle_subtrees_checked, subtrees_of(n));
  EXPECT_EQ(verdict->merkle_root, hex_of(*merkle_root(frontier, n)));
}

TEST_F(AuditTree, EveryEarlierSizeIsProvedFromTheStoredTree) {
  add_records(12);
  const int64_t n = head().seq;
  // The roots each size had when it was the head, from a frontier grown record by record.
  std::vector<MerkleHash> roots{sha256_digest("")};
  std::vector<MerkleHash> leaf_hashes;
  MerkleFrontier frontier;
  ASSERT_TRUE(db_->read([&](StoreReader& s) -> Result<bool> {
    for (const auto& record : s.audit_hashes(0, 1000)) {
      leaf_hashes.push_back(*merkle_leaf_hash_of(record.hash));
      frontier.append(leaf_hashes.back());
      roots.push_back(*merkle_root(frontier, frontier.size()));
    }
    return true;
  }));
  ASSERT_EQ(static_cast<int64_t>(leaf_hashes.size()), n);
  auto ok = db_->read([&](StoreReader& s) -> Result<bool> {
    StoredMerkleTree tree(s);
    for (int64_t size = 1; size <= n; ++size) {
      EXPECT_EQ(*merkle_root(tree, size), roots[size]) << size;
      for (int64_t leaf = 0; leaf < size; ++leaf) {
        auto proof = inclusion_proof(tree, leaf, size);
        EXPECT_TRUE(proof && verify_inclusion(leaf, size, leaf_hashes[leaf], *proof, roots[size]))
            << leaf << " of " << size;
      }
      for (int64_t first = 1; first < size; ++first) {
        auto proof = consistency_proof(tree, first, size);
        EXPECT_TRUE(proof && verify_consistency(first, size, roots[first], roots[size], *proof))
            << first << " to " << size;
      }
    }
    return true;
  });
  ASSERT_TRUE(ok);
}

TEST_F(AuditTree, ADatabaseWithoutTheTreeGetsItAtOpen) {
  add_records(9);
  const int64_t n = head().seq;
  const MerkleHash root = stored_root(n);
  // As a database from before migration 016: records, and no subtree at all.
  cut_tree_to(0);
  ASSERT_EQ(stored_subtrees(), 0);
  reopen();
  EXPECT_EQ(stored_subtrees(), subtrees_of(n));
  EXPECT_EQ(stored_root(n), root);
  // As one to which an older binary appended records without their subtrees.
  cut_tree_to(n - 5);
  reopen();
  EXPECT_EQ(stored_subtrees(), subtrees_of(n));
  EXPECT_EQ(stored_root(n), root);
  auto verdict = verify_audit(*db_);
  ASSERT_TRUE(verdict);
  EXPECT_TRUE(verdict->intact) << verdict->problem;
}

TEST_F(AuditTree, TheNextRecordTakesTheRecordsTheTreeMissesFirst) {
  add_records(6);
  const int64_t before = head().seq;
  // An older binary wrote the last three records while this one was running.
  cut_tree_to(before - 3);
  add_records(1);
  const int64_t n = head().seq;
  ASSERT_EQ(n, before + 1);
  EXPECT_EQ(stored_subtrees(), subtrees_of(n));
  auto frontier = rebuilt();
  EXPECT_EQ(stored_root(n), *merkle_root(frontier, n));
  auto verdict = verify_audit(*db_);
  ASSERT_TRUE(verdict);
  EXPECT_TRUE(verdict->intact) << verdict->problem;
}

TEST_F(AuditTree, VerifyNamesAStoredSubtreeWithAnotherHash) {
  add_records(10);
  ASSERT_GE(head().seq, 16);
  edit("DROP TRIGGER audit_merkle_nodes_no_update; "
       "UPDATE audit_merkle_nodes SET hash = zeroblob(32) WHERE level = 2 AND idx = 3");
  auto verdict = verify_audit(*db_);
  ASSERT_TRUE(verdict);
  EXPECT_FALSE(verdict->intact);
  ASSERT_TRUE(verdict->bad_merkle_subtree);
  EXPECT_EQ(*verdict->bad_merkle_subtree, (MerkleSubtree{2, 3}));
  EXPECT_FALSE(verdict->bad_seq);
  EXPECT_NE(verdict->problem.find("level 2, index 3 (records 13 to 16), has another hash"),
            std::string::npos)
      << verdict->problem;
}

TEST_F(AuditTree, VerifyNamesAMissingStoredSubtree) {
  add_records(3);
  edit("DROP TRIGGER audit_merkle_nodes_no_delete; "
       "DELETE FROM audit_merkle_nodes WHERE level = 0 AND idx = 4");
  auto verdict = verify_audit(*db_);
  ASSERT_TRUE(verdict);
  EXPECT_FALSE(verdict->intact);
  EXPECT_EQ(verdict->bad_merkle_subtree, (MerkleSubtree{0, 4}));
  EXPECT_NE(verdict->problem.find("record 5), is missing"), std::string::npos) << verdict->problem;
}

TEST_F(AuditTree, VerifyNamesAStoredSubtreePastTheRecords) {
  add_records(2);
  const int64_t n = head().seq;
  edit("INSERT INTO audit_merkle_nodes (level, idx, hash) VALUES (0, " + std::to_string(n + 3) +
       ", zeroblob(32))");
  auto verdict = verify_audit(*db_);
  ASSERT_TRUE(verdict);
  EXPECT_FALSE(verdict->intact);
  EXPECT_EQ(verdict->bad_merkle_subtree, (MerkleSubtree{0, n + 3}));
  EXPECT_NE(verdict->problem.find("past the last record"), std::string::npos) << verdict->problem;
}

TEST_F(AuditTree, OrdinarySqlCannotEditTheTree) {
  add_records(1);
  EXPECT_ANY_THROW(edit("UPDATE audit_merkle_nodes SET hash = zeroblob(32) WHERE level = 0"));
  EXPECT_ANY_THROW(edit("DELETE FROM audit_merkle_nodes WHERE level = 0"));
  EXPECT_ANY_THROW(edit("INSERT INTO audit_merkle_nodes (level, idx, hash) VALUES (0, 999, 'x')"));
  auto verdict = verify_audit(*db_);
  ASSERT_TRUE(verdict);
  EXPECT_TRUE(verdict->intact) << verdict->problem;
}

}  // namespace
}  // namespace taizhang
