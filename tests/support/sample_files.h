// Sample evidence files for the tests and the benchmarks, made on the spot: JPEG photos (with
// an EXIF time and GPS position when asked), PNGs, a PDF, and multipart/form-data bodies as a
// browser sends them. Built with libvips and libexif; nothing is read from disk.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace taizhang::testing {

struct PhotoExif {
  std::string taken_at;  // "2019:07:20 10:11:12", EXIF's own form
  double latitude = 0, longitude = 0;  // degrees; south and west negative
};

// A width × height JPEG whose pixels depend on `seed` (different seeds, different bytes).
std::string sample_jpeg(int width, int height, int seed = 0,
                        const std::optional<PhotoExif>& exif = std::nullopt);
std::string sample_png(int width, int height, int seed = 0);
// A photo-like JPEG (a gradient under Gaussian noise, quality 92) that compresses about as
// badly as a phone photo does: 4000 × 3000 (12 megapixels) comes to several megabytes.
std::string sample_noisy_jpeg(int width, int height, int seed = 0);
// A small, well-formed one-page PDF that says `text`.
std::string sample_pdf(const std::string& text = "竣工验收表");

struct FormFile {
  std::string field = "file";
  std::string filename;
  std::string content_type;  // "" leaves the part's Content-Type out
  std::string bytes;
};

inline constexpr const char* kBoundary = "----taizhangFormBoundary7MA4YWxkTrZu0gW";

// A multipart/form-data body of the plain `fields` (name, value) and the file, in that order.
std::string multipart_body(const std::vector<std::pair<std::string, std::string>>& fields,
                           const std::optional<FormFile>& file);
inline std::string multipart_content_type() {
  return std::string("multipart/form-data; boundary=") + kBoundary;
}

}  // namespace taizhang::testing
