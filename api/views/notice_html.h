// The printable public notice (公告公示): one public notice JSON document in, one self-contained
// A4 HTML page out. Every string taken from the notice is escaped, because notices are posted by
// many hands and read by the public: whatever was typed must show as text, never act as markup.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace taizhang::api {

// `text` safe to place in HTML text or in a quoted attribute value: & < > " ' become entities.
// Valid UTF-8 is kept as is; each ill-formed sequence becomes one U+FFFD (the "maximal subpart"
// rule browsers use), so the page is always valid UTF-8.
std::string html_escape(std::string_view text);

// Fen as yuan with thousands separators and two decimals: 123456789 → "1,234,567.89 元",
// 0 → "0.00 元", -150 → "-1.50 元".
std::string format_yuan(int64_t fen);

// The complete HTML5 page for a public notice as described in the API contract (GET
// /public/notices/{id}.html). Never throws on odd input: missing or null keys show as "—", and
// values of an unexpected type show as their JSON text. `public_url`, the page's own public
// address, is printed beside its QR code so a phone can open the notice from the paper; empty:
// neither is printed.
std::string render_notice_html(const nlohmann::json& notice, std::string_view public_url = {});

}  // namespace taizhang::api
