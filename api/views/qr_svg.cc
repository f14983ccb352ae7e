#include "api/views/qr_svg.h"

#include <memory>

#include <qrencode.h>

namespace taizhang::api {

namespace {

constexpr int kQuietZoneModules = 4;  // ISO/IEC 18004: a margin of four modules on every side

struct QrFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

std::string qr_svg(std::string_view text, int size_mm) {
  const std::string data(text);
  std::unique_ptr<QRcode, QrFree> code(
      QRcode_encodeData(static_cast<int>(data.size()),
                        reinterpret_cast<const unsigned char*>(data.data()), 0, QR_ECLEVEL_M));
  if (!code) return {};
  const int width = code->width;
  const int side = width + 2 * kQuietZoneModules;
  std::string path;
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      // Bit 0 of each module byte is its colour: 1 is dark.
      if ((code->data[y * width + x] & 1) == 0) continue;
      path += 'M' + std::to_string(x + kQuietZoneModules) + ' ' +
              std::to_string(y + kQuietZoneModules) + "h1v1h-1z";
    }
  }
  const std::string side_text = std::to_string(side);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" role=\"img\" aria-label=\"二维码\" "
         "width=\"" + std::to_string(size_mm) + "mm\" height=\"" + std::to_string(size_mm) +
         "mm\" viewBox=\"0 0 " + side_text + " " + side_text +
         "\" shape-rendering=\"crispEdges\"><rect width=\"" + side_text + "\" height=\"" +
         side_text + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
}

}  // namespace taizhang::api
