// The outline of a work plan: its lines, which of them are numbered headings, and the tree the
// numbering makes. Used by read_work_plan (plan_import.cc); not part of the engine's interface.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/error.h"

namespace taizhang::plan_outline {

// One numbered heading and what is written under it, up to the next heading.
struct Node {
  int level = 0;                 // 1 一、  2 (一)  3 1.
  int parent = -1;               // index in the outline; -1 at the top
  bool has_children = false;
  std::u32string label;          // the numbering, normalised: "四、", "(三)", "2."
  std::u32string head;           // the heading's line, as written
  std::size_t words_at = 0;      // where the heading's words start in `head`, after its number
  std::vector<std::u32string> more;  // the lines that follow, sub-items and paragraphs
};

// Decodes the plan and builds its outline, nodes in document order (each after its parent).
// Errors: invalid_field "text" when the text is not UTF-8.
Result<std::vector<Node>> read_outline(std::string_view text);

// "四、(三)、2.": the labels from the top down to `index`, a "、" after a "(三)" that has more
// below it.
std::u32string path_of(const std::vector<Node>& outline, int index);

bool is_open_paren(char32_t c);   // ( or （
bool is_close_paren(char32_t c);  // ) or ）
int decimal_digit(char32_t c);    // 0..9 for ASCII and full-width digits, else -1

// The length of a sub-item's number "(1)" / "（12）" at text[at], or 0 when there is none.
std::size_t sub_item_at(std::u32string_view text, std::size_t at);

}  // namespace taizhang::plan_outline
