// Parsing request bodies strictly: one JSON document, valid UTF-8, no duplicate keys (which
// parsers disagree on: the first or the last wins), nesting at most kMaxJsonDepth deep. Anything
// else is ErrorCode::bad_json with a message saying what and where.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/base/error.h"

namespace taizhang::api {

inline constexpr int kMaxJsonDepth = 32;

Result<nlohmann::json> parse_strict_json(std::string_view text);

}  // namespace taizhang::api
