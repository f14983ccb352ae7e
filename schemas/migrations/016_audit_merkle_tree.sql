-- 016: the Merkle tree over the audit records (RFC 9162 §2.1; engine/audit/merkle.h), kept as
-- its perfect subtrees: the row (level, idx) is the hash of the 2^level leaves from idx·2^level,
-- leaf i being the record of seq i + 1. The write job that appends a record stores the subtrees
-- it completes (engine/audit/audit_tree.h): its own leaf at level 0, and one more on average.
-- Every root and proof of every tree size is computed from O(log n) of these rows.
--
-- SQLite has no SHA-256, so this migration cannot hash the records already in the log: the
-- database's opener does, in the same way, at every open (engine/storage/sqlite/sqlite_engine.cc),
-- which also covers records appended since by a binary older than this table.
--
-- WITHOUT ROWID: the rows are found only by (level, idx), and a leaf count is one seek to the
-- last row of level 0.
CREATE TABLE audit_merkle_nodes (
  level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 62),
  idx   INTEGER NOT NULL CHECK (idx >= 0),
  hash  BLOB NOT NULL CHECK (typeof(hash) = 'blob' AND length(hash) = 32),
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;
-- As for audit_log, the triggers keep ordinary SQL from editing the tree; they are a guard rail,
-- not the proof: `audit verify` recomputes every row from the records.
CREATE TRIGGER audit_merkle_nodes_no_update BEFORE UPDATE ON audit_merkle_nodes
BEGIN SELECT RAISE(ABORT, 'audit_merkle_nodes is append-only'); END;
CREATE TRIGGER audit_merkle_nodes_no_delete BEFORE DELETE ON audit_merkle_nodes
BEGIN SELECT RAISE(ABORT, 'audit_merkle_nodes is append-only'); END;
