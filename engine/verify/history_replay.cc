#include "engine/verify/history_replay.h"

#include <array>

#include "engine/base/json_text.h"

namespace taizhang {

namespace {

constexpr int kPage = 2000;

// "user:7" → "7": the actor a history line names by id, as JSON text.
std::string actor_id_text(const std::string& actor) {
  constexpr std::string_view kUser = "user:";
  if (!actor.starts_with(kUser)) return "null";
  try {
    return std::to_string(std::stoll(actor.substr(kUser.size())));
  } catch (const std::exception&) {
    return "null";
  }
}

// Fields that are empty are no fields.
std::string_view fields_or_null(std::string_view fields) {
  return fields == "{}" || fields == "[]" ? std::string_view("null") : fields;
}

class LineText {
 public:
  LineText& add(std::string_view json) {
    text_ += json;
    text_ += '\n';
    return *this;
  }
  LineText& add_string(std::string_view s) {
    append_json_string(text_, s);
    text_ += '\n';
    return *this;
  }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

}  // namespace

std::string history_line_text(const HistoryEntry& h) {
  auto number_or_null = [](const std::optional<int64_t>& n) {
    return n ? std::to_string(*n) : std::string("null");
  };
  LineText line;
  line.add(std::to_string(h.item_id)).add_string(h.at).add(number_or_null(h.actor_id));
  line.add_string(h.action);
  if (h.from_stage) line.add_string(*h.from_stage);
  else line.add("null");
  line.add_string(h.to_stage);
  if (h.comment) line.add_string(*h.comment);
  else line.add("null");
  line.add(h.fields.empty() ? std::string("null") : json_text(h.fields));
  line.add(std::to_string(h.audit_seq));
  if (h.due_on) line.add_string(*h.due_on);
  else line.add("null");
  if (h.deadline) line.add_string(*h.deadline);
  else line.add("null");
  return line.text();
}

void HistoryReplay::apply(const AuditRecord& rec, const ItemRecordMembers& m) {
  const bool create = rec.action == "item.create";
  if (!create && rec.action != "item.transition") return;  // a milestone writes no line
  LineText line;
  line.add(m.id);
  if (create) {
    line.add(m.created_at).add(actor_id_text(rec.actor)).add("\"create\"").add("null");
    line.add(m.stage).add("null").add("null");
  } else {
    line.add(m.updated_at).add(actor_id_text(rec.actor)).add(m.action).add(m.from);
    line.add(m.to).add(m.comment).add(fields_or_null(m.fields));
  }
  line.add(std::to_string(rec.seq)).add(m.due_on).add(m.deadline);
  lines_.push_back({rec.seq, sha256_digest(line.text())});
}

void HistoryReplay::apply(const AuditRecord& rec) {
  if (rec.entity != "item" || !rec.after.is_object() || !rec.after.contains("item")) return;
  // The members as their JSON text, as the record's dump writes them.
  const nlohmann::json& item = rec.after["item"];
  const nlohmann::json& after = rec.after;
  const nlohmann::json null_json;
  auto member = [&](const nlohmann::json& j, const char* key) {
    return json_text(j.is_object() && j.contains(key) ? j[key] : null_json);
  };
  const nlohmann::json transition =
      after.contains("transition") ? after["transition"] : nlohmann::json();
  std::array<std::string, 11> texts = {
      member(item, "id"),           member(item, "created_at"), member(item, "updated_at"),
      member(item, "stage"),        member(item, "due_on"),     member(item, "deadline"),
      member(transition, "action"), member(transition, "comment"),
      member(transition, "from"),   member(transition, "to"),   member(transition, "fields")};
  ItemRecordMembers m;
  m.id = texts[0];
  m.created_at = texts[1];
  m.updated_at = texts[2];
  m.stage = texts[3];
  m.due_on = texts[4];
  m.deadline = texts[5];
  m.action = texts[6];
  m.comment = texts[7];
  m.from = texts[8];
  m.to = texts[9];
  // nlohmann's empty(): null, {} and [] — what the fast reader's text test matches.
  const nlohmann::json fields =
      transition.is_object() && transition.contains("fields") ? transition["fields"] : null_json;
  if (fields.empty()) texts[10] = "null";
  m.fields = texts[10];
  apply(rec, m);
}

std::optional<std::string> HistoryReplay::compare(StoreReader& store, int64_t& lines_checked) {
  size_t next = 0;
  for (int64_t after = 0;;) {
    auto page = store.history_lines(after, kPage);
    for (const auto& h : page) {
      ++lines_checked;
      if (next == lines_.size()) {
        return "history line " + std::to_string(h.id) + " of item " + std::to_string(h.item_id) +
               " has no audit record";
      }
      const Expected& want = lines_[next++];
      if (h.audit_seq == want.seq && sha256_digest(history_line_text(h)) == want.line) continue;
      const std::string name = "history line " + std::to_string(h.id) + " of item " +
                               std::to_string(h.item_id);
      if (h.audit_seq != want.seq) {
        return name + " names seq " + std::to_string(h.audit_seq) + " where the line of seq " +
               std::to_string(want.seq) + " belongs: history lines were deleted or inserted";
      }
      return name + " differs from its audit record (seq " + std::to_string(want.seq) + ")";
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
