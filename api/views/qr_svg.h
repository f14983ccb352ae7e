// A QR code as an inline SVG image, for the printable notice: a villager points a phone at the
// paper on the board and opens the notice's public address.
#pragma once

#include <string>
#include <string_view>

namespace taizhang::api {

// The QR code of `text` (byte mode, error correction level M, libqrencode) as one <svg> element
// of dark modules drawn as a single path on a white square with the standard four-module quiet
// zone; `size_mm` is its printed width. Empty when the text does not fit in a QR code (longer
// than about 2,300 bytes at level M) or libqrencode fails.
std::string qr_svg(std::string_view text, int size_mm);

}  // namespace taizhang::api
