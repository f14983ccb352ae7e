#include "api/app.h"

#include <chrono>

#include "api/problem.h"

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
  metrics_.request_micros_total += std::chrono::duration_cast<std::chrono::microseconds>(
                                       std::chrono::steady_clock::now() - started)
                                       .count();
  return response;
}

}  // namespace taizhang::api

namespace taizhang::api {

namespace {

// The form around an uploaded file: boundaries, part heads, the kind and the references.
constexpr size_t kUploadFormOverheadBytes = 64 << 10;

// "/api/v1/items/12/attachments" (a query may follow).
bool is_upload_target(std::string_view target) {
  target = target.substr(0, target.find('?'));
  constexpr std::string_view prefix = "/api/v1/items/", suffix = "/attachments";
  if (!target.starts_with(prefix) || !target.ends_with(suffix)) return false;
  std::string_view id = target.substr(prefix.size(), target.size() - prefix.size() - suffix.size());
  return !id.empty() && id.size() <= 19 &&
         id.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

std::optional<size_t> App::body_limit_for(std::string_view method, std::string_view target) const {
  if (method != "POST" || !is_upload_target(target)) return std::nullopt;
  return static_cast<size_t>(attachment_limit_bytes_) + kUploadFormOverheadBytes;
}

}  // namespace taizhang::api
