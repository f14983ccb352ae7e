// Errors as application/problem+json (RFC 9457): type, title, status, detail and a stable `code`.
// The one table from ErrorCode to HTTP status lives in problem.cc.
#pragma once

#include "api/http.h"
#include "engine/base/error.h"

namespace taizhang::api {

int http_status(ErrorCode code);
Response problem(const Error& error);
Response problem(ErrorCode code, std::string detail, std::string field = {});

}  // namespace taizhang::api
