-- Evidence (证明材料): photos and documents attached to an item, one row per upload. The file
-- itself lives in the folder beside the database (<db>-evidence/), named by its SHA-256, and is
-- written and fsynced before this row commits; the same bytes are stored once however often they
-- are attached. Nothing is deleted: a wrong upload is withdrawn with a reason, and the row, the
-- file and both audit records stay.
CREATE TABLE attachments (
  id                INTEGER PRIMARY KEY,
  item_id           INTEGER NOT NULL REFERENCES items(id),
  kind              TEXT NOT NULL,                       -- an evidence kind the workflow declares
  stage             TEXT NOT NULL,                       -- the item's stage when uploaded
  sha256            TEXT NOT NULL CHECK (length(sha256) = 64),
  size_bytes        INTEGER NOT NULL CHECK (size_bytes > 0),
  media_type        TEXT NOT NULL,                       -- read from the content, never as declared
  name              TEXT NOT NULL,                       -- the cleaned file name
  width             INTEGER,                             -- photos
  height            INTEGER,
  taken_at          TEXT,                                -- EXIF DateTimeOriginal, camera local time
  latitude_e6       INTEGER,                             -- EXIF GPS, microdegrees; never public
  longitude_e6      INTEGER,
  notice_id         INTEGER REFERENCES notices(id),      -- the photo of a posted notice
  entry_id          INTEGER REFERENCES ledger_entries(id),  -- the voucher of a disbursement
  history_id        INTEGER REFERENCES item_history(id), -- the transition it documents
  uploaded_at       TEXT NOT NULL,
  uploaded_by       INTEGER NOT NULL REFERENCES users(id),
  withdrawn_at      TEXT,
  withdrawn_by      INTEGER REFERENCES users(id),
  withdrawal_reason TEXT,
  audit_seq         INTEGER NOT NULL
);
CREATE INDEX attachments_by_item ON attachments (item_id, id);
CREATE INDEX attachments_by_sha256 ON attachments (sha256);
CREATE INDEX attachments_by_notice ON attachments (notice_id) WHERE notice_id IS NOT NULL;
