// The 台账 at scale: `taizhang export ledger` over 100,000 items (XLSX in libxlsxwriter's
// constant-memory mode, and the CSV twin), and `taizhang import items` of a 100,000-row CSV.
// Each runs as the real binary in its own process; the figures are its wall time and its peak
// resident memory (wait4's ru_maxrss), beside the targets (≤ 10 s and ≤ 200 MB for the export).
//
//   ledger_export_bench --taizhang BIN --workflows DIR [--items N] [--db FILE] [--dir PARENT]
//
// --db FILE uses (and keeps) that database: created with N items if missing, else reused.
// Otherwise a scratch directory under --dir (default $TMPDIR or /tmp) is removed at the end.
// Figures only: nothing asserts on a time.
#include <sys/resource.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>

#include "bench_engine.h"
#include "bench_process.h"
#include "engine/ledger/ledger_commands.h"

namespace {

using namespace bench;

struct Options {
  std::string taizhang, workflows, db, dir;
  int items = 100'000;
};

Options parse_options(int argc, char** argv) {
  Options o;
  const char* tmp = std::getenv("TMPDIR");
  o.dir = tmp ? tmp : "/tmp";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--taizhang") o.taizhang = next();
    else if (a == "--workflows") o.workflows = next();
    else if (a == "--items") o.items = std::stoi(next());
    else if (a == "--db") o.db = next();
    else if (a == "--dir") o.dir = next();
    else throw std::runtime_error("unknown option " + a);
  }
  if (o.taizhang.empty() || o.workflows.empty() || o.items < 1 || o.items > 1'000'000) {
    throw std::runtime_error(
        "usage: ledger_export_bench --taizhang BIN --workflows DIR [--items N] [--db FILE] "
        "[--dir PARENT]");
  }
  return o;
}

struct Run {
  double seconds = 0;
  long peak_kb = 0;
  int status = -1;
};

// Runs the command with stdout to /dev/null; wall time and the child's own peak RSS.
Run measure(const std::vector<std::string>& args, const std::string& err_file) {
  int null_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  int err_fd = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  const auto start = std::chrono::steady_clock::now();
  pid_t pid = spawn(args, null_fd, err_fd);
  ::close(null_fd);
  ::close(err_fd);
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  Run r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.peak_kb = usage.ru_maxrss;
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// N items across the township, and money on the projects among them: seven funds, one per
// source; every project item gets an allocation, every other one is paid half of it.
void populate(const Options& o, const std::string& db) {
  Engine e = open_engine(db, o.workflows);
  Person manager = add_person(e, "基准项目负责人", Role::manager);
  Person finance = add_person(e, "基准财务", Role::finance);
  const auto start = std::chrono::steady_clock::now();
  BulkItems made = bulk_items(e, manager, o.items);
  std::vector<int64_t> funds;
  e.write([&](StoreWriter& store) -> Result<nlohmann::json> {
    for (FundSource s : {FundSource::central, FundSource::region, FundSource::city,
                         FundSource::county, FundSource::guangdong_cooperation,
                         FundSource::integrated, FundSource::social}) {
      auto f = create_fund(store, finance.who,
                           {"基准资金", s, "基准〔2019〕" + std::to_string(funds.size() + 1) + "号",
                            2019, kMaxAmountFen},
                           Clock{}.now());
      if (!f) return std::unexpected(f.error());
      funds.push_back(f->id);
    }
    return nullptr;
  }, "funds");
  constexpr int64_t kPerJob = 5000;
  for (int64_t first = made.first_id; first <= made.last_id; first += kPerJob) {
    e.write([&](StoreWriter& store) -> Result<nlohmann::json> {
      const TimePoint now = Clock{}.now();
      for (int64_t id = first; id < first + kPerJob && id <= made.last_id; ++id) {
        auto item = store.item(id);
        if (!item || item->workflow == "plan_task" || item->workflow == "rectification") continue;
        const int64_t fund = funds[static_cast<size_t>(id) % funds.size()];
        auto a = allocate(store, finance.who, id, {fund, 1'000'000 + id, std::nullopt}, now);
        if (!a) return std::unexpected(a.error());
        if (id % 2 == 0) {
          NewDisbursement d{500'000, "基准收款人", "记-" + std::to_string(id), std::nullopt,
                            std::nullopt, "bench-pay-" + std::to_string(id)};
          auto paid = disburse(store, finance.who, id, d, now);
          if (!paid) return std::unexpected(paid.error());
        }
      }
      return nullptr;
    }, "ledger");
  }
  std::printf("  populated %d items and their ledger in %.1f s\n", o.items,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

void write_import_csv(const std::string& path, int rows) {
  static const char* villages[] = {"吉照村", "上洞村", "马田村", "泗顶村", "振彩村"};
  std::ofstream out(path, std::ios::binary);
  out << "项目编号,村,项目名称,项目类别,年度,计划投资（元）,户主姓名\r\n";
  for (int i = 0; i < rows; ++i) {
    out << "IMP-" << i << ',' << villages[i % 5] << ",导入的危房改造第" << i << "户,农村危房改造,2019,"
        << (10000 + i % 50000) << '.' << (i % 100 < 10 ? "0" : "") << i % 100 << ",户主" << i << "\r\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options o = parse_options(argc, argv);
    ScratchDir scratch(o.dir);
    const std::string db = o.db.empty() ? scratch.file("export.db") : o.db;
    std::printf("台账 export and import benchmark: %d items\n", o.items);
    if (!std::filesystem::exists(db)) populate(o, db);
    const std::string err = scratch.file("stderr.log");

    for (const char* format : {"xlsx", "csv"}) {
      const std::string out = scratch.file(std::string("ledger.") + format);
      Run r = measure({o.taizhang, "export", "ledger", "--db", db, "--format", format, "--out", out},
                      err);
      if (r.status != 0) throw std::runtime_error("export failed; see " + err);
      std::printf("  export ledger %-4s  %6.2f s (target ≤ 10 s)   peak RSS %6.1f MB (target ≤ 200 MB)   "
                  "file %.1f MB\n",
                  format, r.seconds, r.peak_kb / 1024.0,
                  static_cast<double>(std::filesystem::file_size(out)) / (1024.0 * 1024.0));
    }

    const std::string csv = scratch.file("import.csv");
    write_import_csv(csv, o.items);
    for (bool dry : {true, false}) {
      std::vector<std::string> args = {o.taizhang, "import", "items", csv, "--db", db, "--as",
                                       "基准项目负责人"};
      if (dry) args.push_back("--dry-run");
      Run r = measure(args, err);
      if (r.status != 0) throw std::runtime_error("import failed; see " + err);
      std::printf("  import %d CSV rows %-9s %6.2f s   peak RSS %6.1f MB\n", o.items,
                  dry ? "(preview)" : "(commit)", r.seconds, r.peak_kb / 1024.0);
    }
    if (!o.db.empty()) std::printf("  kept %s (the imported rows are in it now)\n", db.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ledger_export_bench: %s\n", e.what());
    return 1;
  }
}
