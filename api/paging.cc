#include "api/paging.h"

namespace taizhang::api {

Result<PageRequest> page_request(const Request& request, int default_size, int max_size) {
  PageRequest page;
  auto limit = limit_param(request, default_size, max_size);
  if (!limit) return std::unexpected(limit.error());
  page.size = *limit;
  if (auto c = request.query_param("cursor")) {
    auto after = decode_cursor(*c);
    if (!after) return std::unexpected(after.error());
    page.after_id = *after;
  }
  return page;
}

}  // namespace taizhang::api
