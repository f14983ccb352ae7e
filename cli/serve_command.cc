// taizhang serve: the HTTP API.
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdio>

#include "api/app.h"
#include "api/server/server.h"
#include "cli/bootstrap.h"
#include "cli/commands.h"
#include "engine/audit/checkpoint_key_file.h"
#include "engine/runtime/alert_scanner.h"
#include "engine/runtime/checkpoint_signer.h"
#include "engine/verify/startup_check.h"
#include "delivery/checkpoint_pusher.h"
#include "delivery/webhook_deliverer.h"
#include "delivery/webhook_url.h"

namespace taizhang::cli {

namespace {

struct ServeArgs {
  std::string db;
  std::string listen = "127.0.0.1:8080";
  std::string workflows = "workflows";
  std::string now;
  std::string calendar;
  std::string web_dir;
  NoticeRules notices;
  AlertPolicy alerts;
  int scan_interval_seconds = 60;
  std::string signing_key;  // empty: checkpoint_key_path_for(db)
  int64_t checkpoint_every_records = 100;
  int checkpoint_every_minutes = 60;
  std::string checkpoint_push;  // empty: checkpoints stay on this machine
  int64_t attachment_limit_bytes = kDefaultAttachmentLimitBytes;
  api::ServerOptions server;
};

void parse_listen(const std::string& text, api::ServerOptions& out) {
  auto colon = text.rfind(':');
  int port = -1;
  if (colon != std::string::npos) {
    auto r = std::from_chars(text.data() + colon + 1, text.data() + text.size(), port);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size()) port = -1;
  }
  if (colon == std::string::npos || colon == 0 || port < 0 || port > 65535) {
    die(Error{ErrorCode::invalid_field, "--listen must be ADDRESS:PORT, e.g. 127.0.0.1:8080",
              "listen", {}},
        2);
  }
  out.address = text.substr(0, colon);
  if (out.address.size() > 2 && out.address.front() == '[') {
    out.address = out.address.substr(1, out.address.size() - 2);  // [::1]
  }
  out.port = static_cast<uint16_t>(port);
}

// Each connection is a file descriptor, and so is each database connection: a soft limit of
// 1,024 (a common default) would make accept fail before --max-connections is reached. Raise
// the soft limit to the hard one; the accept loop backs off if it is reached all the same.
void raise_open_files_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

// The checkpoint signing key, or nullopt when there is none: a database initialised before keys
// were, or deliberately run without one, is served unsigned rather than refused. A key that is
// there but unsafe or unreadable ends the start.
std::optional<CheckpointKey> signing_key_for(const ServeArgs& args) {
  const std::string path =
      args.signing_key.empty() ? checkpoint_key_path_for(args.db) : args.signing_key;
  auto key = load_checkpoint_key_file(path);
  if (key) return std::move(*key);
  if (key.error().code != ErrorCode::not_found) die(key.error(), 2);
  std::fprintf(stderr,
               "taizhang: no checkpoint signing key at %s; serving without signed checkpoints "
               "(`taizhang init --db %s` creates one)\n",
               path.c_str(), args.db.c_str());
  return std::nullopt;
}

void run_serve(const ServeArgs& args) {
  raise_open_files_limit();
  api::ServerOptions options = args.server;
  parse_listen(args.listen, options);
  Clock clock = clock_from(args.now);
  auto signing_key = signing_key_for(args);
  auto rt = open_runtime(args.db, args.workflows, clock.now(), args.calendar);
  if (!rt) die(rt.error());
  // A database edited behind the server's back does not serve (engine/verify/startup_check.h).
  auto checked = rt->db->read([&](StoreReader& store) {
    return check_at_startup(store, rt->workflows,
                            signing_key ? signing_key->public_key_hex() : std::string());
  });
  if (!checked) die(checked.error());
  if (rt->orgs.units().empty()) {
    die(Error{ErrorCode::invalid_field,
              "the database has no organisation; run `taizhang init --db " + args.db + "` first",
              "db", {}});
  }
  api::App app(*rt->db, std::move(rt->workflows), std::move(rt->orgs), std::move(rt->guards),
               std::move(*rt->calendar), clock, args.notices);
  auto evidence = std::make_unique<EvidenceFiles>(EvidenceFiles::dir_for(args.db));
  if (auto ok = evidence->open(); !ok) die(ok.error());
  app.set_evidence(std::move(evidence), args.attachment_limit_bytes);
  options.body_limit_for = [&app](std::string_view method, std::string_view target) {
    return app.body_limit_for(method, target);
  };
  if (!args.web_dir.empty()) {
    auto web = api::StaticFiles::load(args.web_dir);
    if (!web) die(web.error(), 2);
    app.set_web_app(std::move(*web));
  }
  // Alerts: the scanner raises and resolves them; the deliverer pushes their events to webhooks.
  // Both run on their own threads, so a slow scan or a dead endpoint never holds a request.
  WebhookDeliverer deliverer(*rt->db, app.clock());
  AlertScanner scanner(*rt->db, app.orgs(), app.clock(), args.alerts,
                       std::chrono::seconds(args.scan_interval_seconds),
                       [&deliverer] { deliverer.poke(); });
  app.set_alert_policy(args.alerts);
  app.set_listeners([&scanner](int64_t item_id) { scanner.touched(item_id); },
                    [&deliverer] { deliverer.poke(); });
  // Checkpoints: signed on their own thread too, through the writer.
  std::optional<CheckpointSigner> signer;
  std::optional<CheckpointPusher> pusher;
  if (!args.checkpoint_push.empty()) {
    if (!signing_key) {
      die(Error{ErrorCode::invalid_field,
                "--checkpoint-push needs a signing key: there is none to sign checkpoints with",
                "checkpoint-push", {}},
          2);
    }
    if (auto ok = check_webhook_url(args.checkpoint_push); !ok) die(ok.error(), 2);
    pusher.emplace(*rt->db, args.checkpoint_push, signing_key->public_key_hex());
  }
  if (signing_key) {
    app.set_checkpoint_public_key(signing_key->public_key_hex());
    signer.emplace(*rt->db, app.clock(), std::move(*signing_key), args.checkpoint_every_records,
                   std::chrono::minutes(args.checkpoint_every_minutes));
  }
  deliverer.start();
  scanner.start();
  if (signer) signer->start();
  if (pusher) pusher->start();
  auto served = api::serve(app, options);
  if (pusher) pusher->stop();
  if (signer) signer->stop();
  scanner.stop();
  deliverer.stop();
  if (!served) die(served.error());
  rt->db->writer().stop();  // everything acknowledged is already durable; this just joins
  std::fprintf(stderr, "taizhang: stopped\n");
}

}  // namespace

void add_serve_command(CLI::App& app) {
  auto args = std::make_shared<ServeArgs>();
  auto* cmd = app.add_subcommand("serve", "Serve the HTTP API (JSON under /api/v1)");
  cmd->add_option("--db", args->db, "SQLite database file (created by `init`)")->required();
  cmd->add_option("--listen", args->listen, "ADDRESS:PORT to listen on (port 0: any)")
      ->capture_default_str();
  cmd->add_option("--workflows", args->workflows, "Directory of workflow definitions (*.json)")
      ->capture_default_str();
  cmd->add_option("--now", args->now,
                  "Start the clock at this RFC 3339 instant (then it advances normally)");
  cmd->add_option("--web-dir", args->web_dir,
                  "The built web app to serve at / (build/web after `make`); none: API only");
  cmd->add_option("--calendar", args->calendar,
                  "Working-day calendar JSON (default: the built-in calendar/cn_workdays.json)");
  auto* min_days = cmd->add_option("--notice-min-days", args->notices.min_period_days,
                                   "Shortest period a public notice (公示) may have, in days")
                        ->check(CLI::Range(1, kMaxNoticeDays))
                        ->capture_default_str();
  // Some counties rule the period in working days (7个工作日); a minimum is one kind or the other.
  cmd->add_option("--notice-min-working-days", args->notices.min_working_days,
                  "Shortest period a public notice may have, in working days on the holiday "
                  "calendar, instead of --notice-min-days")
      ->check(CLI::Range(1, kMaxNoticeDays))
      ->excludes(min_days);
  cmd->add_option("--scan-interval", args->scan_interval_seconds,
                  "Seconds between scans for due and overdue items (also scanned after each "
                  "change of an item)")
      ->check(CLI::Range(1, 86'400))
      ->capture_default_str();
  cmd->add_option("--signing-key", args->signing_key,
                  "The key that signs audit checkpoints (made by `init`; default: the "
                  "database's path + .signing-key); without one, none are signed");
  cmd->add_option("--checkpoint-every-records", args->checkpoint_every_records,
                  "Sign a checkpoint of the audit log once this many records were appended since "
                  "the last")
      ->check(CLI::Range(int64_t{1}, int64_t{1'000'000}))
      ->capture_default_str();
  cmd->add_option("--checkpoint-every-minutes", args->checkpoint_every_minutes,
                  "Sign a checkpoint after this many minutes if any record was appended")
      ->check(CLI::Range(1, 10'080))
      ->capture_default_str();
  cmd->add_option("--checkpoint-push", args->checkpoint_push,
                  "POST every signed checkpoint, with the public key, to this http(s) URL on "
                  "another machine, so that a copy lives beyond this one's reach");
  cmd->add_option("--due-soon-days", args->alerts.due_soon_days,
                  "Alert 'due_soon' from this many days before an item's due date")
      ->check(CLI::Range(0, 365))
      ->capture_default_str();
  cmd->add_option("--escalate-after-days", args->alerts.escalate_after_days,
                  "Alert 'escalated' once an item is overdue this many days")
      ->check(CLI::Range(1, 3650))
      ->capture_default_str();
  cmd->add_option("--heartbeat-ms", args->server.heartbeat_ms,
                  "Event streams send a heartbeat comment after this much quiet")
      ->check(CLI::Range(100, 600'000))
      ->capture_default_str();
  cmd->add_option("--workers", args->server.workers, "Handler threads")
      ->check(CLI::Range(1, 512))
      ->capture_default_str();
  cmd->add_option("--body-limit", args->server.body_limit_bytes, "Largest request body, bytes")
      ->check(CLI::Range(1024, 64 << 20))
      ->capture_default_str();
  cmd->add_option("--attachment-limit-bytes", args->attachment_limit_bytes,
                  "Largest evidence file (photo, PDF) taken, bytes")
      ->check(CLI::Range(int64_t{1024}, kMaxAttachmentLimitBytes))
      ->capture_default_str();
  cmd->add_option("--header-timeout-ms", args->server.header_timeout_ms,
                  "Time allowed for a request's headers, from their first byte")
      ->check(CLI::Range(100, 600'000))
      ->capture_default_str();
  cmd->add_option("--idle-timeout-ms", args->server.idle_timeout_ms,
                  "A keep-alive connection waiting this long for its next request is closed")
      ->check(CLI::Range(100, 3'600'000))
      ->capture_default_str();
  cmd->add_option("--max-connections", args->server.max_connections,
                  "Open connections at most; at the limit the longest idle one is closed to "
                  "admit a new one")
      ->check(CLI::Range(1, 100'000))
      ->capture_default_str();
  cmd->add_option("--max-connections-per-address", args->server.max_connections_per_address,
                  "Open connections from one client address at most")
      ->check(CLI::Range(1, 100'000))
      ->capture_default_str();
  cmd->add_option("--tls-cert", args->server.tls_cert_file,
                  "Serve HTTPS: the certificate chain (PEM); needs --tls-key")
      ->check(CLI::ExistingFile);
  cmd->add_option("--tls-key", args->server.tls_key_file, "Serve HTTPS: the private key (PEM)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--trusted-proxy", args->server.trusted_proxies,
                  "Address of a reverse proxy whose X-Forwarded-Proto/-For are believed "
                  "(repeatable)");
  cmd->callback([args] { run_serve(*args); });
}

}  // namespace taizhang::cli
