#include "engine/workflow/field_declaration.h"

#include "engine/base/amount.h"
#include "engine/base/clock.h"

namespace taizhang {

namespace {

constexpr std::pair<FieldType, std::string_view> kTypeNames[] = {
    {FieldType::text, "text"},           {FieldType::integer, "integer"},
    {FieldType::amount_fen, "amount_fen"}, {FieldType::date, "date"},
    {FieldType::choice, "choice"},       {FieldType::boolean, "boolean"},
};

std::string named(const FieldDeclaration& decl) { return decl.key + " (" + decl.label + ")"; }

}  // namespace

std::string_view to_string(FieldType type) {
  for (const auto& [t, name] : kTypeNames) {
    if (t == type) return name;
  }
  return "text";
}

std::optional<FieldType> parse_field_type(std::string_view text) {
  for (const auto& [t, name] : kTypeNames) {
    if (name == text) return t;
  }
  return std::nullopt;
}

nlohmann::json FieldDeclaration::to_json() const {
  nlohmann::json j = {{"key", key}, {"label", label}, {"type", to_string(type)}};
  if (type == FieldType::choice) j["options"] = options;
  j["help"] = help.empty() ? nlohmann::json(nullptr) : nlohmann::json(help);
  return j;
}

Result<void> check_field_value(const FieldDeclaration& decl, const nlohmann::json& value,
                               const std::string& path) {
  if (value.is_null()) return {};
  auto wrong = [&](const std::string& what) {
    return fail(ErrorCode::invalid_field, named(decl) + " must be " + what, path);
  };
  switch (decl.type) {
    case FieldType::text:
      if (!value.is_string()) return wrong("text");
      if (value.get_ref<const std::string&>().size() > kMaxFieldTextBytes) {
        return wrong("at most 4096 bytes of text");
      }
      return {};
    case FieldType::integer:
      // Decimals are refused rather than rounded: a float never stands for a count or money.
      if (!value.is_number_integer()) return wrong("an integer");
      return {};
    case FieldType::amount_fen: {
      if (!value.is_number_integer()) return wrong("an integer number of fen");
      if (value.is_number_unsigned() && value.get<uint64_t>() > uint64_t(kMaxAmountFen)) {
        return wrong("0 to 10^13 fen");
      }
      const int64_t fen = value.get<int64_t>();
      if (fen < 0 || fen > kMaxAmountFen) return wrong("0 to 10^13 fen");
      return {};
    }
    case FieldType::date: {
      if (!value.is_string() || !parse_date(value.get_ref<const std::string&>())) {
        return wrong(std::string(kDateRule));
      }
      return {};
    }
    case FieldType::choice: {
      if (value.is_string()) {
        for (const auto& option : decl.options) {
          if (value.get_ref<const std::string&>() == option) return {};
        }
      }
      std::string list;
      for (const auto& option : decl.options) list += (list.empty() ? "" : ", ") + option;
      return wrong("one of: " + list);
    }
    case FieldType::boolean:
      if (!value.is_boolean()) return wrong("true or false");
      return {};
  }
  return wrong("a known type");
}

}  // namespace taizhang
