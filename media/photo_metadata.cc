#include "media/photo_metadata.h"

#include <libexif/exif-data.h>

#include <cmath>
#include <cstring>
#include <memory>

namespace taizhang::media {

namespace {

struct ExifFree {
  void operator()(ExifData* d) const { exif_data_unref(d); }
};

// "2019:07:20 10:11:12" → "2019-07-20T10:11:12"; nullopt for anything else (cameras write
// "    :  :     :  :  " when the clock was never set).
std::optional<std::string> exif_time(ExifEntry* e) {
  if (!e || e->format != EXIF_FORMAT_ASCII || e->size < 19) return std::nullopt;
  std::string t(reinterpret_cast<const char*>(e->data), 19);
  static constexpr const char* kShape = "dddd:dd:dd dd:dd:dd";
  for (size_t i = 0; i < 19; ++i) {
    const bool digit = kShape[i] == 'd';
    if (digit ? (t[i] < '0' || t[i] > '9') : t[i] != kShape[i]) return std::nullopt;
  }
  if (t.starts_with("0000")) return std::nullopt;
  t[4] = '-';
  t[7] = '-';
  t[10] = 'T';
  return t;
}

// Degrees, minutes, seconds (three rationals) and a reference letter → signed microdegrees.
std::optional<int64_t> exif_coordinate(ExifEntry* value, ExifEntry* ref, ExifByteOrder order,
                                       double limit) {
  if (!value || !ref || value->format != EXIF_FORMAT_RATIONAL || value->components != 3 ||
      value->size < 24 || ref->size < 1) {
    return std::nullopt;
  }
  double parts[3];
  for (int i = 0; i < 3; ++i) {
    ExifRational r = exif_get_rational(value->data + 8 * i, order);
    if (r.denominator == 0) return std::nullopt;
    parts[i] = static_cast<double>(r.numerator) / r.denominator;
  }
  double degrees = parts[0] + parts[1] / 60.0 + parts[2] / 3600.0;
  if (!std::isfinite(degrees) || degrees > limit) return std::nullopt;
  const char hemisphere = static_cast<char>(ref->data[0]);
  if (hemisphere == 'S' || hemisphere == 'W') degrees = -degrees;
  else if (hemisphere != 'N' && hemisphere != 'E') return std::nullopt;
  return std::llround(degrees * 1e6);
}

}  // namespace

PhotoMetadata read_photo_metadata(std::string_view bytes) {
  PhotoMetadata out;
  if (bytes.empty() || bytes.size() > UINT32_MAX) return out;
  std::unique_ptr<ExifData, ExifFree> data(exif_data_new_from_data(
      reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<unsigned>(bytes.size())));
  if (!data) return out;
  out.taken_at = exif_time(exif_content_get_entry(data->ifd[EXIF_IFD_EXIF],
                                                  EXIF_TAG_DATE_TIME_ORIGINAL));
  if (!out.taken_at) {
    out.taken_at = exif_time(exif_content_get_entry(data->ifd[EXIF_IFD_0], EXIF_TAG_DATE_TIME));
  }
  ExifContent* gps = data->ifd[EXIF_IFD_GPS];
  const ExifByteOrder order = exif_data_get_byte_order(data.get());
  auto lat = exif_coordinate(exif_content_get_entry(gps, static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE)),
                             exif_content_get_entry(gps, static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE_REF)),
                             order, 90.0);
  auto lon = exif_coordinate(exif_content_get_entry(gps, static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE)),
                             exif_content_get_entry(gps, static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE_REF)),
                             order, 180.0);
  if (lat && lon) {
    out.latitude_e6 = lat;
    out.longitude_e6 = lon;
  }
  return out;
}

}  // namespace taizhang::media
