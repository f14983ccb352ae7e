// The single writer: every change to the database goes through here. Jobs queue up; the writer
// thread takes all that are waiting (up to a batch limit), runs each in its own SAVEPOINT inside
// one transaction, commits once (synchronous=FULL: the commit is on disk), and only then calls
// each job's completion. Many concurrent requests thus share one fsync (group commit), and no
// request is ever answered before its change is durable.
//
// A job that returns an error is rolled back alone; the others in its batch still commit. A job
// runs on the writer thread and must not block on anything but the database. Thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/error.h"
#include "engine/store.h"

namespace taizhang {

using WriteJob = std::function<Result<nlohmann::json>(StoreWriter&)>;
using WriteDone = std::function<void(Result<nlohmann::json>)>;

struct WriterStats {
  uint64_t jobs = 0;
  uint64_t batches = 0;   // = commits
  uint64_t failed_commits = 0;
  uint64_t rejected_full = 0;
};

class Writer {
 public:
  struct Limits {
    size_t max_queue = 4096;  // beyond this, submit answers `unavailable` at once
    size_t max_batch = 512;   // jobs per transaction
  };

  // Opens its own read-write connection to `path` (already migrated). Throws StorageFailure.
  Writer(const std::string& path, Limits limits);
  explicit Writer(const std::string& path) : Writer(path, Limits{}) {}
  ~Writer();  // stops: finishes what is queued, then joins

  // `done` runs on the writer thread after the commit; keep it short (hand off to another
  // executor for anything more).
  void submit(WriteJob job, WriteDone done);
  // Submits and waits for the durable result.
  Result<nlohmann::json> run(WriteJob job);

  // Stops taking jobs, finishes the queued ones, joins the thread. Idempotent.
  void stop();
  WriterStats stats() const;

 private:
  struct Pending {
    WriteJob job;
    WriteDone done;
  };
  void loop();

  std::string path_;
  Limits limits_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  WriterStats stats_;
  std::thread thread_;
};

}  // namespace taizhang
