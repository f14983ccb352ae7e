// schemas/openapi.yaml must describe exactly the routes that api/routes.cc registers: every
// (method, path) the router knows is under `paths` with that method, and nothing more. No YAML
// library is linked, so the file is scanned line by line; it is written so that this is exact:
// path keys are indented two spaces under the top-level `paths:`, method keys four.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>

#include "api/app.h"
#include "api/router.h"

namespace taizhang::api {
namespace {

using Route = std::pair<std::string, std::string>;  // (lower-case method, path pattern)

std::string read_spec() {
  const std::string path = std::string(TAIZHANG_SOURCE_DIR) + "/schemas/openapi.yaml";
  std::ifstream in(path);
  EXPECT_TRUE(in.is_open()) << "cannot open " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string unquote(std::string s) {
  if (s.size() >= 2 && (s.front() == '\'' || s.front() == '"') && s.back() == s.front()) {
    return s.substr(1, s.size() - 2);
  }
  return s;
}

// The (method, path) pairs under the top-level `paths:` mapping.
std::set<Route> documented_routes(const std::string& spec) {
  static const std::regex path_key(R"(^  ('[^']*'|"[^"]*"|/[^:\s]*):\s*(#.*)?$)");
  static const std::regex method_key(
      R"(^    (get|put|post|delete|patch|head|options|trace):\s*(#.*)?$)");
  static const std::regex top_level_key(R"(^[A-Za-z_][A-Za-z0-9_-]*:)");
  std::set<Route> out;
  std::istringstream lines(spec);
  std::string line, current;
  bool in_paths = false;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (std::regex_search(line, top_level_key)) {
      in_paths = line.rfind("paths:", 0) == 0;
      current.clear();
      continue;
    }
    if (!in_paths) continue;
    std::smatch m;
    if (std::regex_match(line, m, path_key)) {
      current = unquote(m[1].str());
    } else if (std::regex_match(line, m, method_key)) {
      EXPECT_FALSE(current.empty()) << "method key outside a path: " << line;
      out.emplace(m[1].str(), current);
    }
  }
  return out;
}

std::set<Route> registered_routes() {
  Router router;
  add_routes(router);
  std::set<Route> out;
  for (auto [method, pattern] : router.routes()) {
    std::transform(method.begin(), method.end(), method.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    EXPECT_TRUE(out.emplace(method, pattern).second)
        << "route registered twice: " << method << " " << pattern;
  }
  return out;
}

TEST(OpenApi, IsAnOpenApi31Document) {
  const std::string spec = read_spec();
  EXPECT_TRUE(std::regex_search(spec, std::regex(R"((^|\n)openapi: ['"]?3\.1\.\d+['"]?\n)")))
      << "schemas/openapi.yaml must start with openapi: 3.1.x";
  EXPECT_NE(spec.find("\npaths:\n"), std::string::npos);
  EXPECT_NE(spec.find("\ncomponents:\n"), std::string::npos);
  EXPECT_EQ(spec.find('\t'), std::string::npos) << "YAML must not be indented with tabs";
}

TEST(OpenApi, DocumentsEveryRegisteredRoute) {
  const std::set<Route> documented = documented_routes(read_spec());
  const std::set<Route> registered = registered_routes();
  ASSERT_FALSE(registered.empty());
  for (const auto& [method, path] : registered) {
    EXPECT_TRUE(documented.contains({method, path}))
        << method << " " << path << " is registered in api/routes.cc but missing from "
        << "schemas/openapi.yaml";
  }
}

TEST(OpenApi, DocumentsNoRouteThatIsNotRegistered) {
  const std::set<Route> documented = documented_routes(read_spec());
  const std::set<Route> registered = registered_routes();
  ASSERT_FALSE(documented.empty()) << "no paths found in schemas/openapi.yaml";
  for (const auto& [method, path] : documented) {
    EXPECT_TRUE(registered.contains({method, path}))
        << method << " " << path << " is in schemas/openapi.yaml but api/routes.cc does not "
        << "register it";
  }
}

// Every local `$ref: '#/components/<kind>/<name>'` names something the file defines.
TEST(OpenApi, LocalReferencesResolve) {
  const std::string spec = read_spec();
  std::set<std::string> defined;  // "<kind>/<name>"
  {
    static const std::regex kind_key(R"(^  ([A-Za-z]+):\s*$)");
    static const std::regex name_key(R"(^    ([A-Za-z0-9_.-]+):\s*(#.*)?$)");
    std::istringstream lines(spec);
    std::string line, kind;
    bool in_components = false;
    while (std::getline(lines, line)) {
      if (!line.empty() && std::isalpha(static_cast<unsigned char>(line[0]))) {
        in_components = line == "components:";
        continue;
      }
      if (!in_components) continue;
      std::smatch m;
      if (std::regex_match(line, m, kind_key)) {
        kind = m[1].str();
      } else if (!kind.empty() && std::regex_match(line, m, name_key)) {
        defined.insert(kind + "/" + m[1].str());
      }
    }
  }
  for (const char* name : {"Item", "ItemAction", "HistoryEntry", "Workflow", "Stage",
                           "Transition", "Guard", "OrgUnit", "User", "AuditRecord", "AuditHead",
                           "AuditVerdict", "Problem"}) {
    EXPECT_TRUE(defined.contains(std::string("schemas/") + name))
        << "components.schemas." << name << " is missing";
  }
  static const std::regex ref(R"(\$ref:\s*['"]#/components/([A-Za-z]+)/([A-Za-z0-9_.-]+)['"])");
  int refs = 0;
  for (std::sregex_iterator it(spec.begin(), spec.end(), ref), end; it != end; ++it, ++refs) {
    const std::string target = (*it)[1].str() + "/" + (*it)[2].str();
    EXPECT_TRUE(defined.contains(target)) << "$ref to undefined #/components/" << target;
  }
  EXPECT_GT(refs, 0);
}

}  // namespace
}  // namespace taizhang::api
