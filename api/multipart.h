// multipart/form-data bodies as browsers send them (RFC 7578): the parts of a file upload form.
// A small parser with a limit on everything — parts, the size of each part's head, names,
// plain field values — that hands out views into the body, copying no file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/error.h"

namespace taizhang::api {

struct MultipartLimits {
  size_t max_parts = 8;
  size_t max_head_bytes = 2048;    // one part's headers
  size_t max_name_bytes = 64;      // a field's name
  size_t max_value_bytes = 1024;   // a part that is not a file
  size_t max_filename_bytes = 1024;  // as sent, before cleaning (UTF-8, maybe percent-escaped)
};

struct FormPart {
  std::string name;
  std::optional<std::string> filename;  // set for a file part, even when empty
  std::string content_type;             // as declared; "" when absent
  std::string_view body;                // a view into the request body
};

// The boundary of a `multipart/form-data; boundary=…` Content-Type (quoted or not).
// unsupported_media_type when the type is not multipart/form-data; invalid_field when the
// boundary is missing or longer than 70 characters.
Result<std::string> multipart_boundary(std::string_view content_type);

// The parts of `body`, in order. invalid_field naming what is wrong when the body is not
// well-formed multipart, a limit is passed, or a field name repeats. `body` must outlive the
// parts.
Result<std::vector<FormPart>> parse_multipart(std::string_view body, std::string_view boundary,
                                              const MultipartLimits& limits = {});

}  // namespace taizhang::api
