// What a photo says of itself in its EXIF block (libexif): when it was taken and where. The
// position is kept for staff and never shown on a public page. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace taizhang::media {

struct PhotoMetadata {
  // DateTimeOriginal (else DateTime) as "2019-07-20T10:11:12": the camera's local time, with no
  // zone (EXIF 2.2 records none).
  std::optional<std::string> taken_at;
  // GPS latitude and longitude in microdegrees, south and west negative; both or neither.
  std::optional<int64_t> latitude_e6, longitude_e6;
};

// The metadata of a JPEG (or any file whose EXIF libexif can find); empty when it has none or
// it is malformed: a photo without EXIF is still a photo.
PhotoMetadata read_photo_metadata(std::string_view bytes);

}  // namespace taizhang::media
