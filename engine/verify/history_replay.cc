#include "engine/verify/history_replay.h"

#include <array>
#include <charconv>

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
  auto view = [](const std::optional<std::string>& v) {
    return v ? std::optional<std::string_view>(*v) : std::nullopt;
  };
  const std::string fields = json_text(h.fields);
  std::string text;
  history_line_text({h.id, h.item_id, h.at, h.actor_id, h.action, view(h.from_stage), h.to_stage,
                     view(h.comment), fields, h.audit_seq, view(h.due_on), view(h.deadline)},
                    text);
  return text;
}

void history_line_text(const HistoryLineView& h, std::string& text) {
  char digits[24];
  auto number = [&](int64_t n) {
    return std::string_view(digits, std::to_chars(digits, digits + sizeof digits, n).ptr);
  };
  auto string_or_null = [](LineText& line, const std::optional<std::string_view>& s) {
    if (s) line.add_string(*s);
    else line.add("null");
  };
  LineText line(text);
  line.add(number(h.item_id)).add_string(h.at);
  line.add(h.actor_id ? number(*h.actor_id) : std::string_view("null"));
  line.add_string(h.action);
  string_or_null(line, h.from_stage);
  line.add_string(h.to_stage);
  string_or_null(line, h.comment);
  line.add(h.fields_json ? fields_or_null(*h.fields_json) : std::string_view("null"));
  line.add(number(h.audit_seq));
  string_or_null(line, h.due_on);
  string_or_null(line, h.deadline);
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

const HistoryReplay::StoredLine* HistoryReplay::next_stored() {
  if (next_ == size_) {
    if (read_all_) return nullptr;
    const int64_t after = size_ == 0 ? 0 : page_[size_ - 1].id;
    size_ = 0;
    next_ = 0;
    const int read = store_.each_history_line(after, kPage, [this](const HistoryLineView& h) {
      if (size_ == page_.size()) page_.emplace_back();
      StoredLine& stored = page_[size_++];
      stored.id = h.id;
      stored.item_id = h.item_id;
      stored.audit_seq = h.audit_seq;
      history_line_text(h, stored.text);
    });
    read_all_ = read < kPage;
    if (size_ == 0) return nullptr;
  }
  ++lines_checked_;
  return &page_[next_++];
}

bool HistoryReplay::same_when_read(int64_t id, std::string_view line) {
  auto again = store_.history_lines(id - 1, 1);
  return again.size() == 1 && again[0].id == id && history_line_text(again[0]) == line;
}

void HistoryReplay::expect(int64_t seq, std::string_view line) {
  if (problem_) return;
  const StoredLine* h = next_stored();
  if (!h) {
    problem_ = "the history line of seq " + std::to_string(seq) + " is missing from the database";
    return;
  }
  if (h->audit_seq == seq && (h->text == line || same_when_read(h->id, line))) return;
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
    if (const StoredLine* h = next_stored()) {
      problem_ = "history line " + std::to_string(h->id) + " of item " +
                 std::to_string(h->item_id) + " has no audit record";
    }
  }
  lines_checked = lines_checked_;
  return problem_;
}

}  // namespace taizhang
