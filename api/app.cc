#include "api/app.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>

#include <nlohmann/json.hpp>

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

namespace {

// Request ids: a per-process random prefix and a counter, so that ids from two runs of the
// server never collide in one log.
std::string next_request_id() {
  static const uint32_t prefix = [] {
    std::random_device rd;
    return static_cast<uint32_t>(rd());
  }();
  static std::atomic<uint64_t> counter{0};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%08x-%llu", prefix,
                static_cast<unsigned long long>(++counter));
  return buf;
}

// The detail a problem body carries, for the log line of a 5xx.
std::string problem_detail(const Response& r) {
  auto body = nlohmann::json::parse(r.body, nullptr, false);
  if (body.is_object() && body.contains("detail") && body["detail"].is_string()) {
    return body["detail"].get<std::string>();
  }
  return r.body.substr(0, 200);
}

// Adds request_id to a problem+json body; a 500 loses its detail, which stays in the log.
void stamp_problem(Response& r, const std::string& request_id) {
  if (r.content_type != "application/problem+json") return;
  auto body = nlohmann::json::parse(r.body, nullptr, false);
  if (!body.is_object()) return;
  if (r.status == 500) {
    body["detail"] = "internal error; request id " + request_id;
    body.erase("field");
    body.erase("fields");
  }
  body["request_id"] = request_id;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::optional<Response> App::web_page(const Request& request) const {
  if (!web_ || request.method != "GET") return std::nullopt;
  return web_->serve(request);
}

Response App::route(const Request& request) {
  try {
    auto match = router_.match(request.method, request.path);
    if (match.handler) return (*match.handler)(*this, request, match.params);
    if (!match.allowed.empty()) {
      std::string allow;
      for (const auto& m : match.allowed) allow += (allow.empty() ? "" : ", ") + m;
      Response response = problem(ErrorCode::method_not_allowed,
                                  request.method + " is not allowed here; use " + allow);
      response.set_header("Allow", allow);
      return response;
    }
    if (auto page = web_page(request)) return std::move(*page);
    return problem(ErrorCode::not_found, "no such resource: " + request.path);
  } catch (const std::exception& e) {
    return problem(ErrorCode::internal, std::string("unexpected failure: ") + e.what());
  }
}

void App::handle(Request request, Reply reply, const Offload& offload) {
  auto started = std::chrono::steady_clock::now();
  ++metrics_.requests;
  request.request_id = next_request_id();
  // HEAD is GET without the body: the same handler, the same headers.
  const bool head = request.method == "HEAD";
  if (head) request.method = "GET";
  Reply finish = [this, started, id = request.request_id,
                  what = (head ? "HEAD " : request.method + " ") + request.path,
                  reply = std::move(reply)](Response response) {
    if (response.status >= 500) {
      ++metrics_.responses_5xx;
      std::fprintf(stderr, "taizhang: request %s %s -> %d: %s\n", id.c_str(), what.c_str(),
                   response.status, problem_detail(response).c_str());
    } else if (response.status >= 400) {
      ++metrics_.responses_4xx;
    } else {
      ++metrics_.responses_2xx;
    }
    stamp_problem(response, id);
    response.set_header("X-Request-Id", id);
    add_security_headers(response);
    metrics_.request_micros_total += std::chrono::duration_cast<std::chrono::microseconds>(
                                         std::chrono::steady_clock::now() - started)
                                         .count();
    reply(std::move(response));
  };
  Response response = route(request);
  if (!response.pending) return finish(std::move(response));
  ++metrics_.writes_in_flight;
  Reply counted = [this, finish = std::move(finish)](Response r) {
    --metrics_.writes_in_flight;
    finish(std::move(r));
  };
  response.pending(std::move(counted), offload);
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
