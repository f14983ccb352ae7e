// Errors as application/problem+json (RFC 9457): type, title, status, detail and a stable `code`.
// The one table from ErrorCode to HTTP status lives in problem.cc.
#pragma once

#include "api/http.h"
#include "engine/base/error.h"

namespace taizhang::api {

int http_status(ErrorCode code);
Response problem(const Error& error);
Response problem(ErrorCode code, std::string detail, std::string field = {});

// Errors of the HTTP layer itself, found before any handler runs: the request cannot be read as
// HTTP/1.1 the server will serve. The connection closes after the answer. They share the table
// in problem.cc with the engine's codes.
enum class ProtocolError {
  bad_request,       // 400: framing the server will not read (RFC 9112), a malformed head
  header_too_large,  // 431: the request head exceeds the limit
  not_implemented,   // 501: a transfer coding the server does not implement
};

std::string_view to_string(ProtocolError code);
Response problem(ProtocolError code, std::string detail);

}  // namespace taizhang::api
