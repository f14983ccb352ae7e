// libFuzzer target: the workflow loader (engine/workflow/definition.h). Any bytes that parse as
// JSON go through schema validation and the rules a schema cannot state; the answer must be a
// definition or invalid_field naming a path — never a crash, a hang or undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/base/assert.h"
#include "engine/workflow/definition.h"
#include "engine/workflow/guard.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace taizhang;
  static const GuardRegistry guards = GuardRegistry::builtin();
  auto doc = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return 0;
  auto def = parse_workflow(doc, "fuzz.json", guards);
  if (!def) {
    TZ_ASSERT(def.error().code == ErrorCode::invalid_field);
    return 0;
  }
  TZ_ASSERT(!def->stages.empty());
  TZ_ASSERT(def->stage(def->initial) != nullptr);
  return 0;
}
