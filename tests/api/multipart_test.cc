#include <gtest/gtest.h>

#include "api/multipart.h"
#include "tests/support/sample_files.h"

namespace taizhang::api {
namespace {

using taizhang::testing::FormFile;
using taizhang::testing::kBoundary;
using taizhang::testing::multipart_body;

TEST(Multipart, ReadsTheBoundaryQuotedOrNot) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc").value(), "abc");
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data; boundary=\"a b\"").value(), "a b");
  auto json = multipart_boundary("application/json");
  ASSERT_FALSE(json);
  EXPECT_EQ(json.error().code, ErrorCode::unsupported_media_type);
  EXPECT_FALSE(multipart_boundary("multipart/form-data"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'x')));
}

TEST(Multipart, ReadsFieldsAndAFileAsABrowserSendsThem) {
  static constexpr char kPhoto[] = "\xFF\xD8\r\n--not-the-boundary\r\n\0bytes";
  const std::string photo(kPhoto, sizeof kPhoto - 1);  // the NUL inside kept, the final one not
  const std::string body = multipart_body({{"kind", "completion_photo"}},
                                          FormFile{"file", "竣工 照片.jpg", "image/jpeg", photo});
  auto parts = parse_multipart(body, kBoundary);
  ASSERT_TRUE(parts) << parts.error().message;
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "kind");
  EXPECT_FALSE((*parts)[0].filename);
  EXPECT_EQ((*parts)[0].body, "completion_photo");
  EXPECT_EQ((*parts)[1].name, "file");
  EXPECT_EQ((*parts)[1].filename.value(), "竣工 照片.jpg");
  EXPECT_EQ((*parts)[1].content_type, "image/jpeg");
  EXPECT_EQ((*parts)[1].body, photo);
}

TEST(Multipart, RefusesMalformedBodiesAndPassedLimits) {
  const std::string ok = multipart_body({{"kind", "x"}}, std::nullopt);
  EXPECT_TRUE(parse_multipart(ok, kBoundary));
  // Cut short, no boundary, a repeated field, a part without a name, too many parts.
  EXPECT_FALSE(parse_multipart(ok.substr(0, ok.size() - 10), kBoundary));
  EXPECT_FALSE(parse_multipart("hello", kBoundary));
  EXPECT_FALSE(parse_multipart(multipart_body({{"kind", "a"}, {"kind", "b"}}, std::nullopt), kBoundary));
  const std::string dash = std::string("--") + kBoundary;
  EXPECT_FALSE(parse_multipart(dash + "\r\nContent-Type: text/plain\r\n\r\nx\r\n" + dash + "--",
                               kBoundary));
  std::vector<std::pair<std::string, std::string>> many;
  for (int i = 0; i < 9; ++i) many.emplace_back("f" + std::to_string(i), "v");
  EXPECT_FALSE(parse_multipart(multipart_body(many, std::nullopt), kBoundary));
  EXPECT_FALSE(parse_multipart(multipart_body({{std::string(65, 'n'), "v"}}, std::nullopt), kBoundary));
  EXPECT_FALSE(parse_multipart(multipart_body({{"note", std::string(1025, 'v')}}, std::nullopt), kBoundary));
  auto long_name = parse_multipart(
      multipart_body({}, FormFile{"file", std::string(1025, 'a'), "", "x"}), kBoundary);
  ASSERT_FALSE(long_name);
  EXPECT_EQ(long_name.error().field, "name");
}

}  // namespace
}  // namespace taizhang::api
