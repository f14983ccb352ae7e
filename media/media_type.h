// What a file is, read from its bytes by libmagic — never from its name or the type a client
// declared. Thread-safe (one libmagic handle per thread).
#pragma once

#include <string>
#include <string_view>

namespace taizhang::media {

// The MIME type libmagic reads from the content: "image/jpeg", "image/png", "image/webp",
// "image/heic", "application/pdf", "text/plain", …; "application/octet-stream" when it cannot
// tell (or libmagic cannot start).
std::string sniff_media_type(std::string_view bytes);

}  // namespace taizhang::media
