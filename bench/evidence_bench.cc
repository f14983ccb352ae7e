// Evidence uploads and thumbnails.
//
//   evidence_bench --taizhang PATH --workflows DIR [--clients 8] [--uploads 4] [--thumbnails 5]
//                  [--dir PARENT] [--keep]
//
// 1. Uploads: the real `taizhang serve` on a fresh `init --demo` database; --clients threads
//    (default 8) each upload --uploads photos of about 10 MB (a 12-megapixel JPEG under noise,
//    each made distinct by a comment segment) to the demo's plan tasks, as multipart/form-data
//    on a keep-alive connection. Each upload is read from the content, its EXIF and size read,
//    its file written and fsynced, and its row committed before the answer (its thumbnail is
//    made on first view: part 2 times that).
//    Then, in the same run, the same bytes are written directly by as many threads on the same
//    disk — write, fsync, rename, fsync of the folder, as the file store does — and both rates
//    are printed side by side with their ratio (the target: uploads at least half of direct).
// 2. Thumbnails: a 12-megapixel JPEG thumbnailed --thumbnails times in this process: the time
//    per photo and the resident memory it took above what was resident before (VmHWM reset
//    through /proc/self/clear_refs).
//
// Figures only: nothing here asserts on a time. Scratch files go to a mkdtemp directory under
// --dir (default $TMPDIR or /tmp), removed at the end unless --keep.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/bench_http_client.h"
#include "bench/bench_process.h"
#include "bench/bench_transitions_http.h"
#include "media/thumbnail.h"
#include "tests/support/sample_files.h"

namespace {

using bench::SteadyClock;
using json = nlohmann::json;

struct Options {
  std::string taizhang, workflows, dir;
  int clients = 8;
  int uploads = 4;
  int thumbnails = 5;
  bool keep = false;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "evidence_bench: %s\n"
               "usage: evidence_bench --taizhang PATH --workflows DIR [--clients N] [--uploads N]\n"
               "                      [--thumbnails N] [--dir PARENT] [--keep]\n",
               why);
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage((arg + " needs a value").c_str());
      return argv[++i];
    };
    if (arg == "--taizhang") o.taizhang = value();
    else if (arg == "--workflows") o.workflows = value();
    else if (arg == "--dir") o.dir = value();
    else if (arg == "--clients") o.clients = std::atoi(value().c_str());
    else if (arg == "--uploads") o.uploads = std::atoi(value().c_str());
    else if (arg == "--thumbnails") o.thumbnails = std::atoi(value().c_str());
    else if (arg == "--keep") o.keep = true;
    else usage(("unknown argument " + arg).c_str());
  }
  if (o.taizhang.empty() || o.workflows.empty()) usage("--taizhang and --workflows are required");
  // Each client's photos go to one item, which holds at most 200 files.
  if (o.clients < 1 || o.clients > 64 || o.uploads < 1 || o.uploads > 200 || o.thumbnails < 1) {
    usage("bad --clients, --uploads or --thumbnails");
  }
  if (o.dir.empty()) o.dir = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp";
  o.taizhang = std::filesystem::absolute(o.taizhang);
  o.workflows = std::filesystem::absolute(o.workflows);
  return o;
}

// The base photo with a JPEG comment segment (FF FE) right after SOI saying `n`: other bytes,
// the same picture and the same work to decode.
std::string variant(const std::string& photo, int n) {
  const std::string note = "taizhang bench photo " + std::to_string(n);
  std::string segment = "\xFF\xFE";
  segment += static_cast<char>(((note.size() + 2) >> 8) & 0xFF);
  segment += static_cast<char>((note.size() + 2) & 0xFF);
  return photo.substr(0, 2) + segment + note + photo.substr(2);
}

std::string token_of(const std::string& init_out, const std::string& name) {
  std::istringstream lines(init_out);
  std::string line;
  while (std::getline(lines, line)) {
    auto t1 = line.find('\t');
    auto t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
    auto t3 = t2 == std::string::npos ? t2 : line.find('\t', t2 + 1);
    if (t2 != std::string::npos && line.substr(t1 + 1, t2 - t1 - 1) == name) {
      return bench::trim(line.substr((t3 == std::string::npos ? t2 : t3) + 1));
    }
  }
  throw std::runtime_error("init --demo printed no token for " + name);
}

struct Rate {
  double seconds = 0;
  long long bytes = 0, ok = 0, errors = 0;
  std::string first_error;
  double mb_per_s() const { return seconds > 0 ? static_cast<double>(bytes) / 1e6 / seconds : 0; }
};

Rate upload_all(uint16_t port, const std::string& token, const std::vector<int64_t>& items,
                const std::vector<std::vector<std::string>>& photos) {
  const int clients = static_cast<int>(photos.size());
  std::vector<Rate> per(static_cast<size_t>(clients));
  // The bodies are made before the clock starts: a phone frames its own upload, and this
  // process shares the server's two cores, so framing here would be counted against it.
  std::vector<std::vector<std::string>> bodies(photos.size());
  for (size_t t = 0; t < photos.size(); ++t) {
    for (const auto& photo : photos[t]) {
      bodies[t].push_back(taizhang::testing::multipart_body(
          {{"kind", "work_photo"}}, taizhang::testing::FormFile{"file", "现场照片.jpg", "image/jpeg", photo}));
    }
  }
  const auto start = SteadyClock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&, t] {
      Rate& me = per[static_cast<size_t>(t)];
      bench::HttpClient c("127.0.0.1", port);
      const std::string target = "/api/v1/items/" + std::to_string(items[static_cast<size_t>(t)]) + "/attachments";
      const std::string type = "Content-Type: " + taizhang::testing::multipart_content_type();
      const auto& mine = photos[static_cast<size_t>(t)];
      for (size_t i = 0; i < mine.size(); ++i) {
        const std::string& photo = mine[i];
        const std::string& body = bodies[static_cast<size_t>(t)][i];
        try {
          auto r = c.request("POST", target, token, body, {type});
          if (r.status == 201) {
            ++me.ok;
            me.bytes += static_cast<long long>(photo.size());
          } else if (++me.errors == 1) {
            me.first_error = std::to_string(r.status) + " " + r.body.substr(0, 200);
          }
        } catch (const std::exception& e) {
          if (++me.errors == 1) me.first_error = e.what();
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  Rate all;
  all.seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  for (const auto& r : per) {
    all.bytes += r.bytes;
    all.ok += r.ok;
    all.errors += r.errors;
    if (all.first_error.empty()) all.first_error = r.first_error;
  }
  return all;
}

void fsync_path(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) throw std::runtime_error("fsync " + path);
  ::close(fd);
}

// The same bytes written as the file store writes them: temp file, write, fsync, rename, fsync
// of the folder — by as many threads as there were clients.
Rate write_directly(const std::string& dir, const std::vector<std::vector<std::string>>& photos) {
  std::filesystem::create_directories(dir);
  const auto start = SteadyClock::now();
  std::vector<std::thread> threads;
  std::atomic<long long> bytes{0};
  for (size_t t = 0; t < photos.size(); ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = 0; i < photos[t].size(); ++i) {
        const std::string name = dir + "/" + std::to_string(t) + "-" + std::to_string(i);
        int fd = ::open((name + ".tmp").c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
        if (fd < 0) throw std::runtime_error("open " + name);
        std::string_view rest = photos[t][i];
        while (!rest.empty()) {
          ssize_t n = ::write(fd, rest.data(), rest.size());
          if (n <= 0) throw std::runtime_error("write " + name);
          rest.remove_prefix(static_cast<size_t>(n));
        }
        if (::fsync(fd) != 0) throw std::runtime_error("fsync " + name);
        ::close(fd);
        std::filesystem::rename(name + ".tmp", name);
        fsync_path(dir, O_RDONLY | O_DIRECTORY);
        bytes += static_cast<long long>(photos[t][i].size());
      }
    });
  }
  for (auto& t : threads) t.join();
  Rate r;
  r.seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  r.bytes = bytes;
  r.ok = 0;
  for (const auto& p : photos) r.ok += static_cast<long long>(p.size());
  return r;
}

long long rss_kb(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string k;
  long long v = 0;
  while (in >> k) {
    if (k == key) {
      in >> v;
      return v;
    }
    std::string rest;
    std::getline(in, rest);
  }
  return 0;
}

void thumbnails(int count) {
  const std::string photo = taizhang::testing::sample_noisy_jpeg(4000, 3000, 7);
  { std::ofstream("/proc/self/clear_refs") << "5"; }  // VmHWM := VmRSS
  const long long before_kb = rss_kb("VmRSS:");
  std::vector<double> ms;
  for (int i = 0; i < count; ++i) {
    const auto t0 = SteadyClock::now();
    auto thumb = taizhang::media::make_thumbnail(photo);
    const auto t1 = SteadyClock::now();
    if (!thumb) throw std::runtime_error("thumbnail: " + thumb.error().message);
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  const long long peak_kb = rss_kb("VmHWM:");
  std::sort(ms.begin(), ms.end());
  std::printf("\nthumbnail of a 12-megapixel JPEG (4000x3000, %.1f MB) to 320 px, %d times:\n",
              static_cast<double>(photo.size()) / 1e6, count);
  std::printf("  median %.0f ms, fastest %.0f ms, slowest %.0f ms per photo\n", ms[ms.size() / 2],
              ms.front(), ms.back());
  std::printf("  resident memory above the process before: peak %.1f MB (VmHWM %lld kB - VmRSS %lld kB)\n",
              static_cast<double>(peak_kb - before_kb) / 1024.0, peak_kb, before_kb);
}

}  // namespace

int main(int argc, char** argv) try {
  const Options o = parse_options(argc, argv);
  bench::ScratchDir scratch(o.dir);
  if (o.keep) scratch.keep();
  std::printf("evidence_bench: %d clients x %d photos; scratch %s%s\n", o.clients, o.uploads,
              scratch.path().c_str(), scratch.on_tmpfs() ? " (tmpfs: fsync costs nothing here)" : "");
  const std::string base = taizhang::testing::sample_noisy_jpeg(4000, 3000, 1);
  std::vector<std::vector<std::string>> photos(static_cast<size_t>(o.clients));
  int n = 0;
  for (auto& mine : photos) {
    for (int i = 0; i < o.uploads; ++i) mine.push_back(variant(base, n++));
  }
  std::printf("photo: 4000x3000 JPEG, %.2f MB each, %d in all\n",
              static_cast<double>(base.size()) / 1e6, n);

  const std::string db = scratch.file("bench.db");
  const std::string log = scratch.file("server.log");
  const std::string init = bench::run_capture(
      {o.taizhang, "init", "--db", db, "--demo", "--workflows", o.workflows}, log);
  const std::string manager = token_of(init, "镇项目负责人");
  bench::ServerProcess server(o.taizhang, db, o.workflows, log);
  // One plan task per client (a plan task's evidence: 工作照片).
  std::vector<int64_t> items;
  {
    bench::HttpClient c("127.0.0.1", server.port());
    for (int t = 0; t < o.clients; ++t) {
      json item = {{"workflow", "plan_task"}, {"title", "基准上传任务 " + std::to_string(t)},
                   {"org", "泗顶镇"}, {"plan_year", 2019}};
      auto r = c.request("POST", "/api/v1/items", manager, item.dump());
      if (r.status != 201) throw std::runtime_error("create item: " + r.body);
      items.push_back(json::parse(r.body)["id"].get<int64_t>());
    }
  }
  const Rate up = upload_all(server.port(), manager, items, photos);
  const bench::Memory mem = bench::memory_of(server.pid());
  const std::string stopped = server.stop();
  const Rate direct = write_directly(scratch.file("direct"), photos);

  std::printf("\n%-44s %10s %10s %8s\n", "", "MB", "seconds", "MB/s");
  std::printf("%-44s %10.1f %10.2f %8.1f\n", "uploads over HTTP (201 answered)",
              static_cast<double>(up.bytes) / 1e6, up.seconds, up.mb_per_s());
  std::printf("%-44s %10.1f %10.2f %8.1f\n", "same bytes written+fsynced directly",
              static_cast<double>(direct.bytes) / 1e6, direct.seconds, direct.mb_per_s());
  std::printf("uploads / direct: %.2f (target: at least 0.50)\n",
              direct.mb_per_s() > 0 ? up.mb_per_s() / direct.mb_per_s() : 0.0);
  std::printf("uploads answered 201: %lld of %d; other answers: %lld%s%s\n", up.ok, n, up.errors,
              up.first_error.empty() ? "" : "; first: ", up.first_error.c_str());
  std::printf("server: peak resident %.0f MB, %d threads; stopped: %s\n",
              static_cast<double>(mem.hwm_kb) / 1024.0, mem.threads, stopped.c_str());
  thumbnails(o.thumbnails);
  return up.errors == 0 ? 0 : 1;
} catch (const std::exception& e) {
  std::fprintf(stderr, "evidence_bench: %s\n", e.what());
  return 1;
}
