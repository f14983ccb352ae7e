#include "harness.h"

#include <arpa/inet.h>

#include <algorithm>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace e2e {

namespace {

// A write to a socket the server has closed must fail with EPIPE, not kill the test binary.
[[maybe_unused]] const bool kIgnoreSigpipe = [] {
  ::signal(SIGPIPE, SIG_IGN);
  return true;
}();

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

std::vector<char*> argv_of(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return argv;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Reaps `pid`, waiting at most until `deadline`. Returns true if reaped; fills code/signal.
bool reap(pid_t pid, Clock::time_point deadline, int& code, int& sig) {
  for (;;) {
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      if (WIFEXITED(status)) {
        code = WEXITSTATUS(status);
        sig = 0;
      } else if (WIFSIGNALED(status)) {
        code = -1;
        sig = WTERMSIG(status);
      }
      return true;
    }
    if (r < 0 && errno != EINTR) return true;  // not our child any more
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

const char* binary() {
  const char* override_bin = std::getenv("TAIZHANG_E2E_BIN");
  return override_bin && *override_bin ? override_bin : TAIZHANG_BIN;
}

// ---------------------------------------------------------------------------------------------
// Files

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/taizhang-e2e-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (!::mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed");
  path_ = buf.data();
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::string& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

// ---------------------------------------------------------------------------------------------
// Processes

CommandResult run_taizhang(const std::vector<std::string>& args, std::chrono::seconds timeout) {
  CommandResult result;
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) {
    result.err = "pipe failed";
    return result;
  }
  std::vector<std::string> all{binary()};
  all.insert(all.end(), args.begin(), args.end());
  auto argv = argv_of(all);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, binary(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (rc != 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    result.err = std::string("posix_spawn failed: ") + std::strerror(rc);
    return result;
  }
  auto deadline = Clock::now() + timeout;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_count = 2;
  while (open_count > 0 && Clock::now() < deadline) {
    int n = ::poll(fds, 2, std::min(remaining_ms(deadline), 1000));
    if (n < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[8192];
      ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        sinks[i]->append(buf, static_cast<size_t>(got));
      } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
  for (auto& f : fds) {
    if (f.fd >= 0) ::close(f.fd);
  }
  if (!reap(pid, deadline, result.exit_code, result.term_signal)) {
    ::kill(pid, SIGKILL);
    reap(pid, Clock::now() + std::chrono::seconds(10), result.exit_code, result.term_signal);
    result.err += "\n[e2e harness: killed after timeout]";
  }
  return result;
}

std::unique_ptr<ServerProcess> ServerProcess::start(const Options& options,
                                                    CommandResult* failure) {
  std::unique_ptr<ServerProcess> p(new ServerProcess);
  p->stderr_path_ = options.log_dir + "/serve-" + std::to_string(Clock::now().time_since_epoch().count()) + ".stderr";
  int out_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return nullptr;
  std::vector<std::string> all{binary(), "serve", "--db", options.db, "--listen", "127.0.0.1:0",
                               "--workflows", options.workflows};
  if (options.now) {
    all.push_back("--now");
    all.push_back(*options.now);
  }
  all.insert(all.end(), options.extra.begin(), options.extra.end());
  auto argv = argv_of(all);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, p->stderr_path_.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int rc = ::posix_spawn(&p->pid_, binary(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_pipe[1]);
  if (rc != 0) {
    ::close(out_pipe[0]);
    if (failure) failure->err = std::string("posix_spawn failed: ") + std::strerror(rc);
    return nullptr;
  }
  p->stdout_fd_ = out_pipe[0];
  std::string out;
  auto deadline = Clock::now() + std::chrono::seconds(60);
  const std::string marker = "listening on ";
  while (Clock::now() < deadline) {
    pollfd fd{p->stdout_fd_, POLLIN, 0};
    int n = ::poll(&fd, 1, std::min(remaining_ms(deadline), 500));
    if (n > 0) {
      char buf[1024];
      ssize_t got = ::read(p->stdout_fd_, buf, sizeof buf);
      if (got > 0) {
        out.append(buf, static_cast<size_t>(got));
        auto at = out.find(marker);
        auto eol = at == std::string::npos ? std::string::npos : out.find('\n', at);
        if (eol != std::string::npos) {
          std::string addr = out.substr(at + marker.size(), eol - at - marker.size());
          auto colon = addr.rfind(':');
          p->port_ = static_cast<uint16_t>(std::stoi(addr.substr(colon + 1)));
          return p;
        }
        continue;
      }
      if (got == 0) break;  // stdout closed: the process is exiting
    }
  }
  // Failed: collect the exit status and stderr.
  int code = -1, sig = 0;
  if (!reap(p->pid_, Clock::now() + std::chrono::seconds(30), code, sig)) {
    ::kill(p->pid_, SIGKILL);
    reap(p->pid_, Clock::now() + std::chrono::seconds(10), code, sig);
  }
  p->reaped_ = true;
  if (failure) {
    failure->exit_code = code;
    failure->term_signal = sig;
    failure->out = out;
    failure->err = p->stderr_text();
  }
  return nullptr;
}

ServerProcess::~ServerProcess() {
  if (!reaped_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int code, sig;
    reap(pid_, Clock::now() + std::chrono::seconds(30), code, sig);
  }
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
}

void ServerProcess::terminate() {
  if (!reaped_) ::kill(pid_, SIGTERM);
}

void ServerProcess::kill9() {
  if (!reaped_) ::kill(pid_, SIGKILL);
}

int ServerProcess::wait(std::chrono::seconds timeout, int* signal_out) {
  int code = -1, sig = 0;
  if (reaped_) return -1;
  if (!reap(pid_, Clock::now() + timeout, code, sig)) return -1;
  reaped_ = true;
  if (signal_out) *signal_out = sig;
  return code;
}

std::string ServerProcess::stderr_text() const { return read_file(stderr_path_); }

// ---------------------------------------------------------------------------------------------
// HTTP

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  auto it = headers.find(lower(std::string(name)));
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

nlohmann::json HttpResponse::json() const { return nlohmann::json::parse(body, nullptr, false); }

std::string HttpResponse::code() const {
  auto j = json();
  if (j.is_object() && j.contains("code") && j["code"].is_string()) return j["code"];
  return "";
}

Connection::Connection(uint16_t port, std::chrono::milliseconds io_timeout) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(io_timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((io_timeout.count() % 1000) * 1000);
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return;
  }
  fd_ = fd;
}

Connection::~Connection() {
  if (fd_ >= 0) ::close(fd_);
}

bool Connection::send_all(std::string_view bytes) {
  if (fd_ < 0) return false;
  while (!bytes.empty()) {
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

std::optional<HttpResponse> Connection::read_response() {
  partial_ = false;
  if (fd_ < 0) return std::nullopt;
  auto fill = [&]() -> bool {
    char buf[16384];
    for (;;) {
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n > 0) {
        buffer_.append(buf, static_cast<size_t>(n));
        return true;
      }
      if (n < 0 && errno == EINTR) continue;
      return false;  // EOF, timeout or error
    }
  };
  size_t head_end;
  while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (buffer_.size() > (1 << 20) || !fill()) {
      partial_ = !buffer_.empty();
      return std::nullopt;
    }
  }
  HttpResponse r;
  std::string head = buffer_.substr(0, head_end);
  buffer_.erase(0, head_end + 4);
  std::istringstream lines(head);
  std::string line;
  std::getline(lines, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  // HTTP/1.1 200 OK
  auto sp1 = line.find(' ');
  if (sp1 == std::string::npos) return std::nullopt;
  auto sp2 = line.find(' ', sp1 + 1);
  r.status = std::atoi(line.substr(sp1 + 1, sp2 - sp1 - 1).c_str());
  r.reason = sp2 == std::string::npos ? "" : line.substr(sp2 + 1);
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    r.headers[lower(line.substr(0, colon))] = value;
  }
  if (auto len = r.header("content-length")) {
    size_t want = static_cast<size_t>(std::stoull(*len));
    while (buffer_.size() < want) {
      if (!fill()) {
        partial_ = true;
        return std::nullopt;
      }
    }
    r.body = buffer_.substr(0, want);
    buffer_.erase(0, want);
  } else {
    while (fill()) {
    }
    r.body = std::move(buffer_);
    buffer_.clear();
  }
  return r;
}

std::string build_request(std::string_view method, std::string_view target,
                          const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& headers) {
  std::string req;
  req.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  bool has_length = false;
  for (const auto& [name, value] : headers) {
    if (lower(name) == "content-length") has_length = true;
    req.append(name).append(": ").append(value).append("\r\n");
  }
  if (!has_length && (!body.empty() || method == "POST" || method == "PUT")) {
    req.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  }
  req.append("\r\n").append(body);
  return req;
}

std::optional<HttpResponse> Connection::request(
    std::string_view method, std::string_view target, const std::string& body,
    const std::vector<std::pair<std::string, std::string>>& headers) {
  if (!send_all(build_request(method, target, body, headers))) return std::nullopt;
  return read_response();
}

bool Connection::wait_for_close(std::chrono::milliseconds timeout) {
  if (fd_ < 0) return true;
  auto deadline = Clock::now() + timeout;
  for (;;) {
    pollfd p{fd_, POLLIN, 0};
    int n = ::poll(&p, 1, std::min(remaining_ms(deadline), 200));
    if (n > 0) {
      char buf[4096];
      ssize_t got = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
      if (got == 0) return true;
      if (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return true;
    }
    if (Clock::now() >= deadline) return false;
  }
}

bool Connection::peer_closed() { return wait_for_close(std::chrono::milliseconds(0)); }

HttpResponse Api::send(const std::string& method, const std::string& target,
                       const std::string& body,
                       const std::vector<std::pair<std::string, std::string>>& extra) const {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!token_.empty()) headers.emplace_back("Authorization", "Bearer " + token_);
  const bool typed = std::any_of(extra.begin(), extra.end(),
                                 [](const auto& h) { return lower(h.first) == "content-type"; });
  if (!body.empty() && !typed) headers.emplace_back("Content-Type", "application/json");
  headers.emplace_back("Connection", "close");
  headers.insert(headers.end(), extra.begin(), extra.end());
  Connection c(port_);
  auto r = c.request(method, target, body, headers);
  return r ? *r : HttpResponse{};
}

HttpResponse Api::get(const std::string& target) const { return send("GET", target, ""); }

HttpResponse Api::post(const std::string& target, const std::string& body,
                       const std::vector<std::pair<std::string, std::string>>& extra) const {
  return send("POST", target, body, extra);
}

HttpResponse Api::post_json(const std::string& target, const nlohmann::json& body,
                            const std::vector<std::pair<std::string, std::string>>& extra) const {
  return send("POST", target, body.dump(), extra);
}

std::string url_encode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Demo environment

DemoEnv::DemoEnv(std::vector<std::string> serve_extra, bool start)
    : db_(dir_.file("taizhang.db")), serve_extra_(std::move(serve_extra)) {
  auto r = run_taizhang({"init", "--db", db_, "--demo", "--workflows", kWorkflowsDir, "--now",
                         kDemoNow});
  if (r.exit_code != 0) {
    throw std::runtime_error("taizhang init --demo failed (" + std::to_string(r.exit_code) +
                             "): " + r.err);
  }
  std::istringstream lines(r.out);
  std::string line;
  while (std::getline(lines, line)) {
    // role, name, password, token — tab-separated.
    std::vector<std::string> cells;
    std::istringstream fields(line);
    for (std::string cell; std::getline(fields, cell, '\t');) cells.push_back(cell);
    if (cells.size() != 4) continue;
    users_.push_back({cells[0], cells[1], cells[3], cells[2]});
  }
  if (users_.size() != 5) throw std::runtime_error("init --demo printed: " + r.out);
  if (start) start_server(serve_extra_);
}

const std::string& DemoEnv::token(const std::string& name) const {
  for (const auto& u : users_) {
    if (u.name == name) return u.token;
  }
  throw std::runtime_error("no demo user " + name);
}

const std::string& DemoEnv::password(const std::string& name) const {
  for (const auto& u : users_) {
    if (u.name == name) return u.password;
  }
  throw std::runtime_error("no demo user " + name);
}

void DemoEnv::start_server(std::vector<std::string> extra, std::optional<std::string> now) {
  ServerProcess::Options o;
  o.db = db_;
  if (now) o.now = std::move(now);
  o.extra = std::move(extra);
  o.log_dir = dir_.path();
  CommandResult failure;
  server_ = ServerProcess::start(o, &failure);
  if (!server_) {
    throw std::runtime_error("taizhang serve did not start (exit " +
                             std::to_string(failure.exit_code) + "): " + failure.err);
  }
}

int DemoEnv::stop_server() {
  server_->terminate();
  return server_->wait();
}

void DemoEnv::kill_server() {
  server_->kill9();
  server_->wait();
}

int64_t DemoEnv::audit_seq() const {
  auto r = supervisor().get("/api/v1/audit/head");
  auto j = r.json();
  if (r.status != 200 || !j.is_object() || !j.contains("seq")) return -1;
  return j["seq"].get<int64_t>();
}

nlohmann::json DemoEnv::create_item(const Api& who, const std::string& workflow,
                                    const std::string& title, const std::string& org,
                                    const nlohmann::json& fields) const {
  nlohmann::json body = {{"workflow", workflow}, {"title", title}, {"org", org},
                         {"plan_year", 2019}};
  if (!fields.is_null()) body["fields"] = fields;
  auto r = who.post_json("/api/v1/items", body);
  if (r.status != 201) return nullptr;
  return r.json();
}

nlohmann::json DemoEnv::get_item(int64_t id) const {
  auto r = township_manager().get("/api/v1/items/" + std::to_string(id));
  if (r.status != 200) return nullptr;
  return r.json();
}

// ---------------------------------------------------------------------------------------------
// SQLite

std::string exec_sql(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    std::string e = db ? sqlite3_errmsg(db) : "cannot open";
    sqlite3_close(db);
    return e;
  }
  sqlite3_busy_timeout(db, 10'000);
  char* err = nullptr;
  std::string out;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    out = err ? err : "error";
    sqlite3_free(err);
  }
  sqlite3_close(db);
  return out;
}

std::string query_sql(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string out;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return out;
  }
  sqlite3_busy_timeout(db, 10'000);
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    const unsigned char* t = sqlite3_column_text(st, 0);
    if (t) out = reinterpret_cast<const char*>(t);
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

}  // namespace e2e
