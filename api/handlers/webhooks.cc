// Webhooks (admin): POST /api/v1/webhooks, GET /api/v1/webhooks,
// GET /api/v1/webhooks/{id}/deliveries. A webhook's secret is taken once and never shown again.

#include <chrono>

#include "delivery/webhook_test_send.h"
#include "delivery/webhook_url.h"
#include "api/after_commit.h"
#include "api/app.h"
#include "api/auth.h"
#include "api/handlers/handlers.h"
#include "api/json_io.h"
#include "api/paging.h"
#include "api/problem.h"
#include "engine/webhooks/webhook_commands.h"

namespace taizhang::api {

namespace {

constexpr int kDefaultPage = 50;
constexpr int kMaxPage = 200;

using nlohmann::json;

// `org`: a unit's name, or its id as a JSON integer or a decimal string.
Result<std::optional<int64_t>> parse_org(const App& app, const json& body) {
  if (!body.contains("org") || body["org"].is_null()) return std::optional<int64_t>{};
  const json& v = body["org"];
  const OrgUnit* unit = nullptr;
  if (v.is_number_integer()) {
    unit = app.orgs().find(v.get<int64_t>());
  } else if (v.is_string()) {
    unit = app.orgs().resolve(v.get_ref<const std::string&>());
  } else {
    return fail(ErrorCode::invalid_field, "org must be a unit's name or id", "org");
  }
  if (unit == nullptr) return fail(ErrorCode::invalid_field, "no such unit: " + v.dump(), "org");
  return std::optional<int64_t>{unit->id};
}

// `levels`: absent or null means every level; otherwise a non-empty array of level names.
Result<std::vector<AlertLevel>> parse_levels(const json& body) {
  if (!body.contains("levels") || body["levels"].is_null()) {
    return std::vector<AlertLevel>{AlertLevel::due_soon, AlertLevel::overdue,
                                   AlertLevel::escalated};
  }
  const json& v = body["levels"];
  if (!v.is_array() || v.empty() || v.size() > 3) {
    return fail(ErrorCode::invalid_field,
                "levels must be a non-empty array of due_soon, overdue, escalated", "levels");
  }
  std::vector<AlertLevel> out;
  for (size_t i = 0; i < v.size(); ++i) {
    auto level = v[i].is_string() ? parse_alert_level(v[i].get_ref<const std::string&>())
                                  : std::nullopt;
    if (!level) {
      return fail(ErrorCode::invalid_field,
                  "levels[" + std::to_string(i) + "] must be due_soon, overdue or escalated",
                  "levels");
    }
    out.push_back(*level);
  }
  return out;
}

Result<NewWebhook> parse_new_webhook(const App& app, const json& body) {
  if (auto ok = only_fields(body, {"url", "format", "org", "levels", "secret"}); !ok) {
    return std::unexpected(ok.error());
  }
  NewWebhook w;
  auto url = string_field(body, "url", true, kMaxWebhookUrlBytes);
  if (!url) return std::unexpected(url.error());
  if (auto ok = check_webhook_url(**url); !ok) return std::unexpected(ok.error());
  w.url = **url;
  auto format_text = string_field(body, "format", true, 32);
  if (!format_text) return std::unexpected(format_text.error());
  auto format = parse_webhook_format(**format_text);
  if (!format) {
    return fail(ErrorCode::invalid_field, "format must be json, dingtalk or wecom", "format");
  }
  w.format = *format;
  auto org = parse_org(app, body);
  if (!org) return std::unexpected(org.error());
  w.org_id = *org;
  auto levels = parse_levels(body);
  if (!levels) return std::unexpected(levels.error());
  w.levels = std::move(*levels);
  auto secret = string_field(body, "secret", false, kMaxWebhookSecretBytes);
  if (!secret) return std::unexpected(secret.error());
  w.secret = secret->value_or("");
  return w;
}

json webhook_json(const App& app, const Webhook& h) {
  json levels = json::array();
  for (auto l : h.levels) levels.push_back(to_string(l));
  json org = nullptr;
  if (h.org_id) {
    const OrgUnit* unit = app.orgs().find(*h.org_id);
    org = unit != nullptr ? json(unit->name) : json(nullptr);
  }
  return {{"id", h.id},
          {"url", masked_url(h.url)},
          {"format", to_string(h.format)},
          {"org_id", h.org_id ? json(*h.org_id) : json(nullptr)},
          {"org", org},
          {"levels", levels},
          {"secret_set", !h.secret.empty()},
          {"created_at", h.created_at},
          {"created_by", h.created_by}};
}

json delivery_json(const WebhookDelivery& d) {
  auto opt = [](const auto& v) { return v ? json(*v) : json(nullptr); };
  json next = nullptr;
  if (d.state == DeliveryState::pending) {
    next = format_rfc3339(TimePoint(std::chrono::milliseconds(d.next_attempt_ms)));
  }
  return {{"id", d.id},
          {"event_id", d.event_id},
          {"state", to_string(d.state)},
          {"attempts", d.attempts},
          {"next_attempt_at", next},
          {"last_status", opt(d.last_status)},
          {"last_error", opt(d.last_error)},
          {"delivered_at", opt(d.delivered_at)}};
}

}  // namespace

Response post_webhook(App& app, const Request& req, const PathParams&) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  if (auto ok = require_role(*who, {Role::admin}); !ok) return problem(ok.error());
  auto body = read_object(req);
  if (!body) return problem(body.error());
  auto request = parse_new_webhook(app, *body);
  if (!request) return problem(request.error());
  return answer_after_commit(
      app,
      [&app, who = *who, request = *request](StoreWriter& store) {
        return create_webhook(store, who, app.orgs(), request, app.clock().now());
      },
      [&app](Result<Webhook> hook) {
        if (!hook) return problem(hook.error());
        return json_response(201, webhook_json(app, *hook));
      });
}

Response get_webhooks(App& app, const Request& req, const PathParams&) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  if (auto ok = require_role(*who, {Role::admin}); !ok) return problem(ok.error());
  auto list = app.db().read([&](StoreReader& store) -> Result<json> {
    json out = {{"webhooks", json::array()}};
    for (const auto& h : store.webhooks()) out["webhooks"].push_back(webhook_json(app, h));
    return out;
  });
  if (!list) return problem(list.error());
  return json_response(200, *list);
}

Response get_webhook_deliveries(App& app, const Request& req, const PathParams& params) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  if (auto ok = require_role(*who, {Role::admin}); !ok) return problem(ok.error());
  auto id = id_param(params, "id");
  if (!id) return problem(id.error());
  auto paging = page_request(req, kDefaultPage, kMaxPage);
  if (!paging) return problem(paging.error());
  auto page = app.db().read([&](StoreReader& store) -> Result<json> {
    if (!store.webhook(*id)) return fail(ErrorCode::not_found, "no webhook " + std::to_string(*id));
    return page_json("deliveries", store.deliveries(*id, paging->after_id, paging->fetch()),
                     *paging, delivery_json);
  });
  if (!page) return problem(page.error());
  return json_response(200, *page);
}

// POST /api/v1/webhooks/{id}/test: sends one test message now, outside the outbox, and says
// whether the endpoint took it (its status, or the error a delivery would record).
Response post_webhook_test(App& app, const Request& req, const PathParams& params) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  if (auto ok = require_role(*who, {Role::admin}); !ok) return problem(ok.error());
  auto id = id_param(params, "id");
  if (!id) return problem(id.error());
  auto hook = app.db().read([&](StoreReader& store) -> Result<Webhook> {
    auto h = store.webhook(*id);
    if (!h) return fail(ErrorCode::not_found, "no webhook " + std::to_string(*id));
    return *h;
  });
  if (!hook) return problem(hook.error());
  constexpr int kTestTimeoutMs = 5000;
  const TestSendResult sent =
      send_now(render_test_message(*hook, std::chrono::system_clock::now()), kTestTimeoutMs);
  return json_response(200, {{"delivered", sent.delivered},
                             {"status", sent.status ? json(*sent.status) : json(nullptr)},
                             {"error", sent.error.empty() ? json(nullptr) : json(sent.error)}});
}

}  // namespace taizhang::api
