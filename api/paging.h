// Keyset paging, the same on every list: `limit` (1..max, default per list) and an opaque
// `cursor`; the answer carries the page under its key and `next_cursor` (null on the last page).
// The store is asked for one row more than the page: its presence tells that a next page exists.
#pragma once

#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/http.h"
#include "api/json_io.h"
#include "engine/base/error.h"

namespace taizhang::api {

struct PageRequest {
  int size = 50;              // rows on the page
  int64_t after_id = 0;       // from the cursor
  std::string after_due_key;  // from a cursor of a list sorted by due date
  int fetch() const { return size + 1; }  // what to ask the store for
};

Result<PageRequest> page_request(const Request& request, int default_size, int max_size);

// The cursor of a list sorted by (due key, id): "d" + the date + the id in base 36.
std::string encode_due_cursor(std::string_view due_key, int64_t after_id);

// {key: [to_json(row)…], "next_cursor": …} from the rows the store returned for `page`.
template <typename Row, typename ToJson>
nlohmann::json page_json(const char* key, const std::vector<Row>& rows, const PageRequest& page,
                         ToJson&& to_json) {
  nlohmann::json out = {{key, nlohmann::json::array()}, {"next_cursor", nullptr}};
  const size_t size = static_cast<size_t>(page.size);
  for (size_t i = 0; i < rows.size() && i < size; ++i) out[key].push_back(to_json(rows[i]));
  if (rows.size() > size) out["next_cursor"] = encode_cursor(rows[size - 1].id);
  return out;
}

}  // namespace taizhang::api
