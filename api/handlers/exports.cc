// The 台账 reports for download: GET /api/v1/exports/{kind}?format=xlsx|csv&as_of=&org=&unit=.
// Scoped like the items: a user sees the units they are scoped to (a village's manager exports
// only that village), and a unit outside the scope answers 404 like an absent one. The report is
// computed in one read transaction and names the audit head it was computed from, in the file
// and in the X-Audit-Seq and X-Audit-Hash headers.
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/app.h"
#include "api/auth.h"
#include "api/handlers/handlers.h"
#include "api/problem.h"
#include "delivery/spreadsheet/sheet_files.h"
#include "engine/report/report_context.h"

namespace taizhang::api {

namespace {

// RFC 5987 percent-encoding for filename*=UTF-8''…
std::string percent_encoded(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// A private directory for one export's files, removed when the export is answered.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "taizhang-export-XXXXXX").string();
    if (mkdtemp(pattern.data())) path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

Response get_export(App& app, const Request& req, const PathParams& params) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  auto kind = parse_report_kind(params.at("kind"));
  if (!kind) {
    return problem(ErrorCode::not_found, "no report " + params.at("kind").substr(0, 40) +
                                             " (reports: " + std::string(report_kind_names()) + ")");
  }
  auto format = parse_sheet_format(req.query_param("format").value_or("xlsx"));
  if (!format) {
    return problem(ErrorCode::invalid_field, "format must be xlsx or csv", "format");
  }
  auto unit = parse_money_unit(req.query_param("unit").value_or("yuan"));
  if (!unit) return problem(ErrorCode::invalid_field, "unit must be yuan or wan", "unit");
  const std::string today = format_date(app.clock().today());
  auto as_of = req.query_param("as_of") ? parse_as_of(*req.query_param("as_of"))
                                         : Result<std::string>(today);
  if (!as_of) return problem(as_of.error());

  ScratchDir scratch;
  if (scratch.path().empty()) {
    return problem(ErrorCode::internal, "cannot create a temporary directory");
  }
  const std::string file = scratch.path() + "/report";
  auto head = app.db().read([&](StoreReader& store) -> Result<ReportContext> {
    auto ctx = report_context(store, app.orgs(), app.workflows(), app.alert_policy(), *who,
                              req.query_param("org").value_or(""), *as_of, today);
    if (!ctx) return ctx;
    if (auto written = write_report_file(*kind, *ctx, *format, *unit, file); !written) {
      return std::unexpected(written.error());
    }
    return ctx;
  });
  if (!head) return problem(head.error());

  std::ifstream in(file, std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  if (!in) return problem(ErrorCode::internal, "cannot read the written report");
  Response res;
  res.status = 200;
  res.content_type = std::string(content_type(*format));
  res.body = std::move(body).str();
  const std::string ext = *format == SheetFormat::xlsx ? ".xlsx" : ".csv";
  const std::string name = std::string(to_string(*kind)) + "-" + *as_of + ext;
  const std::string chinese = head->unit->name + std::string(chinese_name(*kind)) + "（截至" +
                              *as_of + "）" + ext;
  res.set_header("Content-Disposition", "attachment; filename=\"" + name +
                                            "\"; filename*=UTF-8''" + percent_encoded(chinese));
  res.set_header("X-Audit-Seq", std::to_string(head->head.seq));
  res.set_header("X-Audit-Hash", head->head.hash);
  res.set_header("Cache-Control", "no-store");
  return res;
}

}  // namespace taizhang::api
