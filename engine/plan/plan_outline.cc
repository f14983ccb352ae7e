#include "engine/plan/plan_outline.h"

#include "engine/deadline/chinese_text.h"

namespace taizhang::plan_outline {

namespace {

constexpr int kMaxHeadingNumber = 99;
constexpr std::size_t kMaxNumeralChars = 4;  // 九十九

bool is_blank(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\r' || c == 0x3000 || c == 0x00A0 || c == 0xFEFF ||
         c == 0x200B;
}

std::u32string trimmed(std::u32string_view line) {
  std::size_t begin = 0, end = line.size();
  while (begin < end && is_blank(line[begin])) ++begin;
  while (end > begin && is_blank(line[end - 1])) --end;
  return std::u32string(line.substr(begin, end - begin));
}

enum class Kind { section, subsection, item, appendix, text };

struct LineKind {
  Kind kind = Kind::text;
  int number = 0;
  std::size_t words_at = 0;
  std::u32string label;
};

// A run of Chinese numerals at text[at] worth 1..99; its length, or 0.
std::size_t chinese_number_at(std::u32string_view text, std::size_t at, int& value) {
  std::size_t end = at;
  while (end < text.size() && end - at < kMaxNumeralChars &&
         chinese::is_chinese_numeral(text[end])) {
    ++end;
  }
  if (end == at) return 0;
  value = chinese::chinese_value(text.data() + at, text.data() + end);
  return value >= 1 && value <= kMaxHeadingNumber ? end - at : 0;
}

// One or two decimal digits at text[at] worth 1..99, not followed by another digit; its length.
std::size_t decimal_number_at(std::u32string_view text, std::size_t at, int& value) {
  std::size_t end = at;
  value = 0;
  while (end < text.size() && end - at < 2 && decimal_digit(text[end]) >= 0) {
    value = value * 10 + decimal_digit(text[end++]);
  }
  if (end == at || (end < text.size() && decimal_digit(text[end]) >= 0)) return 0;
  return value >= 1 ? end - at : 0;
}

bool starts_with(std::u32string_view text, std::u32string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

LineKind classify(std::u32string_view line) {
  LineKind out;
  if (starts_with(line, U"附件") || starts_with(line, U"附:") || starts_with(line, U"附：")) {
    out.kind = Kind::appendix;
    return out;
  }
  int value = 0;
  if (is_open_paren(line[0])) {
    // (一): a sub-section. (1): a sub-item, which stays in the text.
    std::size_t n = chinese_number_at(line, 1, value);
    if (n > 0 && 1 + n < line.size() && is_close_paren(line[1 + n])) {
      out.kind = Kind::subsection, out.number = value;
      out.label = U"(" + std::u32string(line.substr(1, n)) + U")";
      out.words_at = 2 + n;
      if (out.words_at < line.size() && line[out.words_at] == U'、') ++out.words_at;
    }
    return out;
  }
  // 一、 or 一．: a section.
  if (std::size_t n = chinese_number_at(line, 0, value);
      n > 0 && n + 1 < line.size() && (line[n] == U'、' || line[n] == U'．')) {
    out.kind = Kind::section, out.number = value;
    out.label = std::u32string(line.substr(0, n)) + U"、";
    out.words_at = n + 1;
    return out;
  }
  // 1. 1． 1、: an item. Not "2.58%" (a figure in a table) nor "1.5亿元".
  if (std::size_t n = decimal_number_at(line, 0, value);
      n > 0 && n + 1 < line.size() &&
      (line[n] == U'.' || line[n] == U'．' || line[n] == U'、') &&
      decimal_digit(line[n + 1]) < 0 && line[n + 1] != U'%' && line[n + 1] != U'％') {
    out.kind = Kind::item, out.number = value;
    std::string digits = std::to_string(value) + ".";
    out.label.assign(digits.begin(), digits.end());
    out.words_at = n + 1;
  }
  return out;
}

Result<std::vector<std::u32string>> read_lines(std::string_view text) {
  std::vector<std::u32string> lines;
  std::u32string line;
  auto finish_line = [&] {
    std::u32string t = trimmed(line);
    if (!t.empty()) lines.push_back(std::move(t));
    line.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = 0;
    std::size_t n = chinese::decode_utf8_at(text, i, c);
    if (n == 0) {
      return fail(ErrorCode::invalid_field,
                  "the plan is not valid UTF-8 (at byte " + std::to_string(i) + ")", "text");
    }
    i += n;
    if (c == U'\n' || c == 0x2028 || c == 0x2029) {
      finish_line();
    } else {
      line += (c < 0x20 || c == 0x7F) ? U' ' : c;
    }
  }
  finish_line();
  return lines;
}

}  // namespace

bool is_open_paren(char32_t c) { return c == U'(' || c == U'（'; }
bool is_close_paren(char32_t c) { return c == U')' || c == U'）'; }

int decimal_digit(char32_t c) {
  if (c >= U'0' && c <= U'9') return static_cast<int>(c - U'0');
  if (c >= U'０' && c <= U'９') return static_cast<int>(c - U'０');
  return -1;
}

std::size_t sub_item_at(std::u32string_view text, std::size_t at) {
  if (at >= text.size() || !is_open_paren(text[at])) return 0;
  int value = 0;
  std::size_t n = decimal_number_at(text, at + 1, value);
  if (n == 0 || at + 1 + n >= text.size() || !is_close_paren(text[at + 1 + n])) return 0;
  return n + 2;
}

Result<std::vector<Node>> read_outline(std::string_view text) {
  auto lines = read_lines(text);
  if (!lines) return std::unexpected(lines.error());
  std::vector<Node> outline;
  std::vector<int> open;  // the headings enclosing the current line, outermost first
  bool in_body = false;
  for (auto& line : *lines) {
    LineKind kind = classify(line);
    if (kind.kind == Kind::appendix) {
      in_body = false;
      open.clear();
      continue;
    }
    if (kind.kind == Kind::text) {
      if (in_body && !open.empty()) {
        outline[static_cast<std::size_t>(open.back())].more.push_back(std::move(line));
      }
      continue;
    }
    int level = kind.kind == Kind::section ? 1 : kind.kind == Kind::subsection ? 2 : 3;
    // The body starts at a 一、, or at a first (一) or 1. in a plan numbered without sections.
    if (!in_body) {
      if (level != 1 && kind.number != 1) continue;
      in_body = true;
      open.clear();
    }
    while (!open.empty() && outline[static_cast<std::size_t>(open.back())].level >= level) {
      open.pop_back();
    }
    Node node;
    node.level = level;
    node.parent = open.empty() ? -1 : open.back();
    node.label = std::move(kind.label);
    node.words_at = kind.words_at;
    node.head = std::move(line);
    if (node.parent >= 0) outline[static_cast<std::size_t>(node.parent)].has_children = true;
    open.push_back(static_cast<int>(outline.size()));
    outline.push_back(std::move(node));
  }
  return outline;
}

std::u32string path_of(const std::vector<Node>& outline, int index) {
  std::vector<int> chain;
  for (int i = index; i >= 0; i = outline[static_cast<std::size_t>(i)].parent) chain.push_back(i);
  std::u32string path;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (!path.empty() && path.back() == U')') path += U'、';
    path += outline[static_cast<std::size_t>(*it)].label;
  }
  return path;
}

}  // namespace taizhang::plan_outline
