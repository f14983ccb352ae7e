// One set of security headers for every answer: the web app's pages allow only the app's own
// scripts; data answers load and run nothing; a page with a stricter policy of its own keeps it.
#include <gtest/gtest.h>

#include "api/security_headers.h"

namespace taizhang::api {
namespace {

std::vector<std::string> values(const Response& r, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& [k, v] : r.headers) {
    if (k == name) out.push_back(v);
  }
  return out;
}

TEST(SecurityHeaders, PagesAllowOnlyTheAppsOwnScriptsAndNoFraming) {
  Response page;
  page.content_type = "text/html; charset=utf-8";
  add_security_headers(page);
  ASSERT_EQ(values(page, "Content-Security-Policy").size(), 1u);
  const std::string csp = values(page, "Content-Security-Policy")[0];
  EXPECT_NE(csp.find("script-src 'self';"), std::string::npos);
  EXPECT_EQ(csp.find("'unsafe-eval'"), std::string::npos);
  EXPECT_EQ(csp.find("script-src 'self' 'unsafe-inline'"), std::string::npos);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(values(page, "X-Content-Type-Options"), std::vector<std::string>{"nosniff"});
  EXPECT_EQ(values(page, "X-Frame-Options"), std::vector<std::string>{"DENY"});
  EXPECT_EQ(values(page, "Referrer-Policy"), std::vector<std::string>{"same-origin"});
}

TEST(SecurityHeaders, DataAnswersRunNothingAndAStricterPolicyIsKept) {
  Response json;
  add_security_headers(json);
  EXPECT_EQ(values(json, "Content-Security-Policy"),
            std::vector<std::string>{"default-src 'none'; frame-ancestors 'none'"});
  EXPECT_EQ(values(json, "X-Content-Type-Options"), std::vector<std::string>{"nosniff"});

  Response notice;
  notice.content_type = "text/html; charset=utf-8";
  notice.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  add_security_headers(notice);
  add_security_headers(notice);  // twice adds nothing
  EXPECT_EQ(values(notice, "Content-Security-Policy"),
            std::vector<std::string>{"default-src 'none'; style-src 'unsafe-inline'"});
  EXPECT_EQ(values(notice, "Referrer-Policy").size(), 1u);
}

}  // namespace
}  // namespace taizhang::api
