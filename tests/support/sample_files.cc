#include "tests/support/sample_files.h"

#include <libexif/exif-data.h>
#include <vips/vips.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <stdexcept>

namespace taizhang::testing {

namespace {

void start_vips() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (VIPS_INIT("taizhang-tests") != 0) throw std::runtime_error("libvips did not start");
  });
}

// A seeded RGB image: a gradient shifted by the seed, so that each seed differs in every block.
VipsImage* seeded_image(int width, int height, int seed) {
  start_vips();
  // vips_xyz gives two bands, x and y; a third (x again) makes RGB.
  VipsImage *xyz = nullptr, *x = nullptr, *bands = nullptr, *shifted = nullptr, *bytes = nullptr;
  auto check = [](int rc) {
    if (rc != 0) throw std::runtime_error(vips_error_buffer());
  };
  check(vips_xyz(&xyz, width, height, nullptr));
  check(vips_extract_band(xyz, &x, 0, nullptr));
  VipsImage* parts[2] = {xyz, x};
  check(vips_bandjoin(parts, &bands, 2, nullptr));
  double scale[3] = {255.0 / width, 255.0 / height, 127.0 / width};
  double offset[3] = {static_cast<double>(seed % 97), static_cast<double>((seed * 7) % 89),
                      static_cast<double>((seed * 13) % 83)};
  check(vips_linear(bands, &shifted, scale, offset, 3, nullptr));
  check(vips_cast_uchar(shifted, &bytes, nullptr));
  g_object_unref(xyz);
  g_object_unref(x);
  g_object_unref(bands);
  g_object_unref(shifted);
  return bytes;
}

std::string saved(VipsImage* image, bool png) {
  void* buffer = nullptr;
  size_t length = 0;
  int rc = png ? vips_pngsave_buffer(image, &buffer, &length, nullptr)
               : vips_jpegsave_buffer(image, &buffer, &length, "Q", 90, nullptr);
  g_object_unref(image);
  if (rc != 0) throw std::runtime_error(vips_error_buffer());
  std::string out(static_cast<const char*>(buffer), length);
  g_free(buffer);
  return out;
}

ExifEntry* new_entry(ExifData* data, ExifIfd ifd, ExifTag tag, ExifFormat format,
                     unsigned long components) {
  ExifEntry* e = exif_entry_new();
  e->tag = tag;
  e->format = format;
  e->components = components;
  e->size = exif_format_get_size(format) * components;
  e->data = static_cast<unsigned char*>(std::calloc(1, e->size));
  exif_content_add_entry(data->ifd[ifd], e);
  exif_entry_unref(e);
  return e;
}

void set_ascii(ExifData* data, ExifIfd ifd, ExifTag tag, const std::string& text) {
  ExifEntry* e = new_entry(data, ifd, tag, EXIF_FORMAT_ASCII, text.size() + 1);
  std::memcpy(e->data, text.c_str(), text.size() + 1);
}

void set_coordinate(ExifData* data, ExifTag value_tag, ExifTag ref_tag, double degrees,
                    char positive, char negative) {
  set_ascii(data, EXIF_IFD_GPS, ref_tag, std::string(1, degrees < 0 ? negative : positive));
  double d = std::fabs(degrees);
  const auto whole = static_cast<uint32_t>(d);
  const double minutes = (d - whole) * 60;
  const auto whole_minutes = static_cast<uint32_t>(minutes);
  const auto seconds_e4 = static_cast<uint32_t>(std::llround((minutes - whole_minutes) * 60 * 1e4));
  ExifEntry* e = new_entry(data, EXIF_IFD_GPS, value_tag, EXIF_FORMAT_RATIONAL, 3);
  const ExifByteOrder order = exif_data_get_byte_order(data);
  exif_set_rational(e->data, order, {whole, 1});
  exif_set_rational(e->data + 8, order, {whole_minutes, 1});
  exif_set_rational(e->data + 16, order, {seconds_e4, 10000});
}

// The JPEG with an APP1 Exif segment put right after its SOI marker.
std::string with_exif(const std::string& jpeg, const PhotoExif& exif) {
  ExifData* data = exif_data_new();
  exif_data_set_byte_order(data, EXIF_BYTE_ORDER_INTEL);
  set_ascii(data, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL, exif.taken_at);
  set_coordinate(data, static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE),
                 static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE_REF), exif.latitude, 'N', 'S');
  set_coordinate(data, static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE),
                 static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE_REF), exif.longitude, 'E', 'W');
  unsigned char* block = nullptr;
  unsigned int size = 0;
  exif_data_save_data(data, &block, &size);
  exif_data_unref(data);
  if (!block || size + 2 > 0xFFFF) throw std::runtime_error("EXIF block not made");
  std::string segment = "\xFF\xE1";
  segment += static_cast<char>(((size + 2) >> 8) & 0xFF);
  segment += static_cast<char>((size + 2) & 0xFF);
  segment.append(reinterpret_cast<const char*>(block), size);
  std::free(block);
  return jpeg.substr(0, 2) + segment + jpeg.substr(2);
}

}  // namespace

std::string sample_jpeg(int width, int height, int seed, const std::optional<PhotoExif>& exif) {
  std::string jpeg = saved(seeded_image(width, height, seed), false);
  return exif ? with_exif(jpeg, *exif) : jpeg;
}

std::string sample_noisy_jpeg(int width, int height, int seed) {
  VipsImage* base = seeded_image(width, height, seed);
  VipsImage *noise = nullptr, *noisy = nullptr, *bytes = nullptr;
  if (vips_gaussnoise(&noise, width, height, "sigma", 40.0, "mean", 0.0, "seed", seed, nullptr) != 0) {
    g_object_unref(base);
    throw std::runtime_error(vips_error_buffer());
  }
  if (vips_add(base, noise, &noisy, nullptr) == 0) vips_cast_uchar(noisy, &bytes, nullptr);
  g_object_unref(base);
  g_object_unref(noise);
  if (noisy) g_object_unref(noisy);
  if (!bytes) throw std::runtime_error(vips_error_buffer());
  void* buffer = nullptr;
  size_t length = 0;
  int rc = vips_jpegsave_buffer(bytes, &buffer, &length, "Q", 92, nullptr);
  g_object_unref(bytes);
  if (rc != 0) throw std::runtime_error(vips_error_buffer());
  std::string out(static_cast<const char*>(buffer), length);
  g_free(buffer);
  return out;
}

std::string sample_png(int width, int height, int seed) {
  return saved(seeded_image(width, height, seed), true);
}

std::string sample_pdf(const std::string& text) {
  // Objects 1–4, then a cross-reference table with each object's byte offset.
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
  };
  const std::string stream = "% " + text + "\nBT ET\n";
  objects.push_back("<< /Length " + std::to_string(stream.size()) + " >>\nstream\n" + stream +
                    "endstream");
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char line[21];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

std::string multipart_body(const std::vector<std::pair<std::string, std::string>>& fields,
                           const std::optional<FormFile>& file) {
  const std::string dash = std::string("--") + kBoundary;
  std::string body;
  for (const auto& [name, value] : fields) {
    body += dash + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value +
            "\r\n";
  }
  if (file) {
    body += dash + "\r\nContent-Disposition: form-data; name=\"" + file->field +
            "\"; filename=\"" + file->filename + "\"\r\n";
    if (!file->content_type.empty()) body += "Content-Type: " + file->content_type + "\r\n";
    body += "\r\n" + file->bytes + "\r\n";
  }
  return body + dash + "--\r\n";
}

}  // namespace taizhang::testing
