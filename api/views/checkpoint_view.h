// A signed checkpoint as the API shows it: {seq, root, at, signature, key_id}, the fields the
// signature covers and what checks it (GET /public/audit/checkpoints, and on every notice).
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "engine/audit/checkpoint.h"

namespace taizhang::api {

nlohmann::json checkpoint_json(const Checkpoint& checkpoint);
// null when there is none (no checkpoint was signed yet).
nlohmann::json checkpoint_json(const std::optional<Checkpoint>& checkpoint);

}  // namespace taizhang::api
