#include "engine/evidence/attachment.h"

#include <array>

namespace taizhang {

namespace {

struct AllowedType {
  std::string_view media_type;
  std::string_view extension;
};

constexpr std::array<AllowedType, 6> kAllowed{{
    {"image/jpeg", ".jpg"},
    {"image/png", ".png"},
    {"image/webp", ".webp"},
    {"image/heic", ".heic"},
    {"image/heif", ".heif"},
    {"application/pdf", ".pdf"},
}};

nlohmann::json opt(const auto& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

// Whether `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF).
bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    uint32_t cp = 0;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; }
    else return false;
    for (size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return false;
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000)) return false;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

}  // namespace

nlohmann::json snapshot(const Attachment& a) {
  return {{"id", a.id},
          {"item_id", a.item_id},
          {"kind", a.kind},
          {"stage", a.stage},
          {"sha256", a.sha256},
          {"size_bytes", a.size_bytes},
          {"media_type", a.media_type},
          {"name", a.name},
          {"width", opt(a.width)},
          {"height", opt(a.height)},
          {"taken_at", opt(a.taken_at)},
          {"latitude_e6", opt(a.latitude_e6)},
          {"longitude_e6", opt(a.longitude_e6)},
          {"notice_id", opt(a.notice_id)},
          {"entry_id", opt(a.entry_id)},
          {"history_id", opt(a.history_id)},
          {"uploaded_at", a.uploaded_at},
          {"uploaded_by", a.uploaded_by},
          {"withdrawn_at", opt(a.withdrawn_at)},
          {"withdrawn_by", opt(a.withdrawn_by)},
          {"withdrawal_reason", opt(a.withdrawal_reason)}};
}

bool allowed_media_type(std::string_view media_type) { return !extension_for(media_type).empty(); }

std::string_view allowed_media_types_text() {
  return "JPEG, PNG, WebP, HEIC photos and PDF documents (JPEG、PNG、WebP、HEIC 照片和 PDF 文件)";
}

std::string_view extension_for(std::string_view media_type) {
  for (const auto& t : kAllowed) {
    if (t.media_type == media_type) return t.extension;
  }
  return "";
}

Result<std::string> clean_attachment_name(std::string_view sent) {
  auto bad = [](std::string why) {
    return fail(ErrorCode::invalid_field, "file name " + why, "name");
  };
  if (!valid_utf8(sent)) return bad("is not UTF-8 (文件名编码无效)");
  for (char c : sent) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return bad("holds a control character (文件名含控制字符)");
  }
  const auto slash = sent.find_last_of("/\\");
  std::string_view base = slash == std::string_view::npos ? sent : sent.substr(slash + 1);
  const auto first = base.find_first_not_of(' ');
  if (first == std::string_view::npos) return bad("is empty (缺少文件名)");
  base = base.substr(first, base.find_last_not_of(' ') - first + 1);
  if (base == "." || base == "..") return bad("is not a file name (文件名无效)");
  if (base.size() > kMaxAttachmentNameBytes) {
    return bad("exceeds " + std::to_string(kMaxAttachmentNameBytes) + " bytes (文件名过长)");
  }
  return std::string(base);
}

}  // namespace taizhang
