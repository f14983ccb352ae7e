// The single writer: every change to the database goes through here. Jobs queue up; the writer
// thread takes all that are waiting (up to a batch limit), runs each in its own savepoint inside
// one transaction, commits once (the commit is on disk), and only then completes each job. Many
// concurrent requests thus share one fsync (group commit), and no request is ever answered
// before its change is durable.
//
// A job that returns an error is rolled back alone (unless the error says commit_anyway: a
// refused attempt whose audit record must stay); the others in its batch still commit. A job
// runs on the writer thread and must not block on anything but the database. Thread-safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>

#include "engine/base/assert.h"
#include "engine/base/error.h"
#include "engine/storage/store.h"
#include "engine/storage/transactor.h"

namespace taizhang {

struct WriterStats {
  uint64_t jobs = 0;
  uint64_t batches = 0;  // = commits
  uint64_t failed_commits = 0;
  uint64_t rejected_full = 0;
  uint64_t disk_full = 0;  // batches refused because the disk was full
};

// The default limits of the writer.
inline constexpr size_t kWriterQueueJobsMax = 4096;  // beyond this, submit answers `unavailable`
inline constexpr size_t kWriterBatchJobsMax = 512;   // jobs per transaction (one fsync)
static_assert(kWriterBatchJobsMax <= kWriterQueueJobsMax,
              "a batch larger than the queue could never fill");

class Writer {
 public:
  struct Limits {
    size_t max_queue = kWriterQueueJobsMax;
    size_t max_batch = kWriterBatchJobsMax;
  };

  // Takes the engine's read-write connection; the writer thread is its only user.
  Writer(std::unique_ptr<Transactor> transactor, Limits limits);
  ~Writer();  // stops: finishes what is queued, then joins

  // Queues `job` (a callable StoreWriter& → Result<T>, for any T) and returns at once.
  //
  // `done(Result<T>)` is called exactly once, never while the writer holds its lock:
  //   - on the writer thread, after the batch holding the job has committed (the job's result)
  //     or failed to (ErrorCode::internal, or ErrorCode::unavailable when the disk is full);
  //   - on the calling thread, before submit returns, when the job is refused at once (the queue
  //     is full or the writer is stopping: ErrorCode::unavailable).
  // `done` runs on the writer thread in the common case: keep it short, and hand anything more
  // (building a JSON view, writing a socket) to another executor.
  template <typename Job, typename Done>
  void submit(Job job, Done done) {
    using R = std::invoke_result_t<Job&, StoreWriter&>;
    auto slot = std::make_shared<std::optional<R>>();
    submit_erased(
        [job = std::move(job), slot](StoreWriter& store) mutable -> Result<void> {
          slot->emplace(job(store));
          // A refusal that keeps its record commits; `done` still gets the refusal.
          if (**slot || (**slot).error().commit_anyway) return {};
          return std::unexpected((**slot).error());
        },
        [done = std::move(done), slot](Result<void> outcome) mutable {
          if (!outcome) return done(R(std::unexpected(std::move(outcome.error()))));
          done(std::move(**slot));
        });
  }

  // Submits and waits for the durable result. Calling it from inside a job (on the writer
  // thread) would wait forever: that is an assertion failure.
  template <typename Job>
  auto run(Job job) -> std::invoke_result_t<Job&, StoreWriter&> {
    using R = std::invoke_result_t<Job&, StoreWriter&>;
    TZ_ASSERT(!on_writer_thread());
    std::promise<R> promise;
    auto future = promise.get_future();
    submit(std::move(job), [&promise](R r) { promise.set_value(std::move(r)); });
    return future.get();
  }

  // Stops taking jobs, finishes the queued ones, joins the thread. Idempotent.
  void stop();
  WriterStats stats() const;
  // Whether the caller is the writer thread (inside a job or a `done`).
  bool on_writer_thread() const;

 private:
  using ErasedJob = std::function<Result<void>(StoreWriter&)>;
  using ErasedDone = std::function<void(Result<void>)>;
  struct Pending {
    ErasedJob job;
    ErasedDone done;
  };
  void submit_erased(ErasedJob job, ErasedDone done);
  void loop();
  // Runs one batch in one transaction; returns each job's outcome, in order.
  std::vector<Result<void>> run_batch(std::deque<Pending>& batch);

  std::unique_ptr<Transactor> transactor_;
  Limits limits_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  WriterStats stats_;
  std::thread thread_;
};

}  // namespace taizhang
