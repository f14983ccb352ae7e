// The framing of a request head (RFC 9112 §6): how its body is delimited. A server and a proxy
// in front of it must agree on where one request ends and the next begins; where they could
// disagree (two lengths, a length beside a transfer coding, a coding nobody implements), the
// request is refused and the connection closed, so that no "body" is ever read as a second,
// smuggled request. Plain data, no Beast: the server calls it on every head it parses, and the
// unit tests and the fuzzer call it directly.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "api/problem.h"

namespace taizhang::api {

struct HeadField {
  std::string_view name;   // as sent (compared without regard to case)
  std::string_view value;  // without the surrounding whitespace
};

struct FramingProblem {
  ProtocolError code;
  std::string message;
};

// Returns the error to answer with before closing the connection, or nullopt when the body (if
// any) may be read. `version` is 10 or 11.
//   - an HTTP/1.1 request without exactly one Host field: bad_request;
//   - Content-Length that is not a decimal number, or several that differ: bad_request;
//   - Transfer-Encoding together with Content-Length: bad_request;
//   - Transfer-Encoding other than exactly "chunked" (gzip, "chunked, identity", identity, …):
//     not_implemented — the only coding this server reads is chunked.
std::optional<FramingProblem> framing_problem(unsigned version, std::span<const HeadField> fields);

}  // namespace taizhang::api
