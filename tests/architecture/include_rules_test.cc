// The layering of the tree, checked on every `make test`: arrows point down. The engine is the
// domain and knows no transport; only the SQLite engine knows SQLite; engine folders form no
// cycle; the pure workflow rules reach no store.
//
// The rules read every #include "…" and #include <…> line of every source file, so a new file
// is held to them the day it is added.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Include {
  std::string file;    // the including file, relative to the source root
  std::string target;  // what it includes, as written
  bool quoted = false;
};

std::vector<Include> all_includes() {
  static const std::regex line(R"(^\s*#\s*include\s*([<"])([^>"]+)[>"])");
  std::vector<Include> out;
  const fs::path root = TAIZHANG_SOURCE_DIR;
  for (const char* top : {"engine", "api", "delivery", "cli", "media"}) {
    if (!fs::exists(root / top)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
      const auto ext = entry.path().extension();
      if (ext != ".h" && ext != ".cc") continue;
      std::ifstream in(entry.path());
      std::string text;
      while (std::getline(in, text)) {
        std::smatch m;
        if (std::regex_search(text, m, line)) {
          out.push_back({fs::relative(entry.path(), root).generic_string(), m[2].str(),
                         m[1].str() == "\""});
        }
      }
    }
  }
  return out;
}

bool under(const std::string& path, const std::string& folder) {
  return path.starts_with(folder + "/");
}

// The engine folder a project path belongs to: "engine/ledger/fund.h" → "ledger"; a file at the
// top of engine/ → "".
std::string engine_folder(const std::string& path) {
  const std::string rest = path.substr(std::string("engine/").size());
  const auto slash = rest.find('/');
  return slash == std::string::npos ? "" : rest.substr(0, slash);
}

TEST(IncludeRules, TheEngineIncludesNoTransport) {
  std::vector<std::string> broken;
  for (const auto& inc : all_includes()) {
    if (!under(inc.file, "engine")) continue;
    const bool transport = under(inc.target, "api") || under(inc.target, "delivery") ||
                           under(inc.target, "cli") || inc.target.starts_with("boost/beast") ||
                           inc.target.starts_with("boost/asio") ||
                           inc.target.starts_with("curl/");
    if (transport) broken.push_back(inc.file + " includes " + inc.target);
  }
  EXPECT_TRUE(broken.empty()) << ::testing::PrintToString(broken);
}

// Outside the SQLite engine, the one header that chooses it (and names no SQLite type) may be
// included: engine/storage/sqlite/open_database.h.
TEST(IncludeRules, OnlyTheSqliteEngineIncludesSqlite) {
  std::vector<std::string> broken;
  for (const auto& inc : all_includes()) {
    const bool sqlite = inc.target == "sqlite3.h" ||
                        (under(inc.target, "engine/storage/sqlite") &&
                         inc.target != "engine/storage/sqlite/open_database.h");
    if (sqlite && !under(inc.file, "engine/storage/sqlite")) {
      broken.push_back(inc.file + " includes " + inc.target);
    }
  }
  EXPECT_TRUE(broken.empty()) << ::testing::PrintToString(broken);
}

TEST(IncludeRules, OnlyTheServerIncludesBeast) {
  std::vector<std::string> broken;
  for (const auto& inc : all_includes()) {
    const bool beast = inc.target.starts_with("boost/beast") || inc.target.starts_with("boost/asio");
    if (beast && !under(inc.file, "api/server")) broken.push_back(inc.file + " includes " + inc.target);
  }
  EXPECT_TRUE(broken.empty()) << ::testing::PrintToString(broken);
}

// The media libraries (libmagic, libexif, libvips, libzip) are I/O adapters in media/; the
// engine includes neither them nor media/, so the domain decides about evidence without them.
TEST(IncludeRules, OnlyMediaIncludesTheMediaLibraries) {
  std::vector<std::string> broken;
  for (const auto& inc : all_includes()) {
    const bool library = inc.target == "magic.h" || inc.target.starts_with("libexif/") ||
                         inc.target.starts_with("vips/") || inc.target == "zip.h";
    if (library && !under(inc.file, "media")) broken.push_back(inc.file + " includes " + inc.target);
    if (under(inc.file, "engine") && under(inc.target, "media")) {
      broken.push_back(inc.file + " includes " + inc.target);
    }
  }
  EXPECT_TRUE(broken.empty()) << ::testing::PrintToString(broken);
}

bool is_store_header(const std::string& target) {
  return under(target, "engine/storage") || target.ends_with("_store.h");
}

TEST(IncludeRules, TheWorkflowRulesReachNoStore) {
  // What happens on a transition is decided without I/O: the rules and the guards see facts,
  // never the store that gathered them.
  std::vector<std::string> broken;
  for (const auto& inc : all_includes()) {
    const bool pure_rule = inc.file.starts_with("engine/workflow/transition.") ||
                           inc.file.starts_with("engine/workflow/guard.") ||
                           inc.file.starts_with("engine/workflow/guard_facts.") ||
                           inc.file.starts_with("engine/workflow/stage_deadline.");
    if (pure_rule && is_store_header(inc.target)) {
      broken.push_back(inc.file + " includes " + inc.target);
    }
  }
  EXPECT_TRUE(broken.empty()) << ::testing::PrintToString(broken);
}

TEST(IncludeRules, NoFileSitsAtTheTopOfTheEngine) {
  std::vector<std::string> flat;
  for (const auto& entry : fs::directory_iterator(fs::path(TAIZHANG_SOURCE_DIR) / "engine")) {
    if (entry.is_regular_file()) flat.push_back(entry.path().filename().string());
  }
  EXPECT_TRUE(flat.empty()) << "every engine file belongs to a concept folder: "
                            << ::testing::PrintToString(flat);
}

// The engine folders' include graph has no cycle. The storage folder composes the domains'
// store interfaces, so domains reaching `storage` for the composed store would close a loop;
// they include their own `*_store.h` instead.
TEST(IncludeRules, EngineFoldersFormNoCycle) {
  std::map<std::string, std::set<std::string>> edges;
  for (const auto& inc : all_includes()) {
    if (!inc.quoted || !under(inc.file, "engine") || !under(inc.target, "engine")) continue;
    const std::string from = engine_folder(inc.file), to = engine_folder(inc.target);
    if (from != to) edges[from].insert(to);
  }
  // Depth-first search with colours; the first back edge found is reported as a path.
  std::map<std::string, int> colour;  // 0 new, 1 on the stack, 2 done
  std::vector<std::string> stack, cycle;
  std::function<bool(const std::string&)> visit = [&](const std::string& node) {
    colour[node] = 1;
    stack.push_back(node);
    for (const auto& next : edges[node]) {
      if (colour[next] == 1) {
        auto start = std::find(stack.begin(), stack.end(), next);
        cycle.assign(start, stack.end());
        cycle.push_back(next);
        return true;
      }
      if (colour[next] == 0 && visit(next)) return true;
    }
    stack.pop_back();
    colour[node] = 2;
    return false;
  };
  for (const auto& [node, _] : edges) {
    if (colour[node] == 0 && visit(node)) break;
  }
  EXPECT_TRUE(cycle.empty()) << "engine folders include each other in a cycle: "
                             << ::testing::PrintToString(cycle);
}

// The rules themselves can fail: each reads the tree it is meant to read.
TEST(IncludeRules, TheTreeIsRead) {
  const auto includes = all_includes();
  EXPECT_GT(includes.size(), 200u);
  bool saw_sqlite = false;
  for (const auto& inc : includes) saw_sqlite |= inc.target == "sqlite3.h";
  EXPECT_TRUE(saw_sqlite);
}

}  // namespace
