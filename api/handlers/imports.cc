// POST /api/v1/imports?kind=funds|items[&commit=true][&mapping={…}]: the body is the spreadsheet
// itself (XLSX, or CSV in UTF-8 or GBK), within the server's body limit. Without commit, the
// answer previews every row with its result or errors (row and column named). With commit=true,
// every new row is created in one write job — all or none: 201 when created, 422 with the same
// report when any row has an error and nothing was created.
#include "api/app.h"
#include "api/auth.h"
#include "api/handlers/handlers.h"
#include "api/json_io.h"
#include "api/problem.h"
#include "delivery/spreadsheet/table_reader.h"
#include "engine/progress/import_commands.h"

namespace taizhang::api {

Response post_import(App& app, const Request& req, const PathParams&) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  auto kind = parse_import_kind(req.query_param("kind").value_or(""));
  if (!kind) return problem(ErrorCode::invalid_field, "kind must be funds or items", "kind");
  const std::string commit_text = req.query_param("commit").value_or("false");
  if (commit_text != "true" && commit_text != "false") {
    return problem(ErrorCode::invalid_field, "commit must be true or false", "commit");
  }
  ColumnMapping mapping;
  if (auto text = req.query_param("mapping")) {
    auto doc = nlohmann::json::parse(*text, nullptr, false);
    if (doc.is_discarded()) return problem(ErrorCode::invalid_field, "mapping must be JSON", "mapping");
    auto parsed = parse_column_mapping(doc);
    if (!parsed) return problem(parsed.error());
    mapping = std::move(*parsed);
  }
  auto table = read_import_bytes(req.body);
  if (!table) return problem(table.error());
  locate_header(*table, *kind, mapping, app.workflows());
  const ItemRules rules = app.rules();
  const TimePoint now = app.clock().now();
  Result<ImportReport> report =
      commit_text == "true"
          ? app.db().writer().run([&](StoreWriter& store) {
              return commit_import(store, rules, *who, *kind, *table, mapping, now);
            })
          : app.db().read([&](StoreReader& store) {
              return preview_import(store, rules, *who, *kind, *table, mapping, now);
            });
  if (!report) return problem(report.error());
  if (commit_text == "true" && !report->committed) {
    Response r = problem(ErrorCode::invalid_field,
                         std::to_string(report->errors) + "行有错误，未导入任何一行", "file");
    auto body = nlohmann::json::parse(r.body, nullptr, false);
    body["report"] = to_json(*report);
    r.status = 422;
    r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
  }
  return json_response(report->committed ? 201 : 200, to_json(*report));
}

}  // namespace taizhang::api
