// The audit chain for the public, no login: GET /public/audit/head (the current head, the value
// printed notices tell readers to compare) and GET /public/audit/records/{seq}, the one record a
// printed notice cites, so that anyone can recompute its hash (deploy/verify_audit_chain.py).
// Only records of posted notices ("notice.post") are served: their contents are the notice as
// published; every other record answers 404 like an absent one.
#include "api/app.h"
#include "api/handlers/handlers.h"
#include "api/json_io.h"
#include "api/problem.h"

namespace taizhang::api {

namespace {

constexpr std::string_view kPublicAction = "notice.post";

}  // namespace

Response get_public_audit_head(App& app, const Request&, const PathParams&) {
  auto head = app.db().read([](StoreReader& store) -> Result<AuditHead> {
    return store.audit_head();
  });
  if (!head) return problem(head.error());
  Response r = json_response(200, {{"seq", head->seq}, {"hash", head->hash}});
  r.set_header("Cache-Control", "no-store");
  return r;
}

Response get_public_audit_record(App& app, const Request&, const PathParams& params) {
  auto seq = id_param(params, "seq");
  if (!seq) return problem(seq.error());
  auto record = app.db().read([&](StoreReader& store) -> Result<nlohmann::json> {
    auto records = store.audit(*seq - 1, 1);
    if (records.empty() || records.front().seq != *seq ||
        records.front().action != kPublicAction) {
      return fail(ErrorCode::not_found,
                  "no public audit record " + std::to_string(*seq) +
                      " (only the records that posted notices are public)");
    }
    return to_json(records.front());
  });
  if (!record) return problem(record.error());
  return json_response(200, *record);
}

}  // namespace taizhang::api
