// Maps method + path to a handler. Patterns are literal segments and {name} captures:
// "/api/v1/items/{id}/transitions". A path that matches with another method is 405, none is 404.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/http.h"

namespace taizhang::api {

class App;
using PathParams = std::map<std::string, std::string, std::less<>>;
using Handler = std::function<Response(App&, const Request&, const PathParams&)>;

class Router {
 public:
  void add(std::string method, std::string_view pattern, Handler handler);

  struct Match {
    const Handler* handler = nullptr;  // null: see allowed
    PathParams params;
    std::vector<std::string> allowed;  // methods the path does accept (for 405's Allow)
  };
  Match match(std::string_view method, std::string_view path) const;

  // Every registered route as (method, pattern), in registration order (for API docs checks).
  std::vector<std::pair<std::string, std::string>> routes() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& r : routes_) {
      std::string pattern;
      for (const auto& s : r.segments) pattern += "/" + s;
      out.emplace_back(r.method, pattern.empty() ? "/" : pattern);
    }
    return out;
  }

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace taizhang::api
