// HTTP requests and responses as the handlers see them: plain structs with no Beast types, so
// that only api/server/ compiles Beast and a second front end could reuse every handler.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace taizhang::api {

struct Request {
  std::string method;  // "GET", "POST", …
  std::string target;  // path and query as sent
  std::string path;    // percent-decoded path without the query
  std::multimap<std::string, std::string> query;  // percent-decoded
  std::map<std::string, std::string> headers;     // names lower-cased
  std::string body;
  std::string remote;  // peer address, for logs

  std::optional<std::string> header(std::string_view name) const;
  std::optional<std::string> query_param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers

  void set_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

// Splits a request target into a decoded path and decoded query parameters. Returns nullopt for
// a target that is not origin-form or whose percent-encoding is malformed.
bool parse_target(std::string_view target, std::string& path,
                  std::multimap<std::string, std::string>& query);

}  // namespace taizhang::api
