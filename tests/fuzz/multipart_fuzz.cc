// libFuzzer target: the multipart/form-data reader (api/multipart.h), which takes an evidence
// upload's body as a browser, or anyone, sends it. Any body must yield parts within the limits,
// each a view inside the body, or a refusal naming what is wrong — never a crash, a read outside
// the body or undefined behaviour. The first byte picks one of a few boundaries.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/multipart.h"
#include "engine/base/assert.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace taizhang;
  if (size < 1) return 0;
  static constexpr std::string_view kBoundaries[] = {
      "----taizhangFormBoundary", "x", "a b",
      "0123456789012345678901234567890123456789012345678901234567890123456789"};  // 70, the most
  const std::string_view boundary = kBoundaries[data[0] % 4];
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  const api::MultipartLimits limits;
  auto parts = api::parse_multipart(body, boundary, limits);
  if (!parts) {
    TZ_ASSERT(parts.error().code == ErrorCode::invalid_field ||
              parts.error().code == ErrorCode::payload_too_large);
    return 0;
  }
  TZ_ASSERT(parts->size() <= limits.max_parts);
  for (const auto& part : *parts) {
    TZ_ASSERT(part.name.size() <= limits.max_name_bytes);
    TZ_ASSERT(part.body.data() >= body.data() &&
              part.body.data() + part.body.size() <= body.data() + body.size());
    if (!part.filename) TZ_ASSERT(part.body.size() <= limits.max_value_bytes);
    if (part.filename) TZ_ASSERT(part.filename->size() <= limits.max_filename_bytes);
  }
  return 0;
}
