// Liveness and Prometheus metrics (no authentication: they reveal no data).
#include "api/app.h"
#include "api/handlers/handlers.h"
#include "api/json_io.h"
#include "api/problem.h"

namespace taizhang::api {

Response get_healthz(App& app, const Request&, const PathParams&) {
  // A read proves the database answers, not just the process.
  auto head = app.db().read([](StoreReader& store) -> Result<AuditHead> {
    return store.audit_head();
  });
  if (!head) return problem(head.error());
  return json_response(200, {{"status", "ok"}, {"time", format_rfc3339(app.clock().now())}});
}

Response get_metrics(App& app, const Request&, const PathParams&) {
  const Metrics& m = app.metrics();
  WriterStats w = app.db().writer().stats();
  std::string out;
  auto line = [&](const char* name, const char* help, const char* type, const std::string& body) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" +
           body;
  };
  line("taizhang_http_requests_total", "HTTP requests handled.", "counter",
       "taizhang_http_requests_total " + std::to_string(m.requests.load()) + "\n");
  line("taizhang_http_responses_total", "HTTP responses by status class.", "counter",
       "taizhang_http_responses_total{class=\"2xx\"} " + std::to_string(m.responses_2xx.load()) +
           "\ntaizhang_http_responses_total{class=\"4xx\"} " +
           std::to_string(m.responses_4xx.load()) +
           "\ntaizhang_http_responses_total{class=\"5xx\"} " +
           std::to_string(m.responses_5xx.load()) + "\n");
  line("taizhang_http_request_seconds_total", "Time spent handling requests.", "counter",
       "taizhang_http_request_seconds_total " +
           std::to_string(m.request_micros_total.load() / 1e6) + "\n");
  line("taizhang_connections_open", "Open client connections.", "gauge",
       "taizhang_connections_open " + std::to_string(m.connections_open.load()) + "\n");
  line("taizhang_connections_refused_total", "Connections refused at the limit.", "counter",
       "taizhang_connections_refused_total " + std::to_string(m.connections_refused.load()) +
           "\n");
  line("taizhang_connections_evicted_total",
       "Idle connections closed at a limit to admit a new one.", "counter",
       "taizhang_connections_evicted_total " + std::to_string(m.connections_evicted.load()) +
           "\n");
  line("taizhang_writes_in_flight", "Writes queued or committing, not yet answered.", "gauge",
       "taizhang_writes_in_flight " + std::to_string(m.writes_in_flight.load()) + "\n");
  line("taizhang_writer_jobs_total", "Write jobs run by the writer.", "counter",
       "taizhang_writer_jobs_total " + std::to_string(w.jobs) + "\n");
  line("taizhang_writer_commits_total", "Group commits (each one fsync).", "counter",
       "taizhang_writer_commits_total " + std::to_string(w.batches) + "\n");
  line("taizhang_writer_failed_commits_total", "Commits that failed.", "counter",
       "taizhang_writer_failed_commits_total " + std::to_string(w.failed_commits) + "\n");
  Response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = std::move(out);
  return r;
}

}  // namespace taizhang::api
