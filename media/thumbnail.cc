#include "media/thumbnail.h"

#include <vips/vips.h>

#include <memory>
#include <mutex>

namespace taizhang::media {

namespace {

void start_vips() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (VIPS_INIT("taizhang") != 0) return;
    // Every photo is thumbnailed once: caching decoded images would only hold memory.
    vips_cache_set_max(0);
  });
}

struct Unref {
  void operator()(VipsImage* image) const { g_object_unref(image); }
};

}  // namespace

Result<Thumbnail> make_thumbnail(std::string_view photo, int max_pixels) {
  start_vips();
  VipsImage* raw = nullptr;
  // vips_thumbnail_buffer shrinks while decoding (JPEG shrink-on-load), so a 12-megapixel
  // photo is never held whole at full size.
  if (vips_thumbnail_buffer(const_cast<char*>(photo.data()), photo.size(), &raw, max_pixels,
                            "height", max_pixels, nullptr) != 0) {
    vips_error_clear();
    return fail(ErrorCode::unsupported_media_type,
                "the photo cannot be decoded (照片无法解码)");
  }
  std::unique_ptr<VipsImage, Unref> thumb(raw);
  void* buffer = nullptr;
  size_t length = 0;
  if (vips_jpegsave_buffer(thumb.get(), &buffer, &length, "Q", 80, "strip", TRUE, nullptr) != 0) {
    vips_error_clear();
    return fail(ErrorCode::internal, "the thumbnail could not be written");
  }
  Thumbnail out;
  out.jpeg.assign(static_cast<const char*>(buffer), length);
  g_free(buffer);
  // The original's size, read from its header only.
  if (auto size = read_photo_size(photo)) {
    out.width = size->width;
    out.height = size->height;
  }
  return out;
}

Result<PhotoSize> read_photo_size(std::string_view photo) {
  start_vips();
  VipsImage* header = vips_image_new_from_buffer(photo.data(), photo.size(), "", "access",
                                                 VIPS_ACCESS_SEQUENTIAL, nullptr);
  if (!header) {
    vips_error_clear();
    return fail(ErrorCode::unsupported_media_type, "the photo cannot be read (照片无法读取)");
  }
  std::unique_ptr<VipsImage, Unref> image(header);
  return PhotoSize{vips_image_get_width(header), vips_image_get_height(header)};
}

}  // namespace taizhang::media
