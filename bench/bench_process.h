// Child processes for the benchmarks: running `taizhang` subcommands, starting and stopping the
// server, reading its memory from /proc, and a scratch directory that removes itself.
// Header-only because every bench/*.cc becomes its own executable.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace bench {

// CPU seconds (user + system) this process has used, every thread's: on a machine shared with
// other work, the wall-clock time of a run says as much about the neighbours as about the run.
inline double cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// A fresh directory from mkdtemp under `parent`; removed with everything in it on destruction.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& parent) {
    std::string pattern = parent + "/taizhang-bench-XXXXXX";
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp under " + parent);
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    if (!keep_) std::filesystem::remove_all(path_, ignored);
  }
  void keep() { keep_ = true; }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  std::string file(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }
  // tmpfs makes fsync free and every durable-write figure meaningless.
  bool on_tmpfs() const {
    struct statfs fs{};
    return ::statfs(path_.c_str(), &fs) == 0 && fs.f_type == 0x01021994;
  }

 private:
  std::string path_;
  bool keep_ = false;
};

// Forks and execs argv[0] with stdout on `out_fd` and stderr on `err_fd` (-1: inherit).
inline pid_t spawn(const std::vector<std::string>& args, int out_fd, int err_fd) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    if (out_fd >= 0) ::dup2(out_fd, STDOUT_FILENO);
    if (err_fd >= 0) ::dup2(err_fd, STDERR_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

// Runs a command to completion and returns its stdout; throws when it exits non-zero.
// Its stderr goes to `err_file` (appended).
inline std::string run_capture(const std::vector<std::string>& args, const std::string& err_file) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  int err_fd = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  pid_t pid = spawn(args, pipe_fds[1], err_fd);
  ::close(pipe_fds[1]);
  if (err_fd >= 0) ::close(err_fd);
  std::string out;
  char chunk[4096];
  ssize_t n;
  while ((n = ::read(pipe_fds[0], chunk, sizeof chunk)) > 0) out.append(chunk, n);
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error(args[0] + " " + (args.size() > 1 ? args[1] : "") +
                             " failed; see " + err_file);
  }
  return out;
}

// `taizhang serve` on 127.0.0.1 and a free port. Stopped with SIGTERM on destruction.
class ServerProcess {
 public:
  ServerProcess(const std::string& taizhang, const std::string& db, const std::string& workflows,
                const std::string& log_file, const std::vector<std::string>& extra = {}) {
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    int err_fd = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    std::vector<std::string> args = {taizhang, "serve", "--db", db, "--listen", "127.0.0.1:0",
                                     "--workflows", workflows};
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = spawn(args, pipe_fds[1], err_fd);
    ::close(pipe_fds[1]);
    if (err_fd >= 0) ::close(err_fd);
    stdout_fd_ = pipe_fds[0];
    port_ = wait_for_port(log_file);
  }
  ~ServerProcess() { stop(); }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  pid_t pid() const { return pid_; }
  uint16_t port() const { return port_; }

  // SIGTERM, then up to 30 s for a clean exit, then SIGKILL. Returns the exit status text.
  std::string stop() {
    if (pid_ <= 0) return "not running";
    ::kill(pid_, SIGTERM);
    int status = 0;
    std::string how;
    for (int i = 0; i < 300; ++i) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        how = WIFEXITED(status) ? "exit " + std::to_string(WEXITSTATUS(status))
                                : "signal " + std::to_string(WTERMSIG(status));
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (how.empty()) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      how = "killed after 30 s";
    }
    pid_ = -1;
    if (stdout_fd_ >= 0) ::close(stdout_fd_);
    stdout_fd_ = -1;
    return how;
  }

 private:
  // Reads stdout until "listening on ADDRESS:PORT" (at most 30 s).
  uint16_t wait_for_port(const std::string& log_file) {
    std::string seen;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{stdout_fd_, POLLIN, 0};
      if (::poll(&p, 1, 200) > 0) {
        char chunk[256];
        ssize_t n = ::read(stdout_fd_, chunk, sizeof chunk);
        if (n <= 0) break;  // exited
        seen.append(chunk, n);
        auto at = seen.find("listening on ");
        auto eol = at == std::string::npos ? at : seen.find('\n', at);
        if (eol != std::string::npos) {
          auto colon = seen.rfind(':', eol);
          return static_cast<uint16_t>(std::stoi(seen.substr(colon + 1, eol - colon - 1)));
        }
      }
    }
    stop();
    throw std::runtime_error("the server did not start; see " + log_file);
  }

  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  uint16_t port_ = 0;
};

struct Memory {
  int64_t rss_kb = 0;  // VmRSS: resident now
  int64_t hwm_kb = 0;  // VmHWM: peak resident
  int threads = 0;
};

inline Memory memory_of(pid_t pid) {
  Memory m;
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  while (in >> key) {
    if (key == "VmRSS:") in >> m.rss_kb;
    else if (key == "VmHWM:") in >> m.hwm_kb;
    else if (key == "Threads:") in >> m.threads;
    std::string rest;
    std::getline(in, rest);
  }
  return m;
}

}  // namespace bench
