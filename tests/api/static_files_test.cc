// The web app's files: served from memory by exact name, so no path leaves the build; gzip twins
// for clients that take them; the app's routes answer index.html, the API's never do.
#include <gtest/gtest.h>

#include <fstream>

#include "api/static_files.h"
#include "tests/support/temp_dir.h"

namespace taizhang::api {
namespace {

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir.file("web/assets"));
    write(dir.file("web/index.html"), "<!doctype html><title>台账</title>");
    write(dir.file("web/assets/app-1a2b.js"), "console.log(1)");
    write(dir.file("web/assets/app-1a2b.js.gz"), "GZIPPED");
    write(dir.file("secret.txt"), "outside the build");
    auto loaded = StaticFiles::load(dir.file("web"));
    ASSERT_TRUE(loaded) << loaded.error().message;
    files = std::move(*loaded);
  }
  std::optional<Response> get(const std::string& path, std::string accept = "") {
    Request r;
    r.method = "GET";
    r.path = path;
    if (!accept.empty()) r.headers["accept-encoding"] = accept;
    return files->serve(r);
  }
  static std::string header(const Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "";
  }
  testing::TempDir dir;
  std::unique_ptr<StaticFiles> files;
};

TEST_F(StaticFilesTest, HashedAssetsAreCachedLongAndIndexIsRevalidated) {
  auto js = get("/assets/app-1a2b.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->body, "console.log(1)");
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(header(*js, "Cache-Control"), "public, max-age=31536000, immutable");
  auto index = get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(header(*index, "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, GzipTwinOnlyForClientsThatAcceptIt) {
  auto plain = get("/assets/app-1a2b.js");
  auto gz = get("/assets/app-1a2b.js", "gzip, deflate, br");
  ASSERT_TRUE(plain && gz);
  EXPECT_EQ(header(*plain, "Content-Encoding"), "");
  EXPECT_EQ(gz->body, "GZIPPED");
  EXPECT_EQ(header(*gz, "Content-Encoding"), "gzip");
  EXPECT_FALSE(get("/assets/app-1a2b.js.gz")) << "a twin is not a file of its own";
}

TEST_F(StaticFilesTest, AppRoutesFallBackToIndexButApiAndMissingFilesDoNot) {
  auto route = get("/items/3");
  ASSERT_TRUE(route);
  EXPECT_NE(route->body.find("台账"), std::string::npos);
  EXPECT_FALSE(get("/api/v1/nothing"));
  EXPECT_FALSE(get("/public/notices/9"));
  EXPECT_FALSE(get("/public/audit/head"));
  EXPECT_FALSE(get("/assets/missing.js"));
}

TEST_F(StaticFilesTest, ThePublicBoardIsAnAppPage) {
  auto board = get("/public/");
  ASSERT_TRUE(board);
  EXPECT_NE(board->body.find("台账"), std::string::npos);
}

TEST_F(StaticFilesTest, NoPathLeavesTheBuild) {
  // Request paths arrive percent-decoded: "%2e%2e/" is "../" here.
  for (const char* path : {"/../secret.txt", "/assets/../../secret.txt", "/..%2fsecret.txt",
                           "/assets\\..\\..\\secret.txt", "//secret.txt"}) {
    auto r = get(path);
    if (r) {
      EXPECT_EQ(r->body.find("outside the build"), std::string::npos) << path;
    }
  }
}

TEST(StaticFilesLoad, ADirectoryWithoutIndexIsRefused) {
  testing::TempDir dir;
  auto loaded = StaticFiles::load(dir.path());
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().field, "web-dir");
}

}  // namespace
}  // namespace taizhang::api
