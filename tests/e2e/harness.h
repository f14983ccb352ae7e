// End-to-end test harness: temporary directories, running the `taizhang` binary (one-shot
// commands and the server), a minimal blocking HTTP/1.1 client over POSIX sockets, and a demo
// environment (database created with `init --demo`, tokens by role, a running server).
//
// Nothing here may hang a test: every socket has a receive/send timeout, every wait is bounded.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace e2e {

// The binary under test: $TAIZHANG_E2E_BIN if set (to try a patched build), else the one built
// with these tests.
const char* binary();
inline const std::string kWorkflowsDir = std::string(TAIZHANG_SOURCE_DIR) + "/workflows";
inline constexpr const char* kDemoNow = "2019-03-15T09:00:00+08:00";

// ---------------------------------------------------------------------------------------------
// Files

// A fresh directory under $TMPDIR (mkdtemp), removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(std::string_view name) const { return path_ + "/" + std::string(name); }

 private:
  std::string path_;
};

std::string read_file(const std::string& path);
void write_file(const std::string& path, std::string_view text);

// ---------------------------------------------------------------------------------------------
// Processes

struct CommandResult {
  int exit_code = -1;    // -1 if killed by a signal
  int term_signal = 0;   // the signal, if any
  std::string out, err;
};

// Runs `taizhang ARGS...` to completion (killed after `timeout`), capturing stdout and stderr.
CommandResult run_taizhang(const std::vector<std::string>& args,
                           std::chrono::seconds timeout = std::chrono::seconds(120));

// `taizhang serve` as a child process. start() waits (bounded) for "listening on ADDR:PORT".
class ServerProcess {
 public:
  struct Options {
    std::string db;
    std::string workflows = kWorkflowsDir;
    std::optional<std::string> now = std::string(kDemoNow);
    std::vector<std::string> extra;  // e.g. {"--header-timeout-ms", "2000"}
    std::string log_dir;             // where stderr goes (a file); required
  };

  // Starts the server. On failure (exit before listening, or no line in time) returns nullptr
  // and fills *failure with the exit status and stderr.
  static std::unique_ptr<ServerProcess> start(const Options& options,
                                              CommandResult* failure = nullptr);
  ~ServerProcess();  // SIGKILL + reap if still running

  uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }

  void terminate();  // SIGTERM
  void kill9();      // SIGKILL
  // Waits (bounded) for exit; returns the exit code (or -1 on signal / timeout).
  // *signal_out receives the terminating signal, if any.
  int wait(std::chrono::seconds timeout = std::chrono::seconds(60), int* signal_out = nullptr);
  bool running() const { return !reaped_; }
  std::string stderr_text() const;

 private:
  ServerProcess() = default;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  uint16_t port_ = 0;
  bool reaped_ = false;
  std::string stderr_path_;
};

// ---------------------------------------------------------------------------------------------
// HTTP

struct HttpResponse {
  int status = 0;
  std::string reason;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  std::optional<std::string> header(std::string_view name) const;
  // The body parsed as JSON (a discarded value if it is not JSON).
  nlohmann::json json() const;
  // The problem+json `code`, or "" if the body is not a problem.
  std::string code() const;
};

// One TCP connection to 127.0.0.1:port. Every receive and send has a timeout.
class Connection {
 public:
  explicit Connection(uint16_t port, std::chrono::milliseconds io_timeout =
                                         std::chrono::milliseconds(60'000));
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool connected() const { return fd_ >= 0; }
  int fd() const { return fd_; }

  // Sends every byte (false on error, e.g. the peer has closed).
  bool send_all(std::string_view bytes);
  // Reads one full response (status line, headers, Content-Length body). nullopt on timeout,
  // error, or the connection closing before the response is complete.
  std::optional<HttpResponse> read_response();
  // Sends one request with Host and Content-Length (keep-alive unless headers say otherwise).
  std::optional<HttpResponse> request(std::string_view method, std::string_view target,
                                      const std::string& body = {},
                                      const std::vector<std::pair<std::string, std::string>>&
                                          headers = {});
  // True if the peer closed the connection (EOF or reset) within `timeout`; bytes it sent
  // meanwhile are discarded.
  bool wait_for_close(std::chrono::milliseconds timeout);
  // True if the peer has already closed (non-blocking check).
  bool peer_closed();
  // After read_response() returned nullopt: true if some bytes of a response had arrived (a
  // truncated response), false if none had.
  bool last_was_partial() const { return partial_; }

 private:
  int fd_ = -1;
  bool partial_ = false;
  std::string buffer_;
};

std::string build_request(std::string_view method, std::string_view target,
                           const std::string& body,
                           const std::vector<std::pair<std::string, std::string>>& headers);

// A client for the JSON API of one server, as one user (token may be empty).
// Each call opens a fresh connection unless told otherwise; a failed exchange yields status 0.
class Api {
 public:
  Api(uint16_t port, std::string token) : port_(port), token_(std::move(token)) {}
  HttpResponse get(const std::string& target) const;
  HttpResponse post(const std::string& target, const std::string& body,
                    const std::vector<std::pair<std::string, std::string>>& extra = {}) const;
  HttpResponse post_json(const std::string& target, const nlohmann::json& body,
                         const std::vector<std::pair<std::string, std::string>>& extra = {}) const;
  HttpResponse send(const std::string& method, const std::string& target, const std::string& body,
                    const std::vector<std::pair<std::string, std::string>>& extra = {}) const;
  const std::string& token() const { return token_; }
  uint16_t port() const { return port_; }

 private:
  uint16_t port_;
  std::string token_;
};

// Percent-encodes a query parameter value (UTF-8 bytes).
std::string url_encode(std::string_view text);

// ---------------------------------------------------------------------------------------------
// The demo environment: `taizhang init --demo` in a temp dir, then a server on it.

struct DemoUser {
  std::string role, name, token, password;
};

class DemoEnv {
 public:
  // Creates the database; starts the server unless start_server is false.
  explicit DemoEnv(std::vector<std::string> serve_extra = {}, bool start_server = true);

  const std::string& db() const { return db_; }
  const TempDir& dir() const { return dir_; }
  ServerProcess& server() { return *server_; }
  bool server_running() const { return server_ && server_->running(); }
  uint16_t port() const { return server_->port(); }

  // Tokens by demo user name.
  const std::string& token(const std::string& name) const;
  const std::string& password(const std::string& name) const;
  Api as(const std::string& name) const { return Api(port(), token(name)); }
  Api admin() const { return as("系统管理员"); }
  Api village_manager() const { return as("吉照村包村干部"); }   // scoped to 吉照村
  Api township_manager() const { return as("镇项目负责人"); }   // township-wide
  Api finance() const { return as("镇财务"); }
  Api supervisor() const { return as("镇督查"); }
  Api anonymous() const { return Api(port(), ""); }

  // Starts the server, at `now` if given (else the demo's 2019-03-15 09:00).
  void start_server(std::vector<std::string> extra = {},
                    std::optional<std::string> now = std::nullopt);
  // SIGTERM and wait; returns the exit code.
  int stop_server();
  void kill_server();

  // The audit head's seq (via the API as the supervisor).
  int64_t audit_seq() const;
  // Creates an item via the API as `who`; returns its JSON (asserting 201 is the caller's job:
  // a failed creation yields a null json).
  nlohmann::json create_item(const Api& who, const std::string& workflow, const std::string& title,
                             const std::string& org, const nlohmann::json& fields = {}) const;
  nlohmann::json get_item(int64_t id) const;  // as the township manager; null if not 200

 private:
  TempDir dir_;
  std::string db_;
  std::vector<DemoUser> users_;
  std::vector<std::string> serve_extra_;
  std::unique_ptr<ServerProcess> server_;
};

// Opens an SQLite database file and runs SQL; returns "" or the error message.
std::string exec_sql(const std::string& db_path, const std::string& sql);
// Runs a query and returns the first column of the first row as text ("" if none).
std::string query_sql(const std::string& db_path, const std::string& sql);

}  // namespace e2e
