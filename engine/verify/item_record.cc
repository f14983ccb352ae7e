#include "engine/verify/item_record.h"

#include <algorithm>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "engine/base/json_text.h"

namespace taizhang {

namespace ondemand = simdjson::ondemand;

struct ItemRecordReader::Parser {
  ondemand::parser parser;
};

ItemRecordReader::ItemRecordReader() : parser_(std::make_unique<Parser>()) {}
ItemRecordReader::~ItemRecordReader() = default;

namespace {

// The value's JSON text: a scalar's token, or an object's or array's whole text. False when the
// text is not JSON.
bool raw_text(ondemand::value value, std::string_view& out) {
  ondemand::json_type type;
  if (value.type().get(type)) return false;
  if (type == ondemand::json_type::object) {
    ondemand::object object;
    return !value.get_object().get(object) && !object.raw_json().get(out);
  }
  if (type == ondemand::json_type::array) {
    ondemand::array array;
    return !value.get_array().get(array) && !array.raw_json().get(out);
  }
  out = value.raw_json_token();
  return true;
}

// `text` copied into `buffer` with the padding simdjson reads past its end.
void pad(std::string& buffer, const std::string& text) {
  buffer.reserve(text.size() + simdjson::SIMDJSON_PADDING);
  buffer.assign(text);
}

// Starts reading `text` as a JSON object. `capacity` bytes from its start are readable: simdjson
// reads up to SIMDJSON_PADDING past its end.
bool open_object(ondemand::parser& parser, std::string_view text, size_t capacity,
                 ondemand::document& doc, ondemand::object& object) {
  return !parser.iterate(text.data(), text.size(), capacity).get(doc) &&
         !doc.get_object().get(object);
}

// A member of an object: its unescaped key and its value's JSON text.
using Member = std::pair<std::string, std::string_view>;

}  // namespace

std::optional<std::string> ItemRecordReader::item_before(const StoredAuditRecord& stored,
                                                         const ItemRecordFacts& facts) {
  // The item's members, in the order of its text: sorted, since the text is a dump.
  std::vector<Member> members;
  {
    const auto readable =
        static_cast<size_t>(buffer_.data() + buffer_.capacity() - facts.item_text.data());
    ondemand::document doc;
    ondemand::object item;
    if (!open_object(parser_->parser, facts.item_text, readable, doc, item)) return std::nullopt;
    for (auto member : item) {
      ondemand::field field;
      std::string_view key, text;
      if (std::move(member).get(field) || field.unescaped_key().get(key) ||
          !raw_text(field.value(), text)) {
        return std::nullopt;
      }
      members.emplace_back(std::string(key), text);
    }
  }
  // before = {"item_patch": [{"op": …, "path": "/member", "value": …}, …]}.
  pad(before_buffer_, stored.text.before);
  ondemand::document doc;
  ondemand::object before;
  if (!open_object(parser_->parser, before_buffer_, before_buffer_.capacity(), doc, before)) {
    return std::nullopt;
  }
  bool has_patch = false;
  for (auto member : before) {
    ondemand::field field;
    std::string_view key;
    ondemand::array ops;
    if (std::move(member).get(field) || field.unescaped_key().get(key) || key != "item_patch" ||
        field.value().get_array().get(ops)) {
      return std::nullopt;
    }
    has_patch = true;
    for (auto element : ops) {
      ondemand::object op_object;
      if (std::move(element).get_object().get(op_object)) return std::nullopt;
      std::string op, name;
      std::optional<std::string_view> value;
      for (auto op_member : op_object) {
        ondemand::field op_field;
        std::string_view op_key, text;
        if (std::move(op_member).get(op_field) || op_field.unescaped_key().get(op_key)) {
          return std::nullopt;
        }
        if (op_key == "value") {
          if (!raw_text(op_field.value(), text)) return std::nullopt;
          value = text;
          continue;
        }
        std::string_view word;
        if (op_field.value().get_string().get(word)) return std::nullopt;
        if (op_key == "op") op = word;
        else if (op_key == "path") name = word;
        else return std::nullopt;
      }
      // "/member" only: a deeper path, or one with ~ escapes, goes to nlohmann::json.
      if (name.size() < 2 || name[0] != '/' ||
          name.find_first_of("/~", 1) != std::string::npos) {
        return std::nullopt;
      }
      name.erase(0, 1);
      auto at = std::lower_bound(members.begin(), members.end(), name,
                                 [](const Member& m, const std::string& k) { return m.first < k; });
      const bool present = at != members.end() && at->first == name;
      if (op == "remove" && present && !value) {
        members.erase(at);
      } else if (op == "replace" && present && value) {
        at->second = *value;
      } else if (op == "add" && value) {
        if (present) at->second = *value;
        else members.emplace(at, name, *value);
      } else {
        return std::nullopt;  // not a patch of this shape, or one that does not apply
      }
    }
  }
  if (!has_patch) return std::nullopt;
  std::string out = "{";
  for (const auto& [key, text] : members) {
    if (out.size() > 1) out += ',';
    append_json_string(out, key);
    out += ':';
    out += text;
  }
  out += '}';
  return out;
}

namespace {

// The members of `after.item` a history line takes, and its id, from `item` (whose text the
// caller has already taken). False when they are not what an item's snapshot holds.
bool read_item_members(ondemand::object item, ItemRecordFacts& facts) {
  ItemRecordMembers& m = facts.members;
  bool has_id = false;
  for (auto member : item) {
    ondemand::field field;
    std::string_view key, text;
    if (std::move(member).get(field) || field.unescaped_key().get(key)) return false;
    if (key == "id") {
      ondemand::value value = field.value();
      m.id = value.raw_json_token();
      if (value.get_int64().get(facts.item_id)) return false;
      has_id = true;
      continue;
    }
    std::string_view* slot = key == "created_at"   ? &m.created_at
                             : key == "updated_at" ? &m.updated_at
                             : key == "stage"      ? &m.stage
                             : key == "due_on"     ? &m.due_on
                             : key == "deadline"   ? &m.deadline
                                                   : nullptr;
    if (!slot) continue;  // skipped unread
    if (!raw_text(field.value(), text)) return false;
    *slot = text;
  }
  return has_id;
}

}  // namespace

std::optional<ItemRecordFacts> ItemRecordReader::read(const StoredAuditRecord& stored) {
  if (stored.record.entity != "item") return std::nullopt;
  // simdjson reads up to SIMDJSON_PADDING bytes past the text: it is copied into a buffer that
  // has them. Every view below points into this buffer.
  pad(buffer_, stored.text.after);
  ItemRecordFacts facts;
  ItemRecordMembers& m = facts.members;
  bool has_item = false;

  ondemand::document doc;
  ondemand::object object;
  if (!open_object(parser_->parser, buffer_, buffer_.capacity(), doc, object)) return std::nullopt;
  for (auto member : object) {
    ondemand::field field;
    std::string_view key;
    if (std::move(member).get(field) || field.unescaped_key().get(key)) return std::nullopt;
    if (key == "item") {
      // Its text, then its members: the object is gone through again from its start, on the
      // structure already found, rather than parsed a second time from its text.
      ondemand::object item;
      bool empty = false;
      if (field.value().get_object().get(item) || item.raw_json().get(facts.item_text) ||
          item.reset().get(empty) || !read_item_members(item, facts)) {
        return std::nullopt;
      }
      has_item = true;
    } else if (key == "transition") {
      ondemand::object transition;
      if (field.value().get_object().get(transition)) return std::nullopt;
      for (auto t : transition) {
        ondemand::field tf;
        std::string_view tkey, text;
        if (std::move(t).get(tf) || tf.unescaped_key().get(tkey) || !raw_text(tf.value(), text)) {
          return std::nullopt;
        }
        if (tkey == "action") m.action = text;
        else if (tkey == "comment") m.comment = text;
        else if (tkey == "from") m.from = text;
        else if (tkey == "to") m.to = text;
        else if (tkey == "fields") m.fields = text;
      }
    } else {
      return std::nullopt;  // not what an item record holds: read whole
    }
  }
  if (!has_item) return std::nullopt;
  return facts;
}

}  // namespace taizhang
