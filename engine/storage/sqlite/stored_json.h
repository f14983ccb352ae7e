// JSON columns: how SqliteStore writes and reads them (shared by its implementation files).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/base/json_text.h"
#include "engine/storage/store.h"

namespace taizhang::sqlite {

inline nlohmann::json parse_stored_json(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded()) throw StorageFailure("stored JSON is malformed: " + text->substr(0, 80));
  return j;
}

// For what `audit verify` must judge rather than choke on (audit before/after, item fields):
// text that is not JSON, which only a hand edit of the file can produce, is kept as a JSON
// string, so that the hash or the replay fails and names the record or item.
inline nlohmann::json stored_json_or_text(const std::optional<std::string>& text) {
  return text ? json_or_text(*text) : nlohmann::json(nullptr);
}

inline std::string dump(const nlohmann::json& j) { return json_text(j); }

}  // namespace taizhang::sqlite
