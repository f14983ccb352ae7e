#include "api/problem.h"

#include <nlohmann/json.hpp>

namespace taizhang::api {

namespace {

struct Mapping {
  int status;
  const char* title;
};

Mapping mapping(ErrorCode code) {
  switch (code) {
    case ErrorCode::bad_json: return {400, "Malformed JSON"};
    case ErrorCode::invalid_field: return {400, "Invalid field"};
    case ErrorCode::unauthenticated: return {401, "Not signed in"};
    case ErrorCode::bad_credentials: return {401, "Wrong name or password"};
    case ErrorCode::too_many_attempts: return {429, "Too many failed sign-ins"};
    case ErrorCode::forbidden: return {403, "Not allowed"};
    case ErrorCode::not_found: return {404, "Not found"};
    case ErrorCode::method_not_allowed: return {405, "Method not allowed"};
    case ErrorCode::illegal_transition: return {409, "Action not available from this stage"};
    case ErrorCode::conflict: return {409, "Conflict"};
    case ErrorCode::idempotency_conflict: return {409, "Idempotency-Key reused for another request"};
    case ErrorCode::insufficient_fund: return {422, "Fund has too little left"};
    case ErrorCode::over_allocation: return {422, "More than the item was allocated"};
    case ErrorCode::version_conflict: return {412, "Item has changed"};
    case ErrorCode::payload_too_large: return {413, "Body too large"};
    case ErrorCode::unsupported_media_type: return {415, "File type not kept"};
    case ErrorCode::guard_failed: return {422, "Transition requirements not met"};
    case ErrorCode::several_deadlines: return {422, "The text holds several deadlines"};
    case ErrorCode::unavailable: return {503, "Unavailable"};
    case ErrorCode::internal: return {500, "Internal error"};
  }
  return {500, "Internal error"};
}

Mapping mapping(ProtocolError code) {
  switch (code) {
    case ProtocolError::bad_request: return {400, "Bad request"};
    case ProtocolError::header_too_large: return {431, "Request headers too large"};
    case ProtocolError::not_implemented: return {501, "Not implemented"};
  }
  return {400, "Bad request"};
}

// The members every problem has; `extra` adds the rest.
Response problem_response(Mapping m, std::string_view code, const std::string& detail,
                          nlohmann::json extra = nlohmann::json::object()) {
  nlohmann::json body = {{"type", "https://taizhang.dev/problems/" + std::string(code)},
                         {"title", m.title},
                         {"status", m.status},
                         {"detail", detail},
                         {"code", code}};
  body.update(extra);
  Response r;
  r.status = m.status;
  r.content_type = "application/problem+json";
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

}  // namespace

std::string_view to_string(ProtocolError code) {
  switch (code) {
    case ProtocolError::bad_request: return "bad_request";
    case ProtocolError::header_too_large: return "header_too_large";
    case ProtocolError::not_implemented: return "not_implemented";
  }
  return "bad_request";
}

Response problem(ProtocolError code, std::string detail) {
  return problem_response(mapping(code), to_string(code), detail);
}

int http_status(ErrorCode code) { return mapping(code).status; }

Response problem(const Error& error) {
  nlohmann::json body = nlohmann::json::object();
  if (!error.field.empty()) body["field"] = error.field;
  if (!error.fields.empty()) body["fields"] = error.fields;
  if (error.code == ErrorCode::guard_failed) {
    body["blocked_by"] = nlohmann::json::array();
    for (const auto& b : error.blocked_by) {
      nlohmann::json j = {{"guard", b.guard}, {"detail", b.detail}};
      if (!b.field.empty()) j["field"] = b.field;
      body["blocked_by"].push_back(std::move(j));
    }
  }
  Response r = problem_response(mapping(error.code), to_string(error.code), error.message, body);
  if (error.code == ErrorCode::unauthenticated) r.set_header("WWW-Authenticate", "Bearer");
  // Overload, shutdown and a full disk pass: a client may retry the same request shortly.
  if (error.code == ErrorCode::unavailable) r.set_header("Retry-After", "5");
  return r;
}

Response problem(ErrorCode code, std::string detail, std::string field) {
  return problem(Error{code, std::move(detail), std::move(field), {}});
}

}  // namespace taizhang::api
