// A signed checkpoint as it is published: {seq, root, at, signature, key_id}, the fields the
// signature covers and what checks it (GET /public/audit/checkpoints, every notice, and the
// copies pushed beyond the machine: delivery/checkpoint_pusher.h).
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "engine/audit/checkpoint.h"

namespace taizhang {

nlohmann::json checkpoint_json(const Checkpoint& checkpoint);
// null when there is none (no checkpoint was signed yet).
nlohmann::json checkpoint_json(const std::optional<Checkpoint>& checkpoint);

}  // namespace taizhang
