-- 017: signed checkpoints of the Merkle tree over the audit log (engine/audit/checkpoint.h). A
-- checkpoint states that the tree of `seq` records had the root `root` at `at`, signed with the
-- server's Ed25519 key, which is kept outside the database (`taizhang init --signing-key`). Someone
-- who saved one can later show that the log below it was rewritten or cut short, even by whoever
-- holds the database: the key, not the table, is what they would need to forge.
CREATE TABLE audit_checkpoints (
  seq       INTEGER PRIMARY KEY CHECK (seq >= 1),
  root      TEXT NOT NULL CHECK (length(root) = 64),
  at        TEXT NOT NULL,
  signature TEXT NOT NULL CHECK (length(signature) = 128),
  key_id    TEXT NOT NULL
);
-- As for audit_log: a guard rail against ordinary SQL, not the proof (the signature is).
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
