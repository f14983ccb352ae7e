#include "api/multipart.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace taizhang::api {

namespace {

Error bad(std::string why) {
  return Error{ErrorCode::invalid_field, "malformed multipart/form-data body: " + std::move(why),
               "body"};
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The parameters of a header value after its first token: `form-data; name="a"; filename="b"`.
// Quoted values keep everything up to the closing quote: browsers percent-encode '"', CR and
// LF in names themselves and send a backslash as it is (a Windows path, C:\fakepath\x.jpg).
std::optional<std::vector<std::pair<std::string, std::string>>> header_params(
    std::string_view value, std::string& first) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t semi = value.find(';');
  first = lower(trim(value.substr(0, semi)));
  size_t i = semi;
  while (i != std::string_view::npos && i < value.size()) {
    ++i;  // past ';'
    while (i < value.size() && (value[i] == ' ' || value[i] == '\t')) ++i;
    if (i >= value.size()) break;
    size_t eq = value.find('=', i);
    if (eq == std::string_view::npos) return std::nullopt;
    std::string key = lower(trim(value.substr(i, eq - i)));
    i = eq + 1;
    std::string v;
    if (i < value.size() && value[i] == '"') {
      ++i;
      bool closed = false;
      while (i < value.size()) {
        char c = value[i++];
        if (c == '"') {
          closed = true;
          break;
        } else {
          v += c;
        }
      }
      if (!closed) return std::nullopt;
      i = value.find(';', i);
    } else {
      size_t end = value.find(';', i);
      v = std::string(trim(value.substr(i, end == std::string_view::npos ? end : end - i)));
      i = end;
    }
    out.emplace_back(std::move(key), std::move(v));
  }
  return out;
}

}  // namespace

Result<std::string> multipart_boundary(std::string_view content_type) {
  std::string type;
  auto params = header_params(content_type, type);
  if (type != "multipart/form-data") {
    return fail(ErrorCode::unsupported_media_type,
                "send the file as multipart/form-data (a browser form upload)");
  }
  if (params) {
    for (auto& [k, v] : *params) {
      if (k != "boundary") continue;
      if (v.empty() || v.size() > 70) break;
      return v;
    }
  }
  return fail(ErrorCode::invalid_field, "multipart/form-data without a valid boundary", "body");
}

Result<std::vector<FormPart>> parse_multipart(std::string_view body, std::string_view boundary,
                                              const MultipartLimits& limits) {
  const std::string delimiter = "--" + std::string(boundary);
  const std::string next_delimiter = "\r\n" + delimiter;
  // A preamble before the first delimiter is allowed (RFC 2046) and ignored.
  size_t pos;
  if (body.starts_with(delimiter)) {
    pos = delimiter.size();
  } else {
    pos = body.find(next_delimiter);
    if (pos == std::string_view::npos) return std::unexpected(bad("no boundary line"));
    pos += next_delimiter.size();
  }
  std::vector<FormPart> parts;
  std::set<std::string, std::less<>> names;
  for (;;) {
    if (body.substr(pos, 2) == "--") return parts;  // the closing delimiter; an epilogue may follow
    if (body.substr(pos, 2) != "\r\n") return std::unexpected(bad("a boundary line runs on"));
    pos += 2;
    if (parts.size() == limits.max_parts) {
      return std::unexpected(bad("more than " + std::to_string(limits.max_parts) + " parts"));
    }
    size_t head_end = body.find("\r\n\r\n", pos);
    if (head_end == std::string_view::npos || head_end - pos > limits.max_head_bytes) {
      return std::unexpected(bad("a part's headers are missing or longer than " +
                                 std::to_string(limits.max_head_bytes) + " bytes"));
    }
    std::string_view head = body.substr(pos, head_end - pos);
    FormPart part;
    bool disposition = false;
    while (!head.empty()) {
      size_t eol = head.find("\r\n");
      std::string_view line = head.substr(0, eol);
      head = eol == std::string_view::npos ? std::string_view{} : head.substr(eol + 2);
      size_t colon = line.find(':');
      if (colon == std::string_view::npos) return std::unexpected(bad("a part header without ':'"));
      std::string header = lower(trim(line.substr(0, colon)));
      std::string_view value = trim(line.substr(colon + 1));
      if (header == "content-disposition") {
        std::string kind;
        auto params = header_params(value, kind);
        if (!params || kind != "form-data") {
          return std::unexpected(bad("a part is not form-data"));
        }
        disposition = true;
        for (auto& [k, v] : *params) {
          if (k == "name") part.name = v;
          if (k == "filename") part.filename = v;
        }
      } else if (header == "content-type") {
        part.content_type = lower(value);
      }
    }
    if (!disposition || part.name.empty()) {
      return std::unexpected(bad("a part without a name"));
    }
    if (part.name.size() > limits.max_name_bytes) {
      return std::unexpected(bad("a field name longer than " +
                                 std::to_string(limits.max_name_bytes) + " bytes"));
    }
    if (part.filename && part.filename->size() > limits.max_filename_bytes) {
      return Result<std::vector<FormPart>>(std::unexpected(Error{
          ErrorCode::invalid_field,
          "file name longer than " + std::to_string(limits.max_filename_bytes) + " bytes",
          "name"}));
    }
    if (!names.insert(part.name).second) {
      return std::unexpected(bad("the field '" + part.name + "' is sent twice"));
    }
    const size_t data = head_end + 4;
    size_t end = body.find(next_delimiter, data);
    if (end == std::string_view::npos) return std::unexpected(bad("the body ends inside a part"));
    part.body = body.substr(data, end - data);
    if (!part.filename && part.body.size() > limits.max_value_bytes) {
      return std::unexpected(bad("the field '" + part.name + "' is longer than " +
                                 std::to_string(limits.max_value_bytes) + " bytes"));
    }
    parts.push_back(std::move(part));
    pos = end + next_delimiter.size();
  }
}

}  // namespace taizhang::api
