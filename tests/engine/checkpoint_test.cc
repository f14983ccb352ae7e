// Signed checkpoints (engine/audit/checkpoint.h): a signature holds only for the exact seq, root
// and time it was made over and only under its own key; the key file is refused when others may
// read it; a checkpoint signed at the head is stored once per head; and `audit verify` names a
// log cut short or rewritten below a checkpoint, stored or saved.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "engine/audit/checkpoint.h"
#include "engine/audit/checkpoint_key_file.h"
#include "engine/audit/checkpoint_signing.h"
#include "engine/storage/sqlite/connection.h"
#include "engine/verify/audit_verify.h"
#include "tests/support/engine_fixture.h"
#include "tests/support/temp_dir.h"

namespace taizhang {
namespace {

const std::string kRoot(64, 'a');
const std::string kAt = "2026-12-07T10:00:00Z";

TEST(CheckpointSignature, TextIsTheDocumentedOne) {
  EXPECT_EQ(checkpoint_text(42, kRoot, kAt),
            "taizhang-checkpoint v1\n42\n" + kRoot + "\n2026-12-07T10:00:00Z\n");
}

TEST(CheckpointSignature, VerifiesUnderItsKey) {
  auto key = CheckpointKey::generate();
  Checkpoint c = key.sign(42, kRoot, kAt);
  EXPECT_EQ(c.signature.size(), 2 * kCheckpointSignatureBytes);
  EXPECT_EQ(c.key_id, checkpoint_key_id(key.public_key_hex()));
  EXPECT_TRUE(verify_checkpoint(c, key.public_key_hex()));
}

TEST(CheckpointSignature, AnyTamperedFieldFails) {
  auto key = CheckpointKey::generate();
  const Checkpoint good = key.sign(42, kRoot, kAt);

  Checkpoint seq = good;
  seq.seq = 41;
  EXPECT_FALSE(verify_checkpoint(seq, key.public_key_hex()));

  Checkpoint root = good;
  root.root[10] = 'b';
  EXPECT_FALSE(verify_checkpoint(root, key.public_key_hex()));

  Checkpoint at = good;
  at.at = "2026-12-07T10:00:01Z";
  EXPECT_FALSE(verify_checkpoint(at, key.public_key_hex()));

  Checkpoint signature = good;
  signature.signature[0] = signature.signature[0] == '0' ? '1' : '0';
  EXPECT_FALSE(verify_checkpoint(signature, key.public_key_hex()));

  Checkpoint malformed = good;
  malformed.signature = "zz";
  EXPECT_FALSE(verify_checkpoint(malformed, key.public_key_hex()));
}

TEST(CheckpointSignature, WrongKeyFails) {
  auto key = CheckpointKey::generate();
  auto other = CheckpointKey::generate();
  Checkpoint c = key.sign(42, kRoot, kAt);
  EXPECT_FALSE(verify_checkpoint(c, other.public_key_hex()));
  EXPECT_FALSE(verify_checkpoint(c, "not hex"));
}

TEST(CheckpointSignature, KeyRoundTripsThroughHex) {
  auto key = CheckpointKey::generate();
  auto again = CheckpointKey::from_hex(key.secret_hex());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->public_key_hex(), key.public_key_hex());
  // A secret whose second half is not the public key of its first is no key.
  std::string flipped = key.secret_hex();
  flipped[127] = flipped[127] == '0' ? '1' : '0';
  EXPECT_FALSE(CheckpointKey::from_hex(flipped));
  EXPECT_FALSE(CheckpointKey::from_hex("abc"));
}

TEST(CheckpointKeyFile, CreatedOwnerOnlyAndLoaded) {
  testing::TempDir dir;
  const std::string path = dir.file("db.signing-key");
  auto created = create_checkpoint_key_file(path);
  ASSERT_TRUE(created);
  struct stat st{};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto loaded = load_checkpoint_key_file(path);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->public_key_hex(), created->public_key_hex());
  // Never overwritten.
  auto again = create_checkpoint_key_file(path);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
}

TEST(CheckpointKeyFile, ReadableByOthersIsRefused) {
  testing::TempDir dir;
  const std::string path = dir.file("db.signing-key");
  ASSERT_TRUE(create_checkpoint_key_file(path));
  for (mode_t mode : {0640, 0604, 0660}) {
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
    auto loaded = load_checkpoint_key_file(path);
    ASSERT_FALSE(loaded) << std::oct << mode;
    EXPECT_EQ(loaded.error().code, ErrorCode::invalid_field);
    EXPECT_EQ(loaded.error().field, "signing-key");
    EXPECT_NE(loaded.error().message.find("chmod 600"), std::string::npos);
  }
}

TEST(CheckpointKeyFile, MissingAndGarbledAreTold) {
  testing::TempDir dir;
  auto missing = load_checkpoint_key_file(dir.file("none"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
  const std::string path = dir.file("garbled");
  std::ofstream(path) << "not a key\n";
  ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
  auto garbled = load_checkpoint_key_file(path);
  ASSERT_FALSE(garbled);
  EXPECT_EQ(garbled.error().code, ErrorCode::invalid_field);
}

TEST(SavedCheckpoint, Parses) {
  auto ok = parse_saved_checkpoint("12:" + kRoot);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->seq, 12);
  EXPECT_EQ(ok->root, kRoot);
  EXPECT_FALSE(parse_saved_checkpoint(kRoot));
  EXPECT_FALSE(parse_saved_checkpoint("0:" + kRoot));
  EXPECT_FALSE(parse_saved_checkpoint("x:" + kRoot));
  EXPECT_FALSE(parse_saved_checkpoint("12:abc"));
}

class CheckpointStore : public testing::EngineFixture {
 protected:
  CheckpointKey key_ = CheckpointKey::generate();

  std::optional<Checkpoint> sign_now() {
    auto signed_checkpoint = db_->writer().run([&](StoreWriter& store) {
      return sign_checkpoint_at_head(store, key_, now);
    });
    EXPECT_TRUE(signed_checkpoint);
    return signed_checkpoint ? *signed_checkpoint : std::nullopt;
  }

  AuditVerdict verify(CheckpointOptions options) {
    auto verdict = verify_audit(*db_, nullptr, options);
    EXPECT_TRUE(verdict);
    return *verdict;
  }
};

TEST_F(CheckpointStore, SignedOncePerHeadAndVerified) {
  ASSERT_TRUE(create_housing_repair());
  ASSERT_TRUE(create_housing_repair());
  auto first = sign_now();
  ASSERT_TRUE(first);
  EXPECT_TRUE(verify_checkpoint(*first, key_.public_key_hex()));
  EXPECT_FALSE(sign_now()) << "the head did not move";
  ASSERT_TRUE(create_housing_repair());
  auto second = sign_now();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->seq, first->seq + 1);

  AuditVerdict v = verify({key_.public_key_hex(), SavedCheckpoint{first->seq, first->root}});
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.checkpoints_checked, 2);
  EXPECT_EQ(v.checkpoint_signatures_checked, 2);
}

TEST_F(CheckpointStore, OtherKeyIsNamed) {
  ASSERT_TRUE(create_housing_repair());
  auto c = sign_now();
  ASSERT_TRUE(c);
  AuditVerdict v = verify({CheckpointKey::generate().public_key_hex(), std::nullopt});
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.bad_checkpoint_seq, c->seq);
  EXPECT_NE(v.problem.find("signature"), std::string::npos) << v.problem;
}

TEST_F(CheckpointStore, SavedRootThatDiffersIsNamed) {
  ASSERT_TRUE(create_housing_repair());
  ASSERT_TRUE(create_housing_repair());
  AuditVerdict v = verify({"", SavedCheckpoint{1, kRoot}});
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.bad_checkpoint_seq, 1);
  EXPECT_NE(v.problem.find("rewritten"), std::string::npos) << v.problem;

  AuditVerdict past = verify({"", SavedCheckpoint{99, kRoot}});
  EXPECT_FALSE(past.intact);
  EXPECT_EQ(past.bad_checkpoint_seq, 99);
  EXPECT_NE(past.problem.find("cut short"), std::string::npos) << past.problem;
}

TEST_F(CheckpointStore, StoredOnesCannotBeEditedBySql) {
  ASSERT_TRUE(create_housing_repair());
  ASSERT_TRUE(sign_now());
  sqlite::Connection c(dir.file("test.db"), sqlite::Connection::Mode::read_write);
  EXPECT_ANY_THROW(c.exec("UPDATE audit_checkpoints SET root = '" + kRoot + "'"));
  EXPECT_ANY_THROW(c.exec("DELETE FROM audit_checkpoints"));
}

}  // namespace
}  // namespace taizhang
