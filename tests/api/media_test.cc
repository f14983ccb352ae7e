// The media adapters on real files: the type read from content (libmagic), EXIF time and GPS
// position (libexif), thumbnails (libvips), and a ZIP (libzip) read back (minizip).
#include <gtest/gtest.h>

#include <minizip/unzip.h>

#include <filesystem>
#include <fstream>

#include "media/media_type.h"
#include "media/photo_metadata.h"
#include "media/thumbnail.h"
#include "media/zip_archive.h"
#include "tests/support/sample_files.h"
#include "tests/support/temp_dir.h"

namespace taizhang::media {
namespace {

using namespace taizhang::testing;

TEST(Media, ReadsTheTypeFromTheContent) {
  EXPECT_EQ(sniff_media_type(sample_jpeg(64, 48)), "image/jpeg");
  EXPECT_EQ(sniff_media_type(sample_png(64, 48)), "image/png");
  EXPECT_EQ(sniff_media_type(sample_pdf()), "application/pdf");
  EXPECT_EQ(sniff_media_type("plain words, not a photo\n"), "text/plain");
  EXPECT_EQ(sniff_media_type(""), "application/octet-stream");
}

TEST(Media, ReadsExifTimeAndPosition) {
  // 吉照村, 融安县: about 25.2° N, 109.4° E.
  auto photo = sample_jpeg(64, 48, 1, PhotoExif{"2019:07:20 10:11:12", 25.216, 109.402});
  EXPECT_EQ(sniff_media_type(photo), "image/jpeg");
  PhotoMetadata meta = read_photo_metadata(photo);
  EXPECT_EQ(meta.taken_at, "2019-07-20T10:11:12");
  ASSERT_TRUE(meta.latitude_e6 && meta.longitude_e6);
  EXPECT_NEAR(static_cast<double>(*meta.latitude_e6), 25'216'000, 2);
  EXPECT_NEAR(static_cast<double>(*meta.longitude_e6), 109'402'000, 2);
  auto south_west = read_photo_metadata(sample_jpeg(8, 8, 2, PhotoExif{"2020:01:02 03:04:05", -33.5, -70.25}));
  EXPECT_NEAR(static_cast<double>(south_west.latitude_e6.value()), -33'500'000, 2);
  EXPECT_NEAR(static_cast<double>(south_west.longitude_e6.value()), -70'250'000, 2);
  EXPECT_FALSE(read_photo_metadata(sample_jpeg(8, 8)).taken_at);
  EXPECT_FALSE(read_photo_metadata("not a jpeg").latitude_e6);
}

TEST(Media, ThumbnailsFitIn320PixelsAndCarryNoExif) {
  auto photo = sample_jpeg(1200, 900, 3, PhotoExif{"2019:07:20 10:11:12", 25.2, 109.4});
  auto thumb = make_thumbnail(photo);
  ASSERT_TRUE(thumb) << thumb.error().message;
  EXPECT_EQ(thumb->width, 1200);
  EXPECT_EQ(thumb->height, 900);
  EXPECT_EQ(sniff_media_type(thumb->jpeg), "image/jpeg");
  auto again = make_thumbnail(thumb->jpeg, 1000);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->width, 320);
  EXPECT_EQ(again->height, 240);
  EXPECT_FALSE(read_photo_metadata(thumb->jpeg).latitude_e6) << "the position must not leak";
  auto broken = make_thumbnail(photo.substr(0, 200));
  EXPECT_FALSE(broken);
}

TEST(Media, APhotosSizeIsReadFromItsHeaderAlone) {
  auto photo = sample_jpeg(1200, 900, 3);
  auto size = read_photo_size(photo);
  ASSERT_TRUE(size) << size.error().message;
  EXPECT_EQ(size->width, 1200);
  EXPECT_EQ(size->height, 900);
  auto none = read_photo_size("not a photo at all");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, taizhang::ErrorCode::unsupported_media_type);
}

TEST(Media, WritesAZipThatReadsBack) {
  TempDir dir;
  const std::string photo = sample_jpeg(32, 32);
  { std::ofstream(dir.file("p.jpg"), std::ios::binary) << photo; }
  ASSERT_TRUE(write_zip(dir.file("a.zip"), {{"档案/竣工照片.jpg", dir.file("p.jpg"), ""},
                                            {"manifest.json", "", "{\"files\":[]}"}}));
  // Read back by another implementation (minizip) than the writer's (libzip).
  unzFile z = unzOpen64(dir.file("a.zip").c_str());
  ASSERT_NE(z, nullptr);
  unz_global_info64 global{};
  ASSERT_EQ(unzGetGlobalInfo64(z, &global), UNZ_OK);
  EXPECT_EQ(global.number_entry, 2u);
  ASSERT_EQ(unzLocateFile(z, "档案/竣工照片.jpg", 1), UNZ_OK);
  unz_file_info64 info{};
  ASSERT_EQ(unzGetCurrentFileInfo64(z, &info, nullptr, 0, nullptr, 0, nullptr, 0), UNZ_OK);
  EXPECT_EQ(info.uncompressed_size, photo.size());
  unzClose(z);
  EXPECT_FALSE(write_zip(dir.file("a.zip"), {}));  // exists already
  EXPECT_FALSE(write_zip(dir.file("b.zip"), {{"x", dir.file("missing.jpg"), ""}}));
  EXPECT_FALSE(std::filesystem::exists(dir.file("b.zip")));
}

}  // namespace
}  // namespace taizhang::media
