-- 013: an administrator can disable a user. A disabled user's sessions are revoked when it is
-- disabled, and neither a session nor a bearer token of theirs is accepted while disabled_at is
-- set (NULL: the user is active). The row stays: the audit log and the ledger name the user.
ALTER TABLE users ADD COLUMN disabled_at TEXT;

-- The administrators' user list shows each user's last sign-in: the newest session's creation.
CREATE INDEX sessions_by_user_created ON sessions (user_id, created_ms);
