-- People sign in with a name and a password; the browser then holds a session cookie.
-- password_hash is libsodium's crypto_pwhash_str (Argon2id, with its salt and costs in the text);
-- NULL: the user has no password yet and signs in only with a bearer token.
ALTER TABLE users ADD COLUMN password_hash TEXT;
ALTER TABLE users ADD COLUMN password_changed_at TEXT;

-- A signed-in browser. The cookie carries a random token; only its SHA-256 is stored. The CSRF
-- token is sent back by the app in a header on every write. Times are Unix milliseconds on the
-- server's clock: idle expiry is last_seen_ms + idle timeout, absolute expiry expires_ms.
CREATE TABLE sessions (
  id            INTEGER PRIMARY KEY,
  token_sha256  TEXT NOT NULL UNIQUE,
  user_id       INTEGER NOT NULL REFERENCES users(id),
  csrf_token    TEXT NOT NULL,
  remote        TEXT NOT NULL,
  created_ms    INTEGER NOT NULL,
  last_seen_ms  INTEGER NOT NULL,
  expires_ms    INTEGER NOT NULL,
  revoked_ms    INTEGER
);
CREATE INDEX sessions_open_by_user ON sessions (user_id) WHERE revoked_ms IS NULL;
