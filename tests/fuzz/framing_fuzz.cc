// libFuzzer target: the request framing check (api/framing.h), which decides from a request's
// head whether its body can be delimited safely (RFC 9112 §6). The first byte picks HTTP/1.0 or
// 1.1; the rest is header lines "name: value". Any head must be judged — refused with
// bad_request or not_implemented, or let through — without a crash or undefined behaviour, and
// a head that could be framed two ways (Transfer-Encoding beside Content-Length, two different
// lengths) is never let through: that is request smuggling behind a proxy.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "api/framing.h"
#include "engine/base/assert.h"

namespace {

bool named(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trimmed(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r')) v.remove_suffix(1);
  return v;
}

// The value's digits without leading zeros, or empty when it is not only digits.
std::string_view plain_number(std::string_view v) {
  if (v.empty() || v.size() > 19 ||
      !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return {};
  }
  while (v.size() > 1 && v.front() == '0') v.remove_prefix(1);
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace taizhang;
  if (size < 1) return 0;
  const unsigned version = (data[0] & 1) ? 11 : 10;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  std::vector<api::HeadField> fields;
  while (!rest.empty() && fields.size() < 100) {
    const size_t end = std::min(rest.find('\n'), rest.size());
    std::string_view line = rest.substr(0, end);
    rest.remove_prefix(std::min(end + 1, rest.size()));
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    fields.push_back({line.substr(0, colon), trimmed(line.substr(colon + 1))});
  }
  const auto problem = api::framing_problem(version, fields);
  // Two lengths differ when both are plain numbers of different value ("05" and "5" are one
  // length); lists and other text are judged by framing_problem alone.
  bool has_te = false, has_cl = false, lengths_differ = false;
  std::optional<std::string_view> first_number;
  for (const auto& f : fields) {
    if (named(f.name, "transfer-encoding")) has_te = true;
    if (named(f.name, "content-length")) {
      has_cl = true;
      const std::string_view number = plain_number(f.value);
      if (number.empty()) continue;
      if (first_number && *first_number != number) lengths_differ = true;
      if (!first_number) first_number = number;
    }
  }
  if ((has_te && has_cl) || lengths_differ) TZ_ASSERT(problem.has_value());
  return 0;
}
