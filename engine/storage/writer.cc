#include "engine/storage/writer.h"

#include <cstdio>

namespace taizhang {

namespace {

thread_local const Writer* current_writer = nullptr;

// Whether a full disk has been logged and not yet its end. Only writer threads touch it (one per
// database): the flag lives with the code that logs, not in the class every file includes.
thread_local bool disk_full_episode_ = false;

Result<void> run_guarded(const std::function<Result<void>(StoreWriter&)>& job, StoreWriter& store) {
  try {
    return job(store);
  } catch (const StorageFailure& e) {
    // A full disk fails the batch as a whole (its commit could not succeed either); any other
    // failure of a statement rolls back this job alone, as a job's error does.
    if (e.disk_full) throw;
    std::fprintf(stderr, "taizhang: write job failed in storage: %s\n", e.what());
    return fail(ErrorCode::internal, std::string("storage: ") + e.what());
  } catch (const std::exception& e) {
    // A bug in a job, not in the database: the job alone is rolled back. The message reaches
    // the log only (the API answers 500 with a request id).
    std::fprintf(stderr, "taizhang: write job failed: %s\n", e.what());
    return fail(ErrorCode::internal, std::string("write failed: ") + e.what());
  }
}

}  // namespace

Writer::Writer(std::unique_ptr<Transactor> transactor, Limits limits)
    : transactor_(std::move(transactor)), limits_(limits) {
  TZ_ASSERT(transactor_ != nullptr);
  thread_ = std::thread([this] { loop(); });
}

Writer::~Writer() { stop(); }

bool Writer::on_writer_thread() const { return current_writer == this; }

void Writer::submit_erased(ErasedJob job, ErasedDone done) {
  std::optional<Error> refused;
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      refused = Error{ErrorCode::unavailable, "the server is shutting down"};
    } else if (queue_.size() >= limits_.max_queue) {
      ++stats_.rejected_full;
      refused = Error{ErrorCode::unavailable, "too many writes waiting; retry shortly"};
    } else {
      queue_.push_back({std::move(job), std::move(done)});
    }
  }
  // Outside the lock: `done` may itself submit, or take a lock of its own.
  if (refused) return done(std::unexpected(std::move(*refused)));
  cv_.notify_one();
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

std::vector<Result<void>> Writer::run_batch(std::deque<Pending>& batch) {
  TZ_ASSERT(!batch.empty() && batch.size() <= limits_.max_batch);
  Transactor& tx = *transactor_;
  std::vector<Result<void>> results;
  results.reserve(batch.size());
  try {
    tx.begin();
    for (auto& p : batch) {
      tx.savepoint();
      auto r = run_guarded(p.job, tx.store());
      if (!r) tx.rollback_to_savepoint();
      tx.release_savepoint();
      results.push_back(std::move(r));
    }
    tx.commit();
    if (disk_full_episode_) {
      std::fprintf(stderr, "taizhang: disk space is back; writes resume\n");
      disk_full_episode_ = false;
    }
    return results;
  } catch (const StorageFailure& e) {
    tx.rollback();
    // A full disk fails every batch until space is freed: say so once per episode, not once per
    // batch, so that the log itself does not fill what is left.
    if (!e.disk_full) {
      std::fprintf(stderr, "taizhang: commit of %zu jobs failed: %s\n", batch.size(), e.what());
    } else if (!disk_full_episode_) {
      std::fprintf(stderr, "taizhang: the disk is full: writes are refused (503) until space is "
                           "freed: %s\n", e.what());
      disk_full_episode_ = true;
    }
    const Error failure =
        e.disk_full
            ? Error{ErrorCode::unavailable, "the disk is full; nothing was written, retry later"}
            : Error{ErrorCode::internal, std::string("commit failed: ") + e.what()};
    std::lock_guard lock(mu_);
    ++stats_.failed_commits;
    if (e.disk_full) ++stats_.disk_full;
    return std::vector<Result<void>>(batch.size(), std::unexpected(failure));
  }
}

void Writer::loop() {
  current_writer = this;
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
    auto results = run_batch(batch);
    TZ_ASSERT(results.size() == batch.size());
    {
      std::lock_guard lock(mu_);
      stats_.jobs += batch.size();
      ++stats_.batches;
    }
    for (size_t i = 0; i < batch.size(); ++i) batch[i].done(std::move(results[i]));
  }
}

}  // namespace taizhang
