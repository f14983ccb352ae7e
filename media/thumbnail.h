// Photos made small (libvips): a 320-pixel thumbnail for the dossier panel and the printed
// 一户一档 page, turned upright by its EXIF orientation and stripped of every metadata block (no
// GPS position leaves in a thumbnail). Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/base/error.h"

namespace taizhang::media {

inline constexpr int kThumbnailPixels = 320;  // the longer side, at most

struct Thumbnail {
  std::string jpeg;
  int64_t width = 0, height = 0;  // of the original photo
};

// Decodes the photo and returns its thumbnail (JPEG, quality 80) and its own size.
// unsupported_media_type when libvips cannot decode it (a HEIC photo where libheif is missing,
// a truncated file).
Result<Thumbnail> make_thumbnail(std::string_view photo, int max_pixels = kThumbnailPixels);

struct PhotoSize {
  int64_t width = 0, height = 0;
};

// The photo's size from its header alone, without decoding its pixels: what an upload needs to
// know at once. unsupported_media_type when libvips cannot read the header.
Result<PhotoSize> read_photo_size(std::string_view photo);

}  // namespace taizhang::media
