#include "api/router.h"

#include <algorithm>

#include "api/problem.h"

namespace taizhang::api {

namespace {

std::vector<std::string_view> split(std::string_view path) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '/') {
      ++pos;
      continue;
    }
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

}  // namespace

Result<void> check_query(const Request& request, const std::vector<std::string>& accepted) {
  for (auto it = request.query.begin(); it != request.query.end();
       it = request.query.upper_bound(it->first)) {
    const std::string& name = it->first;
    if (std::find(accepted.begin(), accepted.end(), name) == accepted.end()) {
      std::string known;
      for (const auto& a : accepted) known += (known.empty() ? "" : ", ") + a;
      return fail(ErrorCode::invalid_field,
                  "unknown query parameter '" + name + "'; this route takes " +
                      (known.empty() ? std::string("none") : known),
                  name);
    }
    if (request.query.count(name) > 1) {
      return fail(ErrorCode::invalid_field, "query parameter '" + name + "' is given twice", name);
    }
  }
  return {};
}

void Router::add(std::string method, std::string_view pattern, Handler handler,
                 std::vector<std::string> query) {
  Handler checked = [handler = std::move(handler), query = std::move(query)](
                        App& app, const Request& request, const PathParams& params) {
    if (auto ok = check_query(request, query); !ok) return problem(ok.error());
    return handler(app, request, params);
  };
  Route r{std::move(method), {}, std::move(checked)};
  for (auto s : split(pattern)) r.segments.emplace_back(s);
  routes_.push_back(std::move(r));
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match m;
  auto parts = split(path);
  if (!path.empty() && path.back() == '/' && path.size() > 1) return m;  // no trailing slashes
  for (const auto& route : routes_) {
    if (route.segments.size() != parts.size()) continue;
    PathParams params;
    bool ok = true;
    for (size_t i = 0; i < parts.size() && ok; ++i) {
      const std::string& seg = route.segments[i];
      if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
        params[seg.substr(1, seg.size() - 2)] = std::string(parts[i]);
      } else {
        ok = seg == parts[i];
      }
    }
    if (!ok) continue;
    if (route.method == method) {
      m.handler = &route.handler;
      m.params = std::move(params);
      return m;
    }
    m.allowed.push_back(route.method);
  }
  return m;
}

}  // namespace taizhang::api
