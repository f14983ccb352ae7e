// The evidence file store: content-addressed, durable before the row, stored once, never removed
// while an upload of the same bytes is in flight or a row names it, and checked byte for byte.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "engine/base/digest.h"
#include "engine/storage/evidence_files.h"
#include "tests/support/temp_dir.h"

namespace taizhang {
namespace {

namespace fs = std::filesystem;

size_t files_under(const std::string& dir) {
  size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) n += e.is_regular_file() ? 1 : 0;
  return n;
}

TEST(EvidenceFiles, StoresByHashOnceAndReadsBack) {
  testing::TempDir dir;
  EvidenceFiles files(EvidenceFiles::dir_for(dir.file("t.db")));
  ASSERT_TRUE(files.open());
  const std::string bytes = "竣工照片的字节";
  const std::string sha = sha256_hex(bytes);
  {
    auto hold = files.put(bytes, sha);
    ASSERT_TRUE(hold) << hold.error().message;
    auto again = files.put(bytes, sha);
    ASSERT_TRUE(again);
  }
  EXPECT_EQ(files.path(sha), dir.file("t.db-evidence/" + sha.substr(0, 2) + "/" + sha));
  EXPECT_EQ(files.read(sha).value(), bytes);
  EXPECT_EQ(files_under(files.dir()), 1u);
  EXPECT_EQ(files.check(sha, static_cast<int64_t>(bytes.size())),
            EvidenceFiles::FileState::intact);
}

TEST(EvidenceFiles, ConcurrentPutsOfTheSameBytesLeaveOneFile) {
  testing::TempDir dir;
  EvidenceFiles files(dir.file("e"));
  ASSERT_TRUE(files.open());
  const std::string bytes(300'000, 'x');
  const std::string sha = sha256_hex(bytes);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] { ok += files.put(bytes, sha) ? 1 : 0; });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 8);
  EXPECT_EQ(files_under(files.dir()), 1u);
  EXPECT_EQ(files.read(sha).value(), bytes);
}

TEST(EvidenceFiles, DiscardKeepsAFileHeldByAnotherUploadOrNamedByARow) {
  testing::TempDir dir;
  EvidenceFiles files(dir.file("e"));
  ASSERT_TRUE(files.open());
  const std::string bytes = "voucher";
  const std::string sha = sha256_hex(bytes);
  {
    auto first = files.put(bytes, sha);
    auto second = files.put(bytes, sha);
    ASSERT_TRUE(first && second);
    files.discard(std::move(*first), [] { return false; });
    EXPECT_TRUE(fs::exists(files.path(sha))) << "the second upload still holds it";
  }
  auto third = files.put(bytes, sha);
  ASSERT_TRUE(third);
  files.discard(std::move(*third), [] { return true; });
  EXPECT_TRUE(fs::exists(files.path(sha))) << "a row names it";
  auto last = files.put(bytes, sha);
  ASSERT_TRUE(last);
  files.discard(std::move(*last), [] { return false; });
  EXPECT_FALSE(fs::exists(files.path(sha)));
  EXPECT_EQ(files_under(files.dir()), 0u);
}

TEST(EvidenceFiles, CheckNamesMissingAndAlteredFiles) {
  testing::TempDir dir;
  EvidenceFiles files(dir.file("e"));
  ASSERT_TRUE(files.open());
  const std::string bytes = "acceptance form";
  const std::string sha = sha256_hex(bytes);
  ASSERT_TRUE(files.put(bytes, sha));
  { std::ofstream(files.path(sha), std::ios::binary) << "acceptance FORM"; }
  EXPECT_EQ(files.check(sha, static_cast<int64_t>(bytes.size())),
            EvidenceFiles::FileState::altered);
  fs::remove(files.path(sha));
  EXPECT_EQ(files.check(sha, static_cast<int64_t>(bytes.size())),
            EvidenceFiles::FileState::missing);
}

TEST(EvidenceFiles, OpenClearsTemporaryFilesACrashLeft) {
  testing::TempDir dir;
  EvidenceFiles files(dir.file("e"));
  ASSERT_TRUE(files.open());
  { std::ofstream(dir.file("e/tmp/upload-abc123")) << "half a photo"; }
  ASSERT_TRUE(files.open());
  EXPECT_EQ(files_under(files.dir()), 0u);
}

TEST(EvidenceFiles, CopiesNamedFilesToAnotherFolder) {
  testing::TempDir dir;
  EvidenceFiles files(dir.file("e"));
  ASSERT_TRUE(files.open());
  std::vector<std::string> shas;
  for (const char* bytes : {"one", "two"}) {
    shas.push_back(sha256_hex(bytes));
    ASSERT_TRUE(files.put(bytes, shas.back()));
  }
  auto copied = files.copy_to(dir.file("copy"), shas);
  ASSERT_TRUE(copied) << copied.error().message;
  EXPECT_EQ(*copied, 2);
  EvidenceFiles copy(dir.file("copy"));
  EXPECT_EQ(copy.read(shas[1]).value(), "two");
  EXPECT_EQ(copy.check(shas[0], 3), EvidenceFiles::FileState::intact);
}

}  // namespace
}  // namespace taizhang
