#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "engine/storage/sqlite/open_database.h"
#include "engine/audit/log.h"
#include "engine/storage/database.h"
#include "tests/support/temp_dir.h"

namespace taizhang {
namespace {

using testing::TempDir;

AuditEvent event(const std::string& id) {
  return {"test", "test.write", "test", id, nullptr, {{"n", id}}};
}

TEST(Writer, JobsWaitingTogetherShareOneCommitAndFailAlone) {
  TempDir dir;
  auto db = sqlite::open_database(dir.file("w.db"));
  ASSERT_TRUE(db);
  Writer& writer = (*db)->writer();
  // Hold the writer on a first job so that the next ones queue up and form one batch.
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> holding;
  writer.submit(
      [&](StoreWriter& s) -> Result<nlohmann::json> {
        holding.set_value();
        released.wait();
        append_audit(s, Clock{}.now(), event("first"));
        return nlohmann::json(nullptr);
      },
      [](Result<nlohmann::json>) {});
  holding.get_future().wait();
  const WriterStats before = writer.stats();
  constexpr int kJobs = 20;
  std::vector<std::future<Result<nlohmann::json>>> results;
  for (int i = 0; i < kJobs; ++i) {
    auto p = std::make_shared<std::promise<Result<nlohmann::json>>>();
    results.push_back(p->get_future());
    writer.submit(
        [i](StoreWriter& s) -> Result<nlohmann::json> {
          append_audit(s, Clock{}.now(), event(std::to_string(i)));
          if (i == 7) return fail(ErrorCode::invalid_field, "job 7 fails after writing");
          return i;
        },
        [p](Result<nlohmann::json> r) { p->set_value(std::move(r)); });
  }
  release.set_value();
  for (int i = 0; i < kJobs; ++i) {
    auto r = results[i].get();
    if (i == 7) {
      EXPECT_FALSE(r);
    } else {
      ASSERT_TRUE(r) << r.error().message;
      EXPECT_EQ(*r, i);
    }
  }
  const WriterStats after = writer.stats();
  EXPECT_EQ(after.jobs - before.jobs, static_cast<uint64_t>(kJobs) + 1);
  EXPECT_EQ(after.batches - before.batches, 2u);  // the held job, then all twenty together
  auto records = (*db)->read([](StoreReader& s) -> Result<std::vector<AuditRecord>> {
    return s.audit(0, 100);
  });
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), static_cast<size_t>(kJobs));  // 1 + 20 - the failed one
  for (const auto& r : *records) EXPECT_NE(r.entity_id, "7");
}

TEST(Writer, ManyThreadsEachGetTheirOwnDurableResult) {
  TempDir dir;
  auto db = sqlite::open_database(dir.file("w.db"));
  ASSERT_TRUE(db);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        auto r = (*db)->writer().run([&](StoreWriter& s) -> Result<nlohmann::json> {
          return append_audit(s, Clock{}.now(), event(std::to_string(t * 100 + i))).seq;
        });
        if (r && r->get<int64_t>() > 0) ++ok;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 160);
  auto head = (*db)->read([](StoreReader& s) -> Result<AuditHead> { return s.audit_head(); });
  EXPECT_EQ(head->seq, 160);
}

TEST(Writer, StoppedWriterRefusesNewJobs) {
  TempDir dir;
  auto db = sqlite::open_database(dir.file("w.db"));
  ASSERT_TRUE(db);
  (*db)->writer().stop();
  auto r = (*db)->writer().run([](StoreWriter&) -> Result<nlohmann::json> { return 1; });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::unavailable);
}

}  // namespace
}  // namespace taizhang
