#include <gtest/gtest.h>

#include "engine/workflow/field_declaration.h"

namespace taizhang {
namespace {

FieldDeclaration declared(FieldType type, std::vector<std::string> options = {}) {
  return FieldDeclaration{"x", "某字段", type, std::move(options), ""};
}

bool accepts(const FieldDeclaration& decl, const nlohmann::json& value) {
  return check_field_value(decl, value, "fields.x").has_value();
}

TEST(FieldDeclaration, TypeNamesRoundTrip) {
  for (auto t : {FieldType::text, FieldType::integer, FieldType::amount_fen, FieldType::date,
                 FieldType::choice, FieldType::boolean}) {
    EXPECT_EQ(parse_field_type(to_string(t)), t);
  }
  EXPECT_EQ(parse_field_type("float"), std::nullopt);
}

TEST(FieldDeclaration, NullClearsAnyField) {
  for (auto t : {FieldType::text, FieldType::integer, FieldType::amount_fen, FieldType::date,
                 FieldType::boolean}) {
    EXPECT_TRUE(accepts(declared(t), nullptr));
  }
  EXPECT_TRUE(accepts(declared(FieldType::choice, {"C", "D"}), nullptr));
}

TEST(FieldDeclaration, TextIsAStringOfBoundedLength) {
  auto d = declared(FieldType::text);
  EXPECT_TRUE(accepts(d, "韦某某"));
  EXPECT_FALSE(accepts(d, 5));
  EXPECT_FALSE(accepts(d, nlohmann::json::array({"a"})));
  EXPECT_TRUE(accepts(d, std::string(kMaxFieldTextBytes, 'a')));
  EXPECT_FALSE(accepts(d, std::string(kMaxFieldTextBytes + 1, 'a')));
}

TEST(FieldDeclaration, IntegerRefusesDecimalsAndStrings) {
  auto d = declared(FieldType::integer);
  EXPECT_TRUE(accepts(d, 1800));
  EXPECT_TRUE(accepts(d, -3));
  EXPECT_FALSE(accepts(d, 1.5));
  EXPECT_FALSE(accepts(d, 1800.0));
  EXPECT_FALSE(accepts(d, "1800"));
  EXPECT_FALSE(accepts(d, true));
}

TEST(FieldDeclaration, AmountIsWholeFenWithinTheCeiling) {
  auto d = declared(FieldType::amount_fen);
  EXPECT_TRUE(accepts(d, 0));
  EXPECT_TRUE(accepts(d, 3500000));
  EXPECT_TRUE(accepts(d, int64_t{10'000'000'000'000}));
  EXPECT_FALSE(accepts(d, int64_t{10'000'000'000'001}));
  EXPECT_FALSE(accepts(d, -1));
  EXPECT_FALSE(accepts(d, uint64_t{18446744073709551615u}));
  EXPECT_FALSE(accepts(d, 35000.5));
  EXPECT_FALSE(accepts(d, "35000"));
}

TEST(FieldDeclaration, DateIsARealCalendarDayInRange) {
  auto d = declared(FieldType::date);
  EXPECT_TRUE(accepts(d, "2019-07-31"));
  EXPECT_FALSE(accepts(d, "2019-02-29"));
  EXPECT_FALSE(accepts(d, "0000-01-01"));
  EXPECT_FALSE(accepts(d, "2019/07/31"));
  EXPECT_FALSE(accepts(d, "7月底前"));
  EXPECT_FALSE(accepts(d, 20190731));
}

TEST(FieldDeclaration, ChoiceIsOneOfItsOptions) {
  auto d = declared(FieldType::choice, {"C", "D"});
  EXPECT_TRUE(accepts(d, "C"));
  EXPECT_TRUE(accepts(d, "D"));
  EXPECT_FALSE(accepts(d, "E"));
  EXPECT_FALSE(accepts(d, "c"));
  EXPECT_FALSE(accepts(d, 1));
  auto refused = check_field_value(d, "E", "fields.x");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::invalid_field);
  EXPECT_EQ(refused.error().field, "fields.x");
  EXPECT_NE(refused.error().message.find("C, D"), std::string::npos) << refused.error().message;
}

TEST(FieldDeclaration, BooleanIsTrueOrFalse) {
  auto d = declared(FieldType::boolean);
  EXPECT_TRUE(accepts(d, true));
  EXPECT_TRUE(accepts(d, false));
  EXPECT_FALSE(accepts(d, "是"));
  EXPECT_FALSE(accepts(d, 1));
}

TEST(FieldDeclaration, RefusalNamesKeyAndLabel) {
  auto refused = check_field_value(declared(FieldType::integer), "many", "fields.x");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("某字段"), std::string::npos);
}

}  // namespace
}  // namespace taizhang
