// Work items: create, list, read, history.

#include "api/after_commit.h"
#include "api/app.h"
#include "delivery/spreadsheet/csv_row.h"
#include "api/auth.h"
#include "engine/access/scope_refusal.h"
#include "api/handlers/handlers.h"
#include "api/handlers/id_request.h"
#include "api/views/item_view.h"
#include "api/json_io.h"
#include "api/paging.h"
#include "api/problem.h"
#include "engine/base/amount.h"
#include "engine/deadline/expression.h"
#include "engine/progress/item_facts.h"

namespace taizhang::api {

namespace {

constexpr int kDefaultPage = 50;
constexpr int kMaxPage = 200;
constexpr int kDefaultHistoryPage = 200;
constexpr int kMaxHistoryPage = 1000;

// `responsible` is a user id or a user's unique name.
Result<std::optional<int64_t>> responsible_field(App& app, const nlohmann::json& body) {
  if (!body.contains("responsible") || body["responsible"].is_null()) {
    return std::optional<int64_t>{};
  }
  const auto& v = body["responsible"];
  if (v.is_number_integer()) {
    auto id = int_field(body, "responsible", true, 1, INT64_MAX);
    if (!id) return std::unexpected(id.error());
    return *id;
  }
  auto name = string_field(body, "responsible", true, 200);
  if (!name) return std::unexpected(name.error());
  auto users = app.db().read([&](StoreReader& s) -> Result<std::vector<User>> {
    return s.users_named(**name);
  });
  if (!users) return std::unexpected(users.error());
  if (users->size() != 1) {
    return fail(ErrorCode::invalid_field,
                users->empty() ? "no user named " + **name
                               : "several users are named " + **name + "; send the id",
                "responsible");
  }
  return std::optional<int64_t>{users->front().id};
}

Result<NewItem> parse_new_item(App& app, const nlohmann::json& body) {
  if (auto ok = only_fields(body, {"workflow", "title", "org", "plan_year", "responsible",
                                   "budget_fen", "due_on", "deadline", "fields"});
      !ok) {
    return std::unexpected(ok.error());
  }
  NewItem n;
  auto workflow = string_field(body, "workflow", true, 64);
  if (!workflow) return std::unexpected(workflow.error());
  n.workflow = **workflow;
  auto title = string_field(body, "title", true, kMaxTitleBytes);
  if (!title) return std::unexpected(title.error());
  n.title = **title;
  if (!body.contains("org") || !(body["org"].is_string() || body["org"].is_number_integer())) {
    return fail(ErrorCode::invalid_field, "org is required: a unit's name or id", "org");
  }
  const std::string ref =
      body["org"].is_string() ? body["org"].get<std::string>() : body["org"].dump();
  const OrgUnit* org = app.orgs().resolve(ref);
  if (!org) return fail(ErrorCode::invalid_field, "no unit named " + ref, "org");
  n.org_id = org->id;
  auto year = int_field(body, "plan_year", true, 2000, 2100);
  if (!year) return std::unexpected(year.error());
  n.plan_year = static_cast<int>(**year);
  auto responsible = responsible_field(app, body);
  if (!responsible) return std::unexpected(responsible.error());
  n.responsible_id = *responsible;
  auto budget = int_field(body, "budget_fen", false, 0, kMaxAmountFen);
  if (!budget) return std::unexpected(budget.error());
  n.budget_fen = *budget;
  auto due = string_field(body, "due_on", false, 10);
  if (!due) return std::unexpected(due.error());
  n.due_on = *due;
  auto deadline = string_field(body, "deadline", false, kMaxDeadlineTextBytes);
  if (!deadline) return std::unexpected(deadline.error());
  n.deadline = *deadline;
  if (body.contains("fields")) n.fields = body["fields"];
  return n;
}

Result<ItemQuery> parse_item_query(App& app, const Request& req, const Principal& who) {
  ItemQuery q;
  auto page = page_request(req, kDefaultPage, kMaxPage);
  if (!page) return std::unexpected(page.error());
  q.limit = page->fetch();
  q.after_id = page->after_id;
  q.org_ids = who.visible_orgs;
  if (auto ref = req.query_param("org")) {
    const OrgUnit* org = app.orgs().resolve(*ref);
    if (!org) return fail(ErrorCode::invalid_field, "no unit named " + *ref, "org");
    std::set<int64_t> wanted = app.orgs().subtree(org->id);
    if (q.org_ids) {
      std::set<int64_t> both;
      for (int64_t id : wanted) {
        if (q.org_ids->contains(id)) both.insert(id);
      }
      wanted = std::move(both);
    }
    q.org_ids = std::move(wanted);
  }
  if (auto wf = req.query_param("workflow")) {
    if (!app.workflows().current(*wf)) {
      return fail(ErrorCode::invalid_field, "no workflow named " + *wf, "workflow");
    }
    q.workflow = *wf;
  }
  if (auto stage = req.query_param("stage")) {
    if (stage->empty() || stage->size() > 64) {
      return fail(ErrorCode::invalid_field, "stage must be a stage id", "stage");
    }
    q.stage = *stage;
  }
  if (auto overdue = req.query_param("overdue")) {
    if (*overdue == "true") {
      q.overdue_on = format_date(app.clock().today());
    } else if (*overdue != "false") {
      return fail(ErrorCode::invalid_field, "overdue must be true or false", "overdue");
    }
  }
  if (auto text = req.query_param("q")) {
    if (text->find_first_not_of(' ') == std::string::npos || text->size() > kMaxTitleBytes) {
      return fail(ErrorCode::invalid_field, "q must be 1 to 200 characters of a title", "q");
    }
    q.title_contains = *text;
  }
  for (auto [name, slot] : {std::pair{"due_from", &q.due_from}, std::pair{"due_to", &q.due_to}}) {
    if (auto d = req.query_param(name)) {
      if (!parse_date(*d)) {
        return fail(ErrorCode::invalid_field, std::string(name) + " must be " + std::string(kDateRule),
                    name);
      }
      *slot = *d;
    }
  }
  if (q.due_from && q.due_to && *q.due_from > *q.due_to) {
    return fail(ErrorCode::invalid_field, "due_from is after due_to", "due_from");
  }
  if (auto who_answers = req.query_param("responsible")) {
    if (*who_answers == "me") {
      q.responsible_id = who.user.id;
    } else if (auto id = parse_int64(*who_answers); id && *id > 0) {
      q.responsible_id = *id;
    } else {
      return fail(ErrorCode::invalid_field, "responsible must be me or a user id", "responsible");
    }
  }
  if (auto sort = req.query_param("sort")) {
    if (*sort == "due_on") {
      q.by_due = true;
      q.after_due_key = page->after_due_key;
    } else if (*sort != "id") {
      return fail(ErrorCode::invalid_field, "sort must be id or due_on", "sort");
    }
  }
  // A cursor from one order means nothing in the other.
  if (!q.by_due && !page->after_due_key.empty()) {
    return fail(ErrorCode::invalid_field, "this cursor belongs to a list sorted by due_on",
                "cursor");
  }
  if (q.by_due && page->after_id && page->after_due_key.empty()) {
    return fail(ErrorCode::invalid_field, "this cursor belongs to a list sorted by id", "cursor");
  }
  return q;
}

std::string due_key(const WorkItem& item) { return item.due_on.value_or(kNoDueKey); }

// The whole filtered list, every page of it, as a CSV for Excel. Bounded: past kMaxCsvItems the
// answer is an error asking for narrower filters, never a silently cut file.
constexpr int kMaxCsvItems = 20'000;
constexpr int kCsvBatch = 500;

Response item_list_csv(App& app, ItemQuery q) {
  const std::string today = format_date(app.clock().today());
  std::string body(kCsvBom);
  body += csv_row({"编号", "事项名称", "类别", "单位", "当前环节", "截止日期", "是否逾期",
                   "负责人", "预算（元）", "计划年度", "最后更新"});
  auto written = app.db().read([&](StoreReader& store) -> Result<int> {
    int count = 0;
    q.limit = kCsvBatch;
    for (;;) {
      std::vector<WorkItem> rows = store.items(q);
      for (const WorkItem& item : rows) {
        if (++count > kMaxCsvItems) {
          return fail(ErrorCode::invalid_field,
                      "the list holds more than 20000 items; narrow the filters to export it",
                      "format");
        }
        WorkflowPtr def = app.workflows().version(item.workflow, item.workflow_version);
        const Stage* stage = def ? def->stage(item.stage) : nullptr;
        const OrgUnit* org = app.orgs().find(item.org_id);
        std::string responsible;
        if (item.responsible_id) {
          if (auto u = store.user(*item.responsible_id)) responsible = u->name;
        }
        const bool overdue = item.overdue_on(today);
        body += csv_row({std::to_string(item.id), item.title, def ? def->name : item.workflow,
                         org ? org->name : "", stage ? stage->name : item.stage,
                         item.due_on.value_or(""), overdue ? "是" : "否", responsible,
                         item.budget_fen ? format_yuan(*item.budget_fen) : "",
                         std::to_string(item.plan_year), item.updated_at.substr(0, 10)});
      }
      if (rows.size() < static_cast<size_t>(kCsvBatch)) return count;
      q.after_id = rows.back().id;
      q.after_due_key = due_key(rows.back());
    }
  });
  if (!written) return problem(written.error());
  Response r;
  r.status = 200;
  r.content_type = "text/csv; charset=utf-8";
  r.body = std::move(body);
  // 事项清单.csv, with an ASCII name for clients that read only filename=.
  r.set_header("Content-Disposition",
               "attachment; filename=\"items.csv\"; "
               "filename*=UTF-8''%E4%BA%8B%E9%A1%B9%E6%B8%85%E5%8D%95.csv");
  return r;
}

}  // namespace

Result<int64_t> id_param(const PathParams& params, const char* name) {
  auto it = params.find(name);
  if (it != params.end()) {
    if (auto id = parse_int64(it->second); id && *id > 0) return *id;
  }
  return fail(ErrorCode::not_found, "no such resource");
}

Response post_item(App& app, const Request& req, const PathParams&) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  auto body = read_object(req);
  if (!body) return problem(body.error());
  auto n = parse_new_item(app, *body);
  if (!n) return problem(n.error());
  return answer_after_commit(
      app,
      [&app, who = *who, n = *n](StoreWriter& store) {
        return create_item(store, app.rules(), who, n, app.clock().now());
      },
      [&app](Result<WorkItem> created) {
        Response r = item_answer(app, 201, created);
        if (created) r.set_header("Location", "/api/v1/items/" + std::to_string(created->id));
        return r;
      });
}

Result<WorkItem> visible_item(StoreReader& store, const Principal& who, int64_t id) {
  auto item = store.item(id);
  if (!item) return fail(ErrorCode::not_found, no_such("item", id));
  if (!who.can_see_org(item->org_id)) return std::unexpected(out_of_scope("item", id, item->org_id));
  return std::move(*item);
}

Response item_answer(App& app, int status, const Result<WorkItem>& item) {
  if (!item) return problem(item.error());
  app.item_changed(item->id);
  auto view = app.db().read(
      [&](StoreReader& store) -> Result<nlohmann::json> { return item_json(app, store, *item); });
  if (!view) return problem(view.error());
  Response r = json_response(status, *view);
  r.set_header("ETag", item_etag(*item));
  return r;
}

Response get_items(App& app, const Request& req, const PathParams&) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  auto q = parse_item_query(app, req, *who);
  if (!q) return problem(q.error());
  auto format = req.query_param("format");
  if (format && *format == "csv") return item_list_csv(app, *q);
  if (format && *format != "json") {
    return problem(Error{ErrorCode::invalid_field, "format must be json or csv", "format", {}});
  }
  auto page = app.db().read([&](StoreReader& store) -> Result<nlohmann::json> {
    std::vector<WorkItem> rows = store.items(*q);
    const PageRequest shown{q->limit - 1, q->after_id};
    nlohmann::json out = page_json("items", rows, shown,
                                   [&](const WorkItem& item) { return item_json(app, store, item); });
    if (q->by_due && !out["next_cursor"].is_null()) {
      const WorkItem& last = rows[static_cast<size_t>(shown.size) - 1];
      out["next_cursor"] = encode_due_cursor(due_key(last), last.id);
    }
    return out;
  });
  if (!page) return problem(page.error());
  return json_response(200, *page);
}

Response get_item(App& app, const Request& req, const PathParams& params) {
  return answer_visible(
      app, req, params, "item.read", visible_item,
      [&app](StoreReader& store, const Principal& who, const WorkItem& item) {
        nlohmann::json j = item_json(app, store, item);
        WorkflowPtr def = app.workflows().version(item.workflow, item.workflow_version);
        j["actions"] =
            def ? available_actions(*def, app.guards(), item, who,
                                    item_facts(store, app.orgs(), app.guards(), *def, item,
                                               format_date(shanghai_date(app.clock().now()))))
                : nlohmann::json::array();
        Response r = json_response(200, j);
        r.set_header("ETag", item_etag(item));
        return r;
      });
}

Response get_item_history(App& app, const Request& req, const PathParams& params) {
  auto on = id_request(app, req, params);
  if (!on) return problem(on.error());
  auto page = page_request(req, kDefaultHistoryPage, kMaxHistoryPage);
  if (!page) return problem(page.error());
  auto view = read_visible(
      app, *on, "item.history", visible_item,
      [&](StoreReader& store, const Principal&, const WorkItem& item) -> Result<nlohmann::json> {
        WorkflowPtr def = app.workflows().version(item.workflow, item.workflow_version);
        auto stage_name = [&](const std::optional<std::string>& s) -> nlohmann::json {
          if (!s) return nullptr;
          const Stage* st = def ? def->stage(*s) : nullptr;
          return st ? st->name : *s;
        };
        auto history_json = [&](const HistoryEntry& h) -> nlohmann::json {
          nlohmann::json actor = nullptr;
          if (h.actor_id) {
            auto u = store.user(*h.actor_id);
            actor = {{"id", *h.actor_id}, {"name", u ? u->name : ""}};
          }
          return {{"at", h.at},
                  {"actor", actor},
                  {"action", h.action},
                  {"from", h.from_stage ? nlohmann::json(*h.from_stage) : nullptr},
                  {"from_name", stage_name(h.from_stage)},
                  {"to", h.to_stage},
                  {"to_name", stage_name(h.to_stage)},
                  {"comment", h.comment ? nlohmann::json(*h.comment) : nullptr},
                  {"fields", h.fields},
                  {"due_on", h.due_on ? nlohmann::json(*h.due_on) : nullptr},
                  {"deadline", h.deadline ? nlohmann::json(*h.deadline) : nullptr},
                  {"audit_seq", h.audit_seq}};
        };
        nlohmann::json out = page_json(
            "history", store.history(item.id, page->after_id, page->fetch()), *page, history_json);
        out["item_id"] = item.id;
        return out;
      });
  if (!view) return std::move(view.error());
  return json_response(200, *view);
}

}  // namespace taizhang::api
