#include "api/handlers/id_request.h"

namespace taizhang::api {

Result<IdRequest> id_request(App& app, const Request& req, const PathParams& params) {
  auto who = authenticate(app, req);
  if (!who) return std::unexpected(who.error());
  auto id = id_param(params, "id");
  if (!id) return std::unexpected(id.error());
  return IdRequest{std::move(*who), *id};
}

}  // namespace taizhang::api
