#include "api/json_io.h"

#include <charconv>

#include "api/strict_json.h"
#include "engine/base/amount.h"

namespace taizhang::api {

Response json_response(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Result<nlohmann::json> read_object(const Request& request) {
  auto doc = parse_strict_json(request.body);
  if (!doc) return doc;
  if (!doc->is_object()) return fail(ErrorCode::bad_json, "the body must be a JSON object");
  return doc;
}

Result<void> only_fields(const nlohmann::json& obj,
                         std::initializer_list<std::string_view> known) {
  for (auto& [key, value] : obj.items()) {
    bool found = false;
    for (auto k : known) found = found || k == key;
    if (!found) return fail(ErrorCode::invalid_field, "unknown field '" + key + "'", key);
  }
  return {};
}

Result<std::optional<std::string>> string_field(const nlohmann::json& obj, const std::string& key,
                                                bool required, size_t max_bytes) {
  if (!obj.contains(key) || obj[key].is_null()) {
    if (required) return fail(ErrorCode::invalid_field, key + " is required", key);
    return std::optional<std::string>{};
  }
  if (!obj[key].is_string()) return fail(ErrorCode::invalid_field, key + " must be a string", key);
  const auto& s = obj[key].get_ref<const std::string&>();
  if (s.empty() || s.size() > max_bytes) {
    return fail(ErrorCode::invalid_field,
                key + " must be 1 to " + std::to_string(max_bytes) + " bytes", key);
  }
  for (unsigned char c : s) {
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
      return fail(ErrorCode::invalid_field, key + " contains a control character", key);
    }
  }
  return std::optional<std::string>{s};
}

Result<std::string> sole_string_field(const Request& request, const std::string& key,
                                      size_t max_bytes) {
  auto body = read_object(request);
  if (!body) return std::unexpected(body.error());
  if (auto ok = only_fields(*body, {key}); !ok) return std::unexpected(ok.error());
  auto text = string_field(*body, key, true, max_bytes);
  if (!text) return std::unexpected(text.error());
  return **text;
}

Result<std::optional<int64_t>> int_field(const nlohmann::json& obj, const std::string& key,
                                         bool required, int64_t min, int64_t max) {
  if (!obj.contains(key) || obj[key].is_null()) {
    if (required) return fail(ErrorCode::invalid_field, key + " is required", key);
    return std::optional<int64_t>{};
  }
  const auto& v = obj[key];
  if (!v.is_number_integer() ||
      (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))) {
    return fail(ErrorCode::invalid_field, key + " must be an integer", key);
  }
  int64_t n = v.get<int64_t>();
  if (n < min || n > max) {
    return fail(ErrorCode::invalid_field,
                key + " must be between " + std::to_string(min) + " and " + std::to_string(max),
                key);
  }
  return std::optional<int64_t>{n};
}

Result<std::optional<int64_t>> amount_field(const nlohmann::json& obj, bool required) {
  const bool has_fen = obj.contains("amount_fen") && !obj["amount_fen"].is_null();
  const bool has_yuan = obj.contains("amount_yuan") && !obj["amount_yuan"].is_null();
  if (has_fen && has_yuan) {
    return fail(ErrorCode::invalid_field, "send amount_fen or amount_yuan, not both",
                "amount_yuan");
  }
  if (!has_yuan) return int_field(obj, "amount_fen", required, kMinAmountFen, kMaxAmountFen);
  const auto& v = obj["amount_yuan"];
  if (!v.is_string()) {
    return fail(ErrorCode::invalid_field,
                "amount_yuan must be a string such as \"35000.50\", never a JSON number",
                "amount_yuan");
  }
  auto fen = parse_yuan(v.get_ref<const std::string&>(), "amount_yuan");
  if (!fen) return std::unexpected(fen.error());
  return std::optional<int64_t>{*fen};
}

std::optional<int64_t> parse_int64(std::string_view text) {
  int64_t n = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || r.ec != std::errc() || r.ptr != text.data() + text.size()) {
    return std::nullopt;
  }
  return n;
}

Result<int> limit_param(const Request& request, int fallback, int max) {
  auto text = request.query_param("limit");
  if (!text) return fallback;
  auto n = parse_int64(*text);
  if (!n || *n < 1 || *n > max) {
    return fail(ErrorCode::invalid_field, "limit must be 1 to " + std::to_string(max), "limit");
  }
  return static_cast<int>(*n);
}

std::string encode_cursor(int64_t after_id) {
  // Opaque to clients; "a" + base-36 keeps it short and URL-safe.
  std::string digits;
  uint64_t n = static_cast<uint64_t>(after_id);
  do {
    digits.insert(digits.begin(), "0123456789abcdefghijklmnopqrstuvwxyz"[n % 36]);
    n /= 36;
  } while (n);
  return "a" + digits;
}

Result<int64_t> decode_cursor(std::string_view cursor) {
  int64_t n = 0;
  if (cursor.size() < 2 || cursor.size() > 14 || cursor[0] != 'a') {
    return fail(ErrorCode::invalid_field, "cursor is not one this server issued", "cursor");
  }
  auto r = std::from_chars(cursor.data() + 1, cursor.data() + cursor.size(), n, 36);
  if (r.ec != std::errc() || r.ptr != cursor.data() + cursor.size() || n < 0) {
    return fail(ErrorCode::invalid_field, "cursor is not one this server issued", "cursor");
  }
  return n;
}

}  // namespace taizhang::api
