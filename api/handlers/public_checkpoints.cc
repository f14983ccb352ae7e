// GET /public/audit/checkpoints?after=&limit= (no login): the public key that signs the audit
// log's checkpoints (engine/audit/checkpoint.h) and the checkpoints in seq order, so that anyone
// can save them and later hold the log to them (a consistency proof from a checkpoint's size to
// today's, GET /public/audit/proof/consistency). `public_key` is null when the server runs
// without a key; the checkpoints stored earlier are served all the same.
#include "api/app.h"
#include "api/handlers/handlers.h"
#include "api/json_io.h"
#include "engine/audit/checkpoint_json.h"
#include "api/problem.h"
#include "engine/audit/checkpoint.h"

namespace taizhang::api {

namespace {

// Checkpoints per page: one every 100 records by default, so a page covers 100,000 records.
constexpr int kCheckpointsPageDefault = 100;
constexpr int kCheckpointsPageMax = 1000;

}  // namespace

Response get_public_audit_checkpoints(App& app, const Request& req, const PathParams&) {
  auto limit = limit_param(req, kCheckpointsPageDefault, kCheckpointsPageMax);
  if (!limit) return problem(limit.error());
  int64_t after = 0;
  if (auto a = req.query_param("after")) {
    auto parsed = parse_int64(*a);
    if (!parsed || *parsed < 0) {
      return problem(ErrorCode::invalid_field, "after must be a sequence number (0 or more)",
                     "after");
    }
    after = *parsed;
  }
  auto page = app.db().read([&](StoreReader& store) -> Result<nlohmann::json> {
    auto checkpoints = store.checkpoints(after, *limit);
    nlohmann::json list = nlohmann::json::array();
    for (const auto& c : checkpoints) list.push_back(checkpoint_json(c));
    nlohmann::json out = {{"public_key", nullptr},
                          {"key_id", nullptr},
                          {"checkpoints", std::move(list)},
                          {"next_after", nullptr}};
    if (!app.checkpoint_public_key().empty()) {
      out["public_key"] = app.checkpoint_public_key();
      out["key_id"] = checkpoint_key_id(app.checkpoint_public_key());
    }
    if (static_cast<int>(checkpoints.size()) == *limit) out["next_after"] = checkpoints.back().seq;
    return out;
  });
  if (!page) return problem(page.error());
  Response r = json_response(200, *page);
  r.set_header("Cache-Control", "no-store");
  return r;
}

}  // namespace taizhang::api
