#include "engine/verify/history_replay.h"

#include <array>

#include "engine/base/json_text.h"

namespace taizhang {

namespace {

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

// Fields that are empty are no fields: {} and [] as null, as nlohmann::json's empty() has it.
std::string_view fields_or_null(std::string_view fields) {
  return fields == "{}" || fields == "[]" ? std::string_view("null") : fields;
}

constexpr int kPage = 2000;

// A line's text, member by member.
class LineText {
 public:
  explicit LineText(std::string& text) : text_(text) { text_.clear(); }
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

 private:
  std::string& text_;
};

}  // namespace

std::string history_line_text(const HistoryEntry& h) {
  auto number_or_null = [](const std::optional<int64_t>& n) {
    return n ? std::to_string(*n) : std::string("null");
  };
  std::string text;
  LineText line(text);
  line.add(std::to_string(h.item_id)).add_string(h.at).add(number_or_null(h.actor_id));
  line.add_string(h.action);
  if (h.from_stage) line.add_string(*h.from_stage);
  else line.add("null");
  line.add_string(h.to_stage);
  if (h.comment) line.add_string(*h.comment);
  else line.add("null");
  line.add(fields_or_null(json_text(h.fields)));
  line.add(std::to_string(h.audit_seq));
  if (h.due_on) line.add_string(*h.due_on);
  else line.add("null");
  if (h.deadline) line.add_string(*h.deadline);
  else line.add("null");
  return text;
}

bool HistoryReplay::implied_line(const AuditRecord& rec, const ItemRecordMembers& m,
                                 std::string& text) {
  const bool create = rec.action == "item.create";
  if (!create && rec.action != "item.transition") return false;  // a milestone writes none
  LineText line(text);
  line.add(m.id);
  if (create) {
    line.add(m.created_at).add(actor_id_text(rec.actor)).add("\"create\"").add("null");
    line.add(m.stage).add("null").add("null");
  } else {
    line.add(m.updated_at).add(actor_id_text(rec.actor)).add(m.action).add(m.from);
    line.add(m.to).add(m.comment).add(fields_or_null(m.fields));
  }
  line.add(std::to_string(rec.seq)).add(m.due_on).add(m.deadline);
  return true;
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
  m.fields = texts[10];
  std::string line;
  if (implied_line(rec, m, line)) expect(rec.seq, line);
}

const HistoryEntry* HistoryReplay::next_stored() {
  if (next_ == page_.size()) {
    if (read_all_) return nullptr;
    const int64_t after = page_.empty() ? 0 : page_.back().id;
    page_ = store_.history_lines(after, kPage);
    next_ = 0;
    read_all_ = static_cast<int>(page_.size()) < kPage;
    if (page_.empty()) return nullptr;
  }
  ++lines_checked_;
  return &page_[next_++];
}

void HistoryReplay::expect(int64_t seq, std::string_view line) {
  if (problem_) return;
  const HistoryEntry* h = next_stored();
  if (!h) {
    problem_ = "the history line of seq " + std::to_string(seq) + " is missing from the database";
    return;
  }
  if (h->audit_seq == seq && history_line_text(*h) == line) return;
  const std::string name =
      "history line " + std::to_string(h->id) + " of item " + std::to_string(h->item_id);
  if (h->audit_seq != seq) {
    problem_ = name + " names seq " + std::to_string(h->audit_seq) + " where the line of seq " +
               std::to_string(seq) + " belongs: history lines were deleted or inserted";
  } else {
    problem_ = name + " differs from its audit record (seq " + std::to_string(seq) + ")";
  }
}

std::optional<std::string> HistoryReplay::finish(int64_t& lines_checked) {
  if (!problem_) {
    if (const HistoryEntry* h = next_stored()) {
      problem_ = "history line " + std::to_string(h->id) + " of item " +
                 std::to_string(h->item_id) + " has no audit record";
    }
  }
  lines_checked = lines_checked_;
  return problem_;
}

}  // namespace taizhang
