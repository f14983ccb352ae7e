#include "api/paging.h"

#include "engine/base/clock.h"

namespace taizhang::api {

Result<PageRequest> page_request(const Request& request, int default_size, int max_size) {
  PageRequest page;
  auto limit = limit_param(request, default_size, max_size);
  if (!limit) return std::unexpected(limit.error());
  page.size = *limit;
  auto c = request.query_param("cursor");
  if (!c || c->empty()) return page;
  if ((*c)[0] == 'd') {
    // "d" + YYYY-MM-DD + an id cursor's digits.
    if (c->size() < 12 || !parse_date(c->substr(1, 10))) {
      return fail(ErrorCode::invalid_field, "cursor is not one this server issued", "cursor");
    }
    auto after = decode_cursor("a" + c->substr(11));
    if (!after) return std::unexpected(after.error());
    page.after_due_key = c->substr(1, 10);
    page.after_id = *after;
    return page;
  }
  auto after = decode_cursor(*c);
  if (!after) return std::unexpected(after.error());
  page.after_id = *after;
  return page;
}

std::string encode_due_cursor(std::string_view due_key, int64_t after_id) {
  return "d" + std::string(due_key) + encode_cursor(after_id).substr(1);
}

}  // namespace taizhang::api
