// A request on one thing named by the path's {id}: an item, an attachment, a notice, a fund, an
// alert. Its preamble is the same wherever it appears — who asks, which id, the thing as the
// caller may see it, a refusal answered and recorded the same way each time — so the helpers
// here take it, and a handler states only what it does with the thing. Which role may do what is
// not decided here: the engine's commands ask engine/access/permission.h.
#pragma once

#include <cstdint>
#include <expected>
#include <string_view>
#include <type_traits>
#include <utility>

#include "api/after_commit.h"
#include "api/auth.h"
#include "api/handlers/handlers.h"

namespace taizhang::api {

// Who asks, about which id.
struct IdRequest {
  Principal who;
  int64_t id = 0;
};

// authenticate, then the path's {id}. Fails as authenticate does — unauthenticated (401) without
// live credentials, forbidden (403) for a cookie write that fails the CSRF check — then with
// not_found (404) when {id} is not a positive integer.
Result<IdRequest> id_request(App& app, const Request& req, const PathParams& params);

// A value, or the answer a handler returns as it is (a refusal already made into its problem).
template <typename T>
using OrAnswer = std::expected<T, Response>;

// Inside one read: find(store, who, id) → Result<Thing>, the thing as `who` may see it
// (visible_item, visible_attachment, …: not_found when absent, and the same not_found marked as
// a scope refusal when it belongs to a unit outside their scope), then view(store, who, thing)
// → Result<V>. Either failure is answered by read_refused: its problem (so the refused thing
// answers 404 exactly as an absent one), and a scope refusal recorded in the audit log as the
// attempt `attempted` ("item.read", "evidence.read", …).
template <typename Find, typename View>
auto read_visible(App& app, const IdRequest& on, std::string_view attempted, Find find,
                  View view) {
  using Thing =
      typename std::invoke_result_t<Find&, StoreReader&, const Principal&, int64_t>::value_type;
  using Viewed = std::invoke_result_t<View&, StoreReader&, const Principal&, const Thing&>;
  using Answer = OrAnswer<typename Viewed::value_type>;
  auto viewed = app.db().read([&](StoreReader& store) -> Viewed {
    auto thing = find(store, on.who, on.id);
    if (!thing) return std::unexpected(thing.error());
    return view(store, on.who, *thing);
  });
  if (!viewed) return Answer(std::unexpect, read_refused(app, on.who, attempted, viewed.error()));
  return Answer(std::move(*viewed));
}

// The thing itself, when the handler's work with it is done outside the read.
template <typename Find>
auto read_visible(App& app, const IdRequest& on, std::string_view attempted, Find find) {
  return read_visible(app, on, attempted, find,
                      [](StoreReader&, const Principal&, const auto& thing) {
                        return Result<std::decay_t<decltype(thing)>>(thing);
                      });
}

// A read answered from inside its read transaction: id_request, then read_visible, whose view
// returns the answer (Response or Result<Response>).
template <typename Find, typename View>
Response answer_visible(App& app, const Request& req, const PathParams& params,
                        std::string_view attempted, Find find, View view) {
  auto on = id_request(app, req, params);
  if (!on) return problem(on.error());
  auto answer = read_visible(app, *on, attempted, find,
                             [&view](StoreReader& store, const Principal& who,
                                     const auto& thing) -> Result<Response> {
                               return view(store, who, thing);
                             });
  return answer ? std::move(*answer) : std::move(answer.error());
}

// A write on the thing of the path's {id}: id_request (401, 403, 404 as above), then
// parse(req) → Result<T>, whose problem (400 invalid_field, bad_json, …) is the answer with
// nothing written, then job(store, who, id, request) on the writer and respond(its result) once
// it has committed — answer_after_commit's contract. The job is handed its own copies of who, id
// and the parsed request: the request is gone by the time it runs. The engine's command in the
// job checks the thing, its scope (recording a refusal) and whether the caller's role may.
template <typename Parse, typename Job, typename Respond>
Response write_on_id(App& app, const Request& req, const PathParams& params, Parse parse, Job job,
                     Respond respond) {
  auto on = id_request(app, req, params);
  if (!on) return problem(on.error());
  auto request = parse(req);
  if (!request) return problem(request.error());
  return answer_after_commit(
      app,
      [job = std::move(job), who = std::move(on->who), id = on->id,
       request = std::move(*request)](StoreWriter& store) { return job(store, who, id, request); },
      std::move(respond));
}

}  // namespace taizhang::api
