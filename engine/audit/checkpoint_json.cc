#include "engine/audit/checkpoint_json.h"

namespace taizhang {

nlohmann::json checkpoint_json(const Checkpoint& c) {
  return {{"seq", c.seq},
          {"root", c.root},
          {"at", c.at},
          {"signature", c.signature},
          {"key_id", c.key_id}};
}

nlohmann::json checkpoint_json(const std::optional<Checkpoint>& checkpoint) {
  return checkpoint ? checkpoint_json(*checkpoint) : nlohmann::json(nullptr);
}

}  // namespace taizhang
