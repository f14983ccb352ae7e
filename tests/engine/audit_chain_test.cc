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
