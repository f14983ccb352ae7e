// Reading a webhook target URL with libcurl's URL parser, at the boundary, before the engine
// stores it: the parser the deliverer will use later reads it the same way now.
#pragma once

#include <string_view>

#include "engine/base/error.h"

namespace taizhang {

// Checks a webhook target: an absolute http:// or https:// URL with a host, at most
// kMaxWebhookUrlBytes of printable ASCII (no spaces, no control characters). Anything else —
// ftp://, file://, "localhost:80", "javascript:…" — is invalid_field on `url`, saying why.
Result<void> check_webhook_url(std::string_view url);

}  // namespace taizhang
