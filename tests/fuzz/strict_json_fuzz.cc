// libFuzzer target: the strict JSON request reader (api/strict_json.h). Any bytes must yield a
// document or bad_json — never a crash, a hang, an exception or undefined behaviour — and a
// document it accepts must hold no duplicate key and be no deeper than kMaxJsonDepth.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/strict_json.h"
#include "engine/base/assert.h"

namespace {

int depth(const nlohmann::json& j) {
  int deepest = 0;
  if (j.is_object() || j.is_array()) {
    for (const auto& child : j) deepest = std::max(deepest, depth(child));
    return deepest + 1;
  }
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = taizhang::api::parse_strict_json(text);
  if (!doc) {
    TZ_ASSERT(doc.error().code == taizhang::ErrorCode::bad_json);
    return 0;
  }
  TZ_ASSERT(depth(*doc) <= taizhang::api::kMaxJsonDepth);
  // What was accepted serialises (valid UTF-8 throughout) and reads back the same.
  const std::string again = doc->dump();
  auto reread = taizhang::api::parse_strict_json(again);
  TZ_ASSERT(reread.has_value() && *reread == *doc);
  return 0;
}
