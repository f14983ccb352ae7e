// The Merkle tree's public endpoints on the real binary: their roots and proofs are those of an
// independent reference written from RFC 9162 alone (tests/merkle_reference.py), the deployed
// verifier checks them (deploy/verify_audit_chain.py --inclusion / --consistency), and every bad
// parameter is a 400 invalid_field naming it, with nothing changed.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "bad_input.h"
#include "checks.h"
#include "engine/audit/merkle.h"
#include "harness.h"

namespace e2e {
namespace {

using nlohmann::json;

// Runs a shell command; returns its exit status and what it printed.
std::pair<int, std::string> shell(const std::string& command) {
  std::string out;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (!p) return {-1, ""};
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, p)) out.append(buffer, n);
  int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

const std::string kPython = "/usr/bin/python3 ";
const std::string kReference = std::string(TAIZHANG_SOURCE_DIR) + "/tests/merkle_reference.py";
const std::string kVerifier = std::string(TAIZHANG_SOURCE_DIR) + "/deploy/verify_audit_chain.py";

// Every record's hash in seq order, read as the supervisor.
std::vector<std::string> chain_hashes(const DemoEnv& env) {
  std::vector<std::string> out;
  for (int64_t after = 0;;) {
    auto page = env.supervisor().get("/api/v1/audit?limit=1000&after=" + std::to_string(after));
    EXPECT_EQ(page.status, 200) << page.body;
    if (page.status != 200) return out;
    const json body = page.json();
    for (const auto& r : body["records"]) out.push_back(r["hash"].get<std::string>());
    if (body["next_after"].is_null()) return out;
    after = body["next_after"].get<int64_t>();
  }
}

// A demo database with enough records for trees of every shape up to a few dozen leaves.
class AuditTreeEndpoints : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = std::make_unique<DemoEnv>();
    for (int i = 0; env_->audit_seq() < 40; ++i) {
      auto item = env_->create_item(env_->township_manager(), "plan_task",
                                    "默克尔树测试 " + std::to_string(i), "吉照村");
      ASSERT_TRUE(item.is_object());
    }
    head_ = env_->audit_seq();
  }

  std::unique_ptr<DemoEnv> env_;
  int64_t head_ = 0;
};

TEST_F(AuditTreeEndpoints, RootsAndProofsAreThoseOfTheRfc9162Reference) {
  auto [self_status, self_out] = shell(kPython + kReference + " --self-test");
  ASSERT_EQ(self_status, 0) << self_out;

  const auto hashes = chain_hashes(*env_);
  ASSERT_EQ(static_cast<int64_t>(hashes.size()), head_);
  std::string file_text;
  for (const auto& h : hashes) file_text += h + "\n";
  const std::string file = env_->dir().file("hashes.txt");
  write_file(file, file_text);

  // Sizes around the powers of two, where the trees change shape, and the head.
  std::vector<std::pair<std::string, std::string>> cases;  // (reference query, endpoint)
  const std::vector<int64_t> sizes = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, head_};
  for (int64_t n : sizes) {
    if (n > head_) continue;
    const std::string size = std::to_string(n);
    cases.emplace_back("root:" + size, "/public/audit/root?tree_size=" + size);
    for (int64_t seq : {int64_t{1}, n / 2 + 1, n}) {
      cases.emplace_back("inclusion:" + std::to_string(seq) + ":" + size,
                         "/public/audit/proof/inclusion?seq=" + std::to_string(seq) +
                             "&tree_size=" + size);
    }
    for (int64_t first : {int64_t{1}, n / 2, n - 1}) {
      if (first < 1 || first >= n) continue;
      cases.emplace_back("consistency:" + std::to_string(first) + ":" + size,
                         "/public/audit/proof/consistency?first=" + std::to_string(first) +
                             "&second=" + size);
    }
  }
  cases.emplace_back("root:0", "/public/audit/root?tree_size=0");
  ASSERT_GE(cases.size(), 80u);

  std::string command = kPython + kReference + " " + file;
  for (const auto& [query, target] : cases) command += " " + query;
  auto [status, out] = shell(command);
  ASSERT_EQ(status, 0) << out;
  std::vector<json> expected;
  for (size_t start = 0; start < out.size();) {
    const size_t end = out.find('\n', start);
    expected.push_back(json::parse(out.substr(start, end - start)));
    start = end == std::string::npos ? out.size() : end + 1;
  }
  ASSERT_EQ(expected.size(), cases.size()) << out;
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(cases[i].second);
    auto r = env_->anonymous().get(cases[i].second);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json(), expected[i]);
    // A named tree size never changes its answer.
    EXPECT_FALSE(r.header("cache-control").has_value());
  }

  // Without a size the answers are about the head, and say they will not last.
  auto root = env_->anonymous().get("/public/audit/root");
  ASSERT_EQ(root.status, 200) << root.body;
  EXPECT_EQ(root.json()["tree_size"], head_);
  EXPECT_EQ(root.header("cache-control").value_or(""), "no-store");
  auto [ref_status, ref_out] = shell(kPython + kReference + " " + file + " root:" +
                                     std::to_string(head_) + " inclusion:3:" +
                                     std::to_string(head_));
  ASSERT_EQ(ref_status, 0) << ref_out;
  EXPECT_EQ(root.json(), json::parse(ref_out.substr(0, ref_out.find('\n'))));
  auto inclusion = env_->anonymous().get("/public/audit/proof/inclusion?seq=3");
  ASSERT_EQ(inclusion.status, 200) << inclusion.body;
  EXPECT_EQ(inclusion.json(), json::parse(ref_out.substr(ref_out.find('\n') + 1)));
  EXPECT_EQ(inclusion.header("cache-control").value_or(""), "no-store");

  // `audit verify` recomputes the same root.
  ASSERT_EQ(env_->stop_server(), 0);
  auto verify = run_taizhang({"audit", "verify", "--db", env_->db()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_NE(verify.out.find("root " + root.json()["root"].get<std::string>()), std::string::npos)
      << verify.out;
}

TEST_F(AuditTreeEndpoints, TheDeployedVerifierChecksProofsAgainstNotedRoots) {
  const auto hashes = chain_hashes(*env_);
  ASSERT_EQ(static_cast<int64_t>(hashes.size()), head_);
  const std::string base = "http://127.0.0.1:" + std::to_string(env_->port());
  const std::string verifier = kPython + kVerifier + " " + base;
  const std::string noted_root =
      env_->anonymous().get("/public/audit/root?tree_size=20").json()["root"].get<std::string>();

  // A record by its printed hash, in the tree of the head and in a tree noted earlier.
  auto [status, out] = shell(verifier + " --inclusion 7 " + hashes[6]);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("record 7 is in the tree of " + std::to_string(head_)), std::string::npos)
      << out;
  std::tie(status, out) = shell(verifier + " --inclusion 7 " + hashes[6] + " 20 " + noted_root);
  EXPECT_EQ(status, 0) << out;
  // Another record's hash, or another root, is refused.
  std::tie(status, out) = shell(verifier + " --inclusion 7 " + hashes[7]);
  EXPECT_EQ(status, 1) << out;
  std::tie(status, out) = shell(verifier + " --inclusion 7 " + hashes[6] + " 20 " + hashes[0]);
  EXPECT_EQ(status, 1) << out;

  // The log now extends the log of 20 records as noted then.
  std::tie(status, out) = shell(verifier + " --consistency 20 " + std::to_string(head_) + " " +
                                noted_root);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("extends the log of 20 records"), std::string::npos) << out;
  std::tie(status, out) = shell(verifier + " --consistency 16 " + std::to_string(head_));
  EXPECT_EQ(status, 0) << out;
  // A noted root the log no longer has: rewritten.
  std::tie(status, out) = shell(verifier + " --consistency 20 " + std::to_string(head_) + " " +
                                hashes[0]);
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find("rewritten"), std::string::npos) << out;
  // Sizes the server refuses.
  std::tie(status, out) = shell(verifier + " --consistency 20 20");
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find("HTTP 400"), std::string::npos) << out;
}

TEST_F(AuditTreeEndpoints, APostedNoticesRecordIsProvedInThePublishedTree) {
  // The record a printed notice cites: its hash is on the paper; its leaf is
  // SHA-256(0x00 || that hash's 32 bytes), and the proof leads from it to the published root.
  const json board = env_->anonymous().get("/public/notices?state=all").json();
  ASSERT_FALSE(board["notices"].empty()) << board.dump();
  const int64_t seq = board["notices"][0]["audit"]["seq"].get<int64_t>();
  const std::string printed = board["notices"][0]["audit"]["hash"].get<std::string>();
  auto hash_of = [](const json& hex) {
    taizhang::MerkleHash h{};
    EXPECT_TRUE(taizhang::bytes_of_hex(hex.get<std::string>(), h)) << hex;
    return h;
  };
  const taizhang::MerkleHash leaf = taizhang::merkle_leaf_hash(hash_of(json(printed)));

  auto r = env_->anonymous().get("/public/audit/proof/inclusion?seq=" + std::to_string(seq));
  ASSERT_EQ(r.status, 200) << r.body;
  const json proof = r.json();
  EXPECT_EQ(proof["leaf_index"], seq - 1);
  EXPECT_EQ(proof["leaf_hash"], taizhang::hex_of(leaf));
  std::vector<taizhang::MerkleHash> path;
  for (const auto& h : proof["audit_path"]) path.push_back(hash_of(h));
  const int64_t size = proof["tree_size"].get<int64_t>();
  const json root = env_->anonymous().get("/public/audit/root?tree_size=" +
                                          std::to_string(size)).json();
  EXPECT_EQ(root["root"], proof["root"]);
  EXPECT_TRUE(taizhang::verify_inclusion(seq - 1, size, leaf, path, hash_of(root["root"])));
  // The record before it is another leaf: the same path does not prove it.
  auto other = env_->anonymous().get("/public/audit/proof/inclusion?seq=" +
                                     std::to_string(seq - 1) + "&tree_size=" +
                                     std::to_string(size));
  ASSERT_EQ(other.status, 200) << other.body;
  EXPECT_FALSE(taizhang::verify_inclusion(seq - 1, size, hash_of(other.json()["leaf_hash"]),
                                          path, hash_of(root["root"])));

  // The smallest tree is its one leaf.
  auto one = env_->anonymous().get("/public/audit/proof/inclusion?seq=1&tree_size=1");
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.json()["audit_path"], json::array());
  EXPECT_EQ(one.json()["leaf_hash"], one.json()["root"]);
}

TEST_F(BadInput, MerkleTreeParametersOutOfRangeAreInvalidAndChangeNothing) {
  const int64_t head = env_->audit_seq();
  ASSERT_GE(head, 3);
  const std::string past = std::to_string(head + 1);
  const std::string last = std::to_string(head);
  Api anyone = env_->anonymous();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/public/audit/root?tree_size=-1", "tree_size"},
      {"/public/audit/root?tree_size=" + past, "tree_size"},
      {"/public/audit/root?tree_size=x", "tree_size"},
      {"/public/audit/root?tree_size=", "tree_size"},
      {"/public/audit/root?tree_size=1.0", "tree_size"},
      {"/public/audit/root?tree_size=%201", "tree_size"},
      {"/public/audit/root?tree_size=99999999999999999999", "tree_size"},
      {"/public/audit/root?tree_size=1&tree_size=2", "tree_size"},
      {"/public/audit/root?size=1", "size"},
      {"/public/audit/proof/inclusion", "seq"},
      {"/public/audit/proof/inclusion?tree_size=2", "seq"},
      {"/public/audit/proof/inclusion?seq=0", "seq"},
      {"/public/audit/proof/inclusion?seq=" + past, "seq"},
      {"/public/audit/proof/inclusion?seq=+1", "seq"},
      {"/public/audit/proof/inclusion?seq=3&tree_size=2", "tree_size"},
      {"/public/audit/proof/inclusion?seq=1&tree_size=" + past, "tree_size"},
      {"/public/audit/proof/inclusion?seq=1&tree_size=0", "tree_size"},
      {"/public/audit/proof/inclusion?seq=1&leaf_index=0", "leaf_index"},
      {"/public/audit/proof/consistency", "first"},
      {"/public/audit/proof/consistency?second=3", "first"},
      {"/public/audit/proof/consistency?first=2", "second"},
      {"/public/audit/proof/consistency?first=0&second=3", "first"},
      {"/public/audit/proof/consistency?first=" + last + "&second=" + last, "first"},
      {"/public/audit/proof/consistency?first=3&second=3", "second"},
      {"/public/audit/proof/consistency?first=3&second=2", "second"},
      {"/public/audit/proof/consistency?first=1&second=" + past, "second"},
      {"/public/audit/proof/consistency?first=1&second=x", "second"},
      {"/public/audit/proof/consistency?first=1&second=3&tree_size=3", "tree_size"},
  };
  const json root_before = anyone.get("/public/audit/root").json();
  for (const auto& [target, field] : cases) {
    SCOPED_TRACE(target);
    auto r = anyone.get(target);
    EXPECT_TRUE(IsInvalidField(r, field));
    EXPECT_NE(r.json().value("detail", "").find(field), std::string::npos) << r.body;
  }
  EXPECT_EQ(anyone.get("/public/audit/root").json(), root_before);
  EXPECT_EQ(env_->audit_seq(), head);
  expect_unchanged();
}

}  // namespace
}  // namespace e2e
