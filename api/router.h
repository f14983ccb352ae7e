// Maps method + path to a handler. Patterns are literal segments and {name} captures:
// "/api/v1/items/{id}/transitions". A path that matches with another method is 405, none is 404.
// Each route names the query parameters it takes; a request with any other, or with one of them
// twice, is answered 400 invalid_field naming it before the handler runs (`?limt=5` is a typo to
// point out, and `POST /items?dry_run=true` must not quietly create the item).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/http.h"
#include "engine/base/error.h"

namespace taizhang::api {

class App;
// invalid_field naming the first query parameter of `request` that is not in `accepted` or that
// is given more than once.
Result<void> check_query(const Request& request, const std::vector<std::string>& accepted);

using PathParams = std::map<std::string, std::string, std::less<>>;
using Handler = std::function<Response(App&, const Request&, const PathParams&)>;

class Router {
 public:
  // `query`: the parameter names the route takes ({} for none).
  void add(std::string method, std::string_view pattern, Handler handler,
           std::vector<std::string> query);

  struct Match {
    const Handler* handler = nullptr;  // null: see allowed
    PathParams params;
    std::vector<std::string> allowed;  // methods the path does accept (for 405's Allow)
  };
  Match match(std::string_view method, std::string_view path) const;

  // Every registered route as (method, pattern), in registration order (for API docs checks).
  std::vector<std::pair<std::string, std::string>> routes() const {
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(routes_.size());
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
    Handler handler;  // checks the query against the route's parameters, then runs the handler
  };
  std::vector<Route> routes_;
};

}  // namespace taizhang::api
