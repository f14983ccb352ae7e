#include "engine/writer.h"

#include <future>

#include "engine/sqlite/connection.h"
#include "engine/sqlite/sqlite_store.h"

namespace taizhang {

namespace {

Result<nlohmann::json> run_guarded(const WriteJob& job, StoreWriter& store) {
  try {
    return job(store);
  } catch (const StorageFailure& e) {
    return fail(ErrorCode::internal, std::string("storage: ") + e.what());
  } catch (const std::exception& e) {
    return fail(ErrorCode::internal, std::string("write failed: ") + e.what());
  }
}

}  // namespace

Writer::Writer(const std::string& path, Limits limits) : path_(path), limits_(limits) {
  // Open once here so that a bad path fails at construction, on the caller's thread.
  sqlite::Connection probe(path_, sqlite::Connection::Mode::read_write);
  thread_ = std::thread([this] { loop(); });
}

Writer::~Writer() { stop(); }

void Writer::submit(WriteJob job, WriteDone done) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      done(fail(ErrorCode::unavailable, "the server is shutting down"));
      return;
    }
    if (queue_.size() >= limits_.max_queue) {
      ++stats_.rejected_full;
      done(fail(ErrorCode::unavailable, "too many writes waiting; retry shortly"));
      return;
    }
    queue_.push_back({std::move(job), std::move(done)});
  }
  cv_.notify_one();
}

Result<nlohmann::json> Writer::run(WriteJob job) {
  std::promise<Result<nlohmann::json>> promise;
  auto future = promise.get_future();
  submit(std::move(job), [&promise](Result<nlohmann::json> r) { promise.set_value(std::move(r)); });
  return future.get();
}

void Writer::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

WriterStats Writer::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void Writer::loop() {
  sqlite::Connection db(path_, sqlite::Connection::Mode::read_write);
  sqlite::SqliteStore store(db);
  for (;;) {
    std::deque<Pending> batch;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      while (!queue_.empty() && batch.size() < limits_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    std::vector<Result<nlohmann::json>> results;
    results.reserve(batch.size());
    bool committed = false;
    try {
      db.exec("BEGIN IMMEDIATE");
      for (auto& p : batch) {
        db.prepare("SAVEPOINT job").run();
        auto r = run_guarded(p.job, store);
        if (!r) db.prepare("ROLLBACK TO job").run();
        db.prepare("RELEASE job").run();
        results.push_back(std::move(r));
      }
      db.exec("COMMIT");
      committed = true;
    } catch (const StorageFailure& e) {
      try {
        db.exec("ROLLBACK");
      } catch (const StorageFailure&) {
        // Nothing more to undo: SQLite rolls back by itself after some failures.
      }
      results.assign(batch.size(),
                     fail(ErrorCode::internal, std::string("commit failed: ") + e.what()));
    }
    {
      std::lock_guard lock(mu_);
      stats_.jobs += batch.size();
      ++stats_.batches;
      if (!committed) ++stats_.failed_commits;
    }
    for (size_t i = 0; i < batch.size(); ++i) batch[i].done(std::move(results[i]));
  }
}

}  // namespace taizhang
