#include "api/security_headers.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace taizhang::api {

namespace {

bool has_header(const Response& r, std::string_view name) {
  return std::any_of(r.headers.begin(), r.headers.end(), [&](const auto& h) {
    return std::equal(h.first.begin(), h.first.end(), name.begin(), name.end(),
                      [](char a, char b) {
                        return std::tolower(static_cast<unsigned char>(a)) ==
                               std::tolower(static_cast<unsigned char>(b));
                      });
  });
}

void set_once(Response& r, std::string_view name, std::string_view value) {
  if (!has_header(r, name)) r.set_header(std::string(name), std::string(value));
}

}  // namespace

void add_security_headers(Response& r) {
  const bool page = r.content_type.starts_with("text/html");
  set_once(r, "Content-Security-Policy", page ? kAppPagePolicy : kDataPolicy);
  set_once(r, "X-Content-Type-Options", "nosniff");
  set_once(r, "X-Frame-Options", "DENY");
  set_once(r, "Referrer-Policy", "same-origin");
}

}  // namespace taizhang::api
