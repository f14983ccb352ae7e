#include "api/framing.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace taizhang::api {

namespace {

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool all_digits(std::string_view s) {
  return !s.empty() && s.size() <= 19 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

FramingProblem bad(std::string message) {
  return FramingProblem{ProtocolError::bad_request, std::move(message)};
}

}  // namespace

std::optional<FramingProblem> framing_problem(unsigned version, std::span<const HeadField> fields) {
  int hosts = 0;
  std::optional<std::string_view> length;
  std::vector<std::string_view> codings;  // every Transfer-Encoding list element, in order
  bool has_transfer_encoding = false;
  for (const HeadField& f : fields) {
    if (same_name(f.name, "host")) {
      ++hosts;
    } else if (same_name(f.name, "content-length")) {
      // A list ("5, 5") or repeated fields are one length only if every element is the same.
      // Every element counts, an empty one too ("5," is refused): a peer that reads the list
      // another way must not find a second framing in it.
      size_t start = 0;
      for (;;) {
        const size_t comma = f.value.find(',', start);
        std::string_view element = trim(f.value.substr(start, comma - start));
        if (!all_digits(element)) return bad("Content-Length must be a decimal number");
        // Leading zeros name the same length; compare the numbers, not the text.
        while (element.size() > 1 && element.front() == '0') element.remove_prefix(1);
        if (length && *length != element) return bad("several different Content-Length values");
        length = element;
        if (comma == std::string_view::npos) break;
        start = comma + 1;
      }
    } else if (same_name(f.name, "transfer-encoding")) {
      has_transfer_encoding = true;
      std::string_view rest = f.value;
      do {
        auto comma = rest.find(',');
        std::string_view element = trim(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        if (!element.empty()) codings.push_back(element);
      } while (!rest.empty());
    }
  }
  if (version >= 11 && hosts != 1) {
    return bad(hosts == 0 ? "an HTTP/1.1 request needs a Host field" : "several Host fields");
  }
  if (has_transfer_encoding) {
    if (length) return bad("Transfer-Encoding and Content-Length together");
    if (codings.size() != 1 || !same_name(codings.front(), "chunked")) {
      return FramingProblem{ProtocolError::not_implemented,
                            "the only transfer coding this server reads is chunked"};
    }
  }
  return std::nullopt;
}

}  // namespace taizhang::api
