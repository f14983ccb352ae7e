// A work item as the API shows it: the stored item plus the names a person needs (stage, unit,
// responsible) and whether it is overdue today (Asia/Shanghai); each milestone with whether it
// is overdue today (open, unreached and past its day).
#pragma once

#include <nlohmann/json.hpp>

#include "engine/items/item.h"
#include "engine/storage/store.h"

namespace taizhang::api {

class App;

nlohmann::json item_json(const App& app, StoreReader& store, const WorkItem& item);
// The ETag of an item version: "\"7\"".
std::string item_etag(const WorkItem& item);

}  // namespace taizhang::api
