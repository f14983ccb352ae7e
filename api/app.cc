#include "api/app.h"

#include <chrono>

#include "api/problem.h"
#include "api/security_headers.h"

namespace taizhang::api {

App::App(Database& db, WorkflowCatalog workflows, OrgTree orgs, GuardRegistry guards,
         WorkingDayCalendar calendar, Clock clock, NoticeRules notice_rules)
    : db_(db),
      workflows_(std::move(workflows)),
      orgs_(std::move(orgs)),
      guards_(std::move(guards)),
      calendar_(std::move(calendar)),
      clock_(clock),
      notice_rules_(notice_rules) {
  add_routes(router_);
}

std::optional<Response> App::web_page(const Request& request) const {
  if (!web_ || request.method != "GET") return std::nullopt;
  return web_->serve(request);
}

Response App::handle(const Request& request) {
  auto started = std::chrono::steady_clock::now();
  ++metrics_.requests;
  Response response;
  try {
    auto match = router_.match(request.method, request.path);
    if (match.handler) {
      response = (*match.handler)(*this, request, match.params);
    } else if (!match.allowed.empty()) {
      std::string allow;
      for (const auto& m : match.allowed) allow += (allow.empty() ? "" : ", ") + m;
      response = problem(ErrorCode::method_not_allowed,
                         request.method + " is not allowed here; use " + allow);
      response.set_header("Allow", allow);
    } else if (auto page = web_page(request)) {
      response = std::move(*page);
    } else {
      response = problem(ErrorCode::not_found, "no such resource: " + request.path);
    }
  } catch (const std::exception& e) {
    response = problem(ErrorCode::internal, std::string("unexpected failure: ") + e.what());
  }
  if (response.status < 300) {
    ++metrics_.responses_2xx;
  } else if (response.status < 500) {
    ++metrics_.responses_4xx;
  } else {
    ++metrics_.responses_5xx;
  }
  add_security_headers(response);
  metrics_.request_micros_total += std::chrono::duration_cast<std::chrono::microseconds>(
                                       std::chrono::steady_clock::now() - started)
                                       .count();
  return response;
}

}  // namespace taizhang::api
