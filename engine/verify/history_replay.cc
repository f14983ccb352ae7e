#include "engine/verify/history_replay.h"

namespace taizhang {

namespace {

constexpr int kPage = 2000;

template <typename T>
nlohmann::json or_null(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json key_or_null(const nlohmann::json& j, const char* key) {
  return j.is_object() && j.contains(key) ? j[key] : nlohmann::json(nullptr);
}

// "user:7" → 7: the actor a history line names by id.
nlohmann::json actor_id_of(const std::string& actor) {
  constexpr std::string_view kUser = "user:";
  if (!actor.starts_with(kUser)) return nullptr;
  try {
    return std::stoll(actor.substr(kUser.size()));
  } catch (const std::exception&) {
    return nullptr;
  }
}

// The line an item record implies, in history_line's shape; null for a record that writes none.
nlohmann::json implied_line(const AuditRecord& rec) {
  if (rec.entity != "item" || !rec.after.is_object() || !rec.after.contains("item")) {
    return nullptr;
  }
  const nlohmann::json& item = rec.after["item"];
  nlohmann::json line = {{"item_id", key_or_null(item, "id")},
                         {"actor_id", actor_id_of(rec.actor)},
                         {"audit_seq", rec.seq},
                         {"due_on", key_or_null(item, "due_on")},
                         {"deadline", key_or_null(item, "deadline")}};
  if (rec.action == "item.create") {
    line["at"] = key_or_null(item, "created_at");
    line["action"] = "create";
    line["from_stage"] = nullptr;
    line["to_stage"] = key_or_null(item, "stage");
    line["comment"] = nullptr;
    line["fields"] = nullptr;
    return line;
  }
  if (rec.action == "item.transition") {
    const nlohmann::json t = key_or_null(rec.after, "transition");
    line["at"] = key_or_null(item, "updated_at");
    line["action"] = key_or_null(t, "action");
    line["from_stage"] = key_or_null(t, "from");
    line["to_stage"] = key_or_null(t, "to");
    line["comment"] = key_or_null(t, "comment");
    nlohmann::json fields = key_or_null(t, "fields");
    line["fields"] = fields.empty() ? nlohmann::json(nullptr) : fields;
    return line;
  }
  return nullptr;
}

}  // namespace

nlohmann::json history_line(const HistoryEntry& h) {
  return {{"item_id", h.item_id},
          {"at", h.at},
          {"actor_id", or_null(h.actor_id)},
          {"action", h.action},
          {"from_stage", or_null(h.from_stage)},
          {"to_stage", h.to_stage},
          {"comment", or_null(h.comment)},
          {"fields", h.fields.empty() ? nlohmann::json(nullptr) : h.fields},
          {"audit_seq", h.audit_seq},
          {"due_on", or_null(h.due_on)},
          {"deadline", or_null(h.deadline)}};
}

void HistoryReplay::apply(const AuditRecord& rec) {
  nlohmann::json line = implied_line(rec);
  if (line.is_null()) return;
  lines_.push_back({rec.seq, sha256_digest(line.dump())});
}

std::optional<std::string> HistoryReplay::compare(StoreReader& store, int64_t& lines_checked) {
  size_t next = 0;
  for (int64_t after = 0;;) {
    auto page = store.history_lines(after, kPage);
    for (const auto& h : page) {
      ++lines_checked;
      const std::string name = "history line " + std::to_string(h.id) + " of item " +
                               std::to_string(h.item_id);
      if (next == lines_.size()) return name + " has no audit record";
      const Expected& want = lines_[next++];
      if (h.audit_seq != want.seq) {
        return name + " names seq " + std::to_string(h.audit_seq) + " where the line of seq " +
               std::to_string(want.seq) + " belongs: history lines were deleted or inserted";
      }
      if (sha256_digest(history_line(h).dump()) != want.line) {
        return name + " differs from its audit record (seq " + std::to_string(want.seq) + ")";
      }
    }
    if (static_cast<int>(page.size()) < kPage) break;
    after = page.back().id;
  }
  if (next < lines_.size()) {
    return "the history line of seq " + std::to_string(lines_[next].seq) +
           " is missing from the database";
  }
  return std::nullopt;
}

}  // namespace taizhang
