// JSON views of notices: the staff view, and the public one, which leaves out everything
// private (who posted, user ids, objection texts — which may name the person who raised them).
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/notice/notice.h"
#include "engine/access/org.h"
#include "engine/storage/store.h"

namespace taizhang::api {

// The public notice as of `today`: contents, funding, period, status, objection counts and the
// notice's own audit record (seq and hash).
nlohmann::json public_notice_json(StoreReader& store, const OrgTree& orgs, const Notice& notice,
                                  std::string_view today);
// The staff view: the public one plus posted_by and every objection.
nlohmann::json staff_notice_json(StoreReader& store, const OrgTree& orgs, const Notice& notice,
                                 std::string_view today);
nlohmann::json objection_json(const Objection& objection);

}  // namespace taizhang::api
