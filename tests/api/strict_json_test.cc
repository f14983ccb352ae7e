#include <gtest/gtest.h>

#include "api/strict_json.h"

namespace taizhang::api {
namespace {

TEST(StrictJson, ParsesOrdinaryDocuments) {
  auto doc = parse_strict_json(R"({"title":"吉照村","n":[1,2,{"a":null}]})");
  ASSERT_TRUE(doc);
  EXPECT_EQ((*doc)["title"], "吉照村");
  EXPECT_EQ((*doc)["n"][2]["a"], nullptr);
}

TEST(StrictJson, RefusesDuplicateKeysAtAnyDepth) {
  auto top = parse_strict_json(R"({"title":"a","title":"b"})");
  ASSERT_FALSE(top);
  EXPECT_EQ(top.error().code, ErrorCode::bad_json);
  EXPECT_NE(top.error().message.find("duplicate key"), std::string::npos);
  EXPECT_FALSE(parse_strict_json(R"({"fields":{"x":1,"x":2}})"));
  EXPECT_TRUE(parse_strict_json(R"([{"x":1},{"x":2}])"));  // same key in sibling objects is fine
}

TEST(StrictJson, RefusesDeepNestingWithoutRecursing) {
  std::string deep(100000, '[');
  auto r = parse_strict_json(deep + std::string(100000, ']'));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("nested deeper"), std::string::npos);
  std::string ok(kMaxJsonDepth, '[');
  EXPECT_TRUE(parse_strict_json(ok + std::string(kMaxJsonDepth, ']')));
}

TEST(StrictJson, RefusesInvalidUtf8AndTrailingGarbage) {
  EXPECT_FALSE(parse_strict_json("{\"title\":\"\xff\xfe\"}"));
  EXPECT_FALSE(parse_strict_json("{\"title\":\"\xe5\x90\"}"));  // truncated 吉
  EXPECT_FALSE(parse_strict_json(R"({"a":1} {"b":2})"));
  EXPECT_FALSE(parse_strict_json(R"({"a":1,})"));
  EXPECT_FALSE(parse_strict_json(""));
}

}  // namespace
}  // namespace taizhang::api
