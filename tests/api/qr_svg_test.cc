// The printable notice's QR code: libqrencode's modules drawn as one SVG path.
#include <gtest/gtest.h>

#include <string>

#include "api/views/notice_html.h"
#include "api/views/qr_svg.h"

namespace taizhang::api {
namespace {

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(QrSvg, DrawsTheCodeWithItsQuietZone) {
  const std::string svg = qr_svg("http://127.0.0.1:8080/public/notices/12.html", 30);
  ASSERT_FALSE(svg.empty());
  EXPECT_EQ(svg.rfind("<svg ", 0), 0u);
  EXPECT_NE(svg.find("width=\"30mm\""), std::string::npos);
  // 45 bytes at level M need version 4 (33 modules); plus four modules of margin each side.
  EXPECT_NE(svg.find("viewBox=\"0 0 41 41\""), std::string::npos) << svg.substr(0, 300);
  // The three finder patterns alone have 3 × 33 dark modules; no module sits in the margin.
  EXPECT_GT(count(svg, "h1v1h-1z"), 99u);
  EXPECT_EQ(svg.find("M0 "), std::string::npos);
  EXPECT_EQ(svg.find("M3 "), std::string::npos);
  EXPECT_NE(svg.find("M4 4h1v1h-1z"), std::string::npos) << "the top-left finder's corner";
}

TEST(QrSvg, DifferentAddressesGiveDifferentCodesAndTooLongGivesNone) {
  EXPECT_NE(qr_svg("http://a/public/notices/1.html", 30), qr_svg("http://a/public/notices/2.html", 30));
  EXPECT_EQ(qr_svg(std::string(5000, 'a'), 30), "");
}

TEST(QrSvg, TheNoticePageCarriesItsAddressAndCodeOnlyWhenGiven) {
  const nlohmann::json notice = {{"id", 7}, {"contents", {{"project_name", "道路"}}}};
  const std::string url = "http://example.org/public/notices/7.html?a=<b>";
  const std::string with = render_notice_html(notice, url);
  EXPECT_NE(with.find("<svg "), std::string::npos);
  EXPECT_NE(with.find("http://example.org/public/notices/7.html?a=&lt;b&gt;"), std::string::npos);
  EXPECT_EQ(with.find("a=<b>"), std::string::npos);
  EXPECT_EQ(render_notice_html(notice).find("<svg "), std::string::npos);
}

}  // namespace
}  // namespace taizhang::api
