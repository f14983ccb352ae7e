// Reading request JSON and writing JSON responses. Every accessor reports the offending field by
// name (ErrorCode::invalid_field), and bodies with fields the endpoint does not know are refused
// rather than silently ignored: a misspelt field should not vanish.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/http.h"
#include "engine/base/error.h"

namespace taizhang::api {

Response json_response(int status, const nlohmann::json& body);

// The body as a JSON object (strict parsing, see strict_json.h).
Result<nlohmann::json> read_object(const Request& request);

Result<void> only_fields(const nlohmann::json& obj, std::initializer_list<std::string_view> known);

// A string field: present (if required), a string, 1..max_bytes bytes, no control characters
// other than tab/newline.
Result<std::optional<std::string>> string_field(const nlohmann::json& obj, const std::string& key,
                                                bool required, size_t max_bytes);
// A body that is one object holding the required string field `key` and nothing else, such as
// {"reason": "…"}: read_object's, only_fields' and string_field's errors.
Result<std::string> sole_string_field(const Request& request, const std::string& key,
                                      size_t max_bytes);
// An integer field (JSON integer, not 1.0 or "1") within [min, max].
Result<std::optional<int64_t>> int_field(const nlohmann::json& obj, const std::string& key,
                                         bool required, int64_t min, int64_t max);

// An amount, sent either as `amount_fen` (a JSON integer of fen) or as `amount_yuan` (a string of
// 元 with at most two decimals, read by parse_yuan: never through a float); exactly one of the
// two. Within [kMinAmountFen, kMaxAmountFen]; invalid_field naming the key sent otherwise, or
// `amount_fen` when neither is (and the amount is required).
Result<std::optional<int64_t>> amount_field(const nlohmann::json& obj, bool required);

// A whole string of decimal digits (optionally a leading '-') as an integer; nullopt for
// anything else: empty, spaces, signs like '+', trailing text, overflow.
std::optional<int64_t> parse_int64(std::string_view text);

// Query parameter helpers: `limit` within [1, max] (default `fallback`).
Result<int> limit_param(const Request& request, int fallback, int max);
// Opaque keyset cursors: the id after which the next page starts.
std::string encode_cursor(int64_t after_id);
Result<int64_t> decode_cursor(std::string_view cursor);

}  // namespace taizhang::api
