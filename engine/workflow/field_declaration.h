// The item fields a workflow declares: what the forms are made from and what the API accepts.
// Every key an item of the workflow may hold is declared with its Chinese label and its type;
// an undeclared key or a value of the wrong type is refused as invalid_field naming it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/base/error.h"

namespace taizhang {

enum class FieldType {
  text,        // a string, at most kMaxFieldTextBytes
  integer,     // a JSON integer (counts, metres, households)
  amount_fen,  // money: a JSON integer of fen, 0 to kMaxAmountFen
  date,        // "YYYY-MM-DD", a real date between 2000 and 2100
  choice,      // one of `options`
  boolean,     // true or false (是/否)
};

inline constexpr size_t kMaxFieldTextBytes = 4096;

std::string_view to_string(FieldType type);
std::optional<FieldType> parse_field_type(std::string_view text);

struct FieldDeclaration {
  std::string key;    // like `household_id`
  std::string label;  // what the user reads: 农户编号
  FieldType type = FieldType::text;
  std::vector<std::string> options;  // for choice: the allowed values, in display order
  std::string help;                  // optional hint under the input

  nlohmann::json to_json() const;
};

// Checks one value against its declaration. null is always accepted: it clears the field.
// Errors are invalid_field at `path` (e.g. "fields.danger_grade"), the message naming the label.
Result<void> check_field_value(const FieldDeclaration& decl, const nlohmann::json& value,
                               const std::string& path);

}  // namespace taizhang
