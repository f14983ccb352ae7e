// Answering a write once it is durable, without holding a thread while it waits.
//
// A write handler parses and checks its request, then returns answer_after_commit(app, job,
// respond). Nothing waits: the server starts the pending response, which queues `job` on the
// writer. When the batch holding the job has committed (or failed to), `respond` runs on one of
// the server's worker threads — never the writer's, never the I/O thread — and its Response is
// written to the connection. So no thread but the writer ever waits for an fsync, the number of
// writes in flight is bounded by the writer's queue rather than by the worker threads, and JSON
// views are built off the writer thread.
//
// Contract:
//   job:     StoreWriter& → Result<T>. Runs on the writer thread inside its transaction. It must
//            own what it uses (capture by value): the request is gone by the time it runs.
//   respond: Result<T> → Response. Runs once, after the commit (the job's own result), or after
//            the job was refused or its batch failed to commit (ErrorCode::unavailable or
//            internal, nothing written). It may read committed state with app.db().read.
// Both must be copyable (they travel through std::function).
#pragma once

#include <memory>
#include <type_traits>
#include <utility>

#include "api/app.h"
#include "api/http.h"
#include "api/problem.h"
#include "engine/storage/store.h"

namespace taizhang::api {

template <typename Job, typename Respond>
Response answer_after_commit(App& app, Job job, Respond respond) {
  using R = std::invoke_result_t<Job&, StoreWriter&>;
  static_assert(std::is_same_v<std::invoke_result_t<Respond&, R>, Response>,
                "respond takes the job's Result and returns the Response");
  Response r;
  r.pending = [&app, job = std::move(job), respond = std::move(respond)](Reply reply,
                                                                       Offload offload) mutable {
    app.db().writer().submit(
        std::move(job),
        [respond = std::move(respond), reply = std::move(reply),
         offload = std::move(offload)](R result) mutable {
          // On the writer thread (or on this one if the job was refused at once): hand the rest
          // to a worker so the writer goes straight back to committing.
          auto shared = std::make_shared<R>(std::move(result));
          offload([respond = std::move(respond), reply = std::move(reply), shared]() mutable {
            Response answer;
            try {
              answer = respond(std::move(*shared));
            } catch (const std::exception& e) {
              answer = problem(ErrorCode::internal, std::string("unexpected failure: ") + e.what());
            }
            reply(std::move(answer));
          });
        });
  };
  return r;
}

}  // namespace taizhang::api
