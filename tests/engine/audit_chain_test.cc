#include <gtest/gtest.h>

#include "engine/audit/chain.h"
#include "engine/base/digest.h"

namespace taizhang {
namespace {

AuditRecord record(int64_t seq, const std::string& prev) {
  AuditRecord r;
  r.seq = seq;
  r.at = "2019-03-15T10:00:00.000+08:00";
  r.actor = "user:1";
  r.action = "item.create";
  r.entity = "item";
  r.entity_id = "1";
  r.after = {{"item", {{"title", "吉照村危房改造"}, {"version", 1}}}};
  r.prev_hash = prev;
  r.hash = chain_hash(prev, r);
  return r;
}

TEST(AuditChain, CanonicalTextSortsKeysAndKeepsUtf8) {
  auto r = record(1, kGenesisHash);
  EXPECT_EQ(canonical_text(r),
            R"({"action":"item.create","actor":"user:1","after":{"item":{"title":"吉照村危房改造","version":1}},)"
            R"("at":"2019-03-15T10:00:00.000+08:00","before":null,"entity":"item","entity_id":"1","seq":1})");
  EXPECT_EQ(r.hash, sha256_hex(kGenesisHash + "\n" + canonical_text(r)));
}

// The canonical text is written member by member; it must be the very bytes a dump of the whole
// object gives, for every kind of text a record can hold: quotes, backslashes, control
// characters, CJK, text that is not UTF-8, a key that sorts between the record's own; and the
// chain hash, which is fed those bytes in pieces, must be the hash of the whole.
TEST(AuditChain, CanonicalTextIsTheDumpOfTheWholeObject) {
  AuditRecord r = record(42, kGenesisHash);
  r.actor = "user:\"7\"\\\n\t\x01";
  r.action = "alert.raise";
  r.entity = "alert";
  r.entity_id = "吉照村\xff\xfe";
  r.before = {{"alert_patch", {{{"op", "replace"}, {"path", "/state"}, {"value", "open"}}}}};
  r.after = {{"alert", {{"recipients", {1, 2, 3}}, {"at", "2019"}, {"note", "\x7f\u2028"}}}};
  for (int k = 0; k < 2; ++k) {
    nlohmann::json whole = {{"seq", r.seq},       {"at", r.at},         {"actor", r.actor},
                            {"action", r.action}, {"entity", r.entity}, {"entity_id", r.entity_id},
                            {"before", r.before}, {"after", r.after}};
    EXPECT_EQ(canonical_text(r),
              whole.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    EXPECT_EQ(canonical_text(r, json_text_of(r)), canonical_text(r));
    // The hash is fed in pieces: it must be the hash of the assembled text.
    EXPECT_EQ(chain_hash(kGenesisHash, r), sha256_hex(kGenesisHash + "\n" + canonical_text(r)));
    r.before = nullptr;  // a new entity's record
    r.seq = 9'007'199'254'740'993;
  }
}

TEST(AuditChain, LinksVerify) {
  auto first = record(1, kGenesisHash);
  EXPECT_FALSE(check_link(AuditHead{}, first));
  auto second = record(2, first.hash);
  EXPECT_FALSE(check_link(AuditHead{1, first.hash}, second));
}

TEST(AuditChain, AlteredRecordIsDetected) {
  auto r = record(1, kGenesisHash);
  r.after["item"]["title"] = "改过的标题";
  auto problem = check_link(AuditHead{}, r);
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("seq 1"), std::string::npos);
}

TEST(AuditChain, MissingRecordIsDetected) {
  auto first = record(1, kGenesisHash);
  auto third = record(3, first.hash);
  auto problem = check_link(AuditHead{1, first.hash}, third);
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("missing"), std::string::npos);
}

TEST(AuditChain, BrokenPrevHashIsDetected) {
  auto first = record(1, kGenesisHash);
  auto second = record(2, std::string(64, 'f'));
  EXPECT_TRUE(check_link(AuditHead{1, first.hash}, second));
}

}  // namespace
}  // namespace taizhang
