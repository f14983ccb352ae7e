// Signed checkpoints over real HTTP: a server started with a small --checkpoint-every-records
// signs checkpoints as changes come in, GET /public/audit/checkpoints serves them with the public
// key (no login) and each signature checks with libsodium over the documented text; bad
// parameters are 400 naming them; and a log cut short with its payment — triggers dropped, the
// tree trimmed to match, as an insider would — is named by `audit verify`, from the stored signed
// checkpoint and from one saved outside.
#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "checks.h"
#include "harness.h"
#include "ledger_support.h"
#include "webhook_receiver.h"

namespace e2e {
namespace {

using nlohmann::json;
using namespace e2e::ledger;

bool from_hex(const std::string& hex, unsigned char* out, size_t n) {
  return hex.size() == 2 * n &&
         sodium_hex2bin(out, n, hex.data(), hex.size(), nullptr, nullptr, nullptr) == 0;
}

// The signature checked here, with libsodium and the text the public documentation gives, not
// with the server's own code.
bool signature_holds(const json& checkpoint, const std::string& public_key_hex) {
  unsigned char key[crypto_sign_PUBLICKEYBYTES];
  unsigned char signature[crypto_sign_BYTES];
  if (!from_hex(public_key_hex, key, sizeof key)) return false;
  if (!from_hex(checkpoint["signature"].get<std::string>(), signature, sizeof signature)) {
    return false;
  }
  const std::string text = "taizhang-checkpoint v1\n" +
                           std::to_string(checkpoint["seq"].get<int64_t>()) + "\n" +
                           checkpoint["root"].get<std::string>() + "\n" +
                           checkpoint["at"].get<std::string>() + "\n";
  return crypto_sign_verify_detached(signature, reinterpret_cast<const unsigned char*>(text.data()),
                                     text.size(), key) == 0;
}

// Waits for the signer (it looks once a second) to have signed the head.
json checkpoints_through(const DemoEnv& env, int64_t seq) {
  json body;
  for (int i = 0; i < 100; ++i) {
    auto r = env.anonymous().get("/public/audit/checkpoints?limit=1000");
    EXPECT_EQ(r.status, 200) << r.body;
    body = r.json();
    const auto& list = body["checkpoints"];
    if (!list.empty() && list.back()["seq"].get<int64_t>() >= seq) return body;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ADD_FAILURE() << "no checkpoint reached seq " << seq << ": " << body.dump();
  return body;
}

// Runs the deployed verifier with `args`; returns its exit status and what it printed.
std::pair<int, std::string> deployed_verifier(const DemoEnv& env, const std::string& args) {
  const std::string command = "/usr/bin/python3 " + std::string(TAIZHANG_SOURCE_DIR) +
                              "/deploy/verify_audit_chain.py http://127.0.0.1:" +
                              std::to_string(env.port()) + " " + args + " 2>&1";
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) return {-1, ""};
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, p)) out.append(buffer, n);
  const int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

CommandResult verify(const std::vector<std::string>& extra, const std::string& db) {
  std::vector<std::string> args = {"audit", "verify", "--db", db};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_taizhang(args);
}

TEST(SignedCheckpoints, InitWritesAnOwnerOnlyKey) {
  DemoEnv env({}, false);
  struct stat st{};
  ASSERT_EQ(::stat((env.db() + ".signing-key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(SignedCheckpoints, ServedSignedAndPaged) {
  ASSERT_GE(sodium_init(), 0);
  DemoEnv env({"--checkpoint-every-records", "3"});
  for (int i = 0; i < 4; ++i) make_fund(env, 1'000'000 + i);
  const int64_t head = env.audit_seq();
  json body = checkpoints_through(env, head - 2);
  ASSERT_TRUE(body["public_key"].is_string()) << body.dump();
  const std::string key = body["public_key"];
  ASSERT_GE(body["checkpoints"].size(), 1u);
  int64_t last_seq = 0;
  for (const auto& c : body["checkpoints"]) {
    EXPECT_GT(c["seq"].get<int64_t>(), last_seq);
    last_seq = c["seq"].get<int64_t>();
    EXPECT_TRUE(signature_holds(c, key)) << c.dump();
    EXPECT_EQ(c["key_id"], body["key_id"]);
    // The root is the public root of that size.
    auto root = env.anonymous().get("/public/audit/root?tree_size=" + std::to_string(last_seq));
    ASSERT_EQ(root.status, 200);
    EXPECT_EQ(root.json()["root"], c["root"]);
    json tampered = c;
    tampered["seq"] = last_seq + 1;
    EXPECT_FALSE(signature_holds(tampered, key));
  }
  // Paged by seq.
  auto first = env.anonymous().get("/public/audit/checkpoints?limit=1").json();
  ASSERT_EQ(first["checkpoints"].size(), 1u);
  ASSERT_FALSE(first["next_after"].is_null());
  auto rest = env.anonymous().get("/public/audit/checkpoints?after=" +
                                  std::to_string(first["next_after"].get<int64_t>()));
  ASSERT_EQ(rest.status, 200);
  EXPECT_EQ(rest.json()["checkpoints"].size(), body["checkpoints"].size() - 1);

  for (const auto& [target, field] : std::vector<std::pair<std::string, std::string>>{
           {"?limit=0", "limit"},
           {"?limit=abc", "limit"},
           {"?limit=100000", "limit"},
           {"?after=-1", "after"},
           {"?after=x", "after"},
           {"?sort=seq", "sort"}}) {
    auto r = env.anonymous().get("/public/audit/checkpoints" + target);
    EXPECT_EQ(r.status, 400) << target << " " << r.body;
    EXPECT_EQ(r.json().value("code", ""), "invalid_field") << target << " " << r.body;
    EXPECT_EQ(r.json().value("field", ""), field) << target << " " << r.body;
  }
}

TEST(SignedCheckpoints, ServerWithoutAKeySaysSoAndServesNone) {
  DemoEnv env({}, false);
  ASSERT_EQ(::unlink((env.db() + ".signing-key").c_str()), 0);
  env.start_server();
  auto r = env.anonymous().get("/public/audit/checkpoints");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json()["public_key"].is_null());
  EXPECT_TRUE(r.json()["checkpoints"].empty());
  env.stop_server();
  EXPECT_NE(env.server().stderr_text().find("without signed checkpoints"), std::string::npos)
      << env.server().stderr_text();
}

TEST(SignedCheckpoints, KeyReadableByOthersIsRefused) {
  DemoEnv env({}, false);
  ASSERT_EQ(::chmod((env.db() + ".signing-key").c_str(), 0644), 0);
  auto r = run_taizhang({"serve", "--db", env.db(), "--listen", "127.0.0.1:0"},
                        std::chrono::seconds(20));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("chmod 600"), std::string::npos) << r.out << r.err;
}

TEST(SignedCheckpoints, LogCutShortWithItsPaymentIsNamed) {
  DemoEnv env({"--checkpoint-every-records", "1"});
  const int64_t fund = make_fund(env, 1'000'000);
  const int64_t item = make_item(env);
  ASSERT_GT(allocate(env, item, fund, 600'000), 0);
  auto paid = env.finance().post_json(disbursements_path(item), disbursement_body(250'000),
                                      key_header("checkpoint-cut-1"));
  ASSERT_EQ(paid.status, 201) << paid.body;
  const int64_t head = env.audit_seq();
  json body = checkpoints_through(env, head);
  const json saved = body["checkpoints"].back();
  ASSERT_EQ(saved["seq"].get<int64_t>(), head);
  {
    auto [status, out] = deployed_verifier(env, "--checkpoints");
    EXPECT_EQ(status, 0) << out;
    EXPECT_NE(out.find("extends all"), std::string::npos) << out;
  }
  ASSERT_EQ(env.stop_server(), 0);
  {
    auto r = verify({"--checkpoint", std::to_string(head) + ":" + saved["root"].get<std::string>()},
                    env.db());
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("signatures valid"), std::string::npos) << r.out;
  }

  // The insider deletes the payment and its record, the tail of the log, and trims the Merkle
  // tree to the shorter log: the chain and the tree are then whole, and the ledger agrees.
  const std::string h = std::to_string(head);
  ASSERT_NE(query_sql(env.db(), "SELECT action FROM audit_log WHERE seq = " + h).find("disburse"),
            std::string::npos)
      << "the payment must be the log's last record";
  const std::string leaves = std::to_string(head - 1);
  ASSERT_EQ(exec_sql(env.db(),
                     "PRAGMA foreign_keys = OFF;"
                     "DROP TRIGGER audit_log_no_delete; DROP TRIGGER ledger_entries_no_delete;"
                     "DROP TRIGGER ledger_postings_no_delete;"
                     "DROP TRIGGER audit_merkle_nodes_no_delete;"
                     "DELETE FROM ledger_postings WHERE entry_id = (SELECT max(id) FROM "
                     "ledger_entries);"
                     "DELETE FROM ledger_entries WHERE id = (SELECT max(id) FROM ledger_entries);"
                     "DELETE FROM audit_log WHERE seq = " + h + ";"
                     "DELETE FROM audit_merkle_nodes WHERE ((idx + 1) << level) > " + leaves + ";"),
            "");
  // Without the checkpoints, nothing is amiss.
  const std::string key_file = env.db() + ".signing-key";
  ASSERT_EQ(exec_sql(env.db(), "ALTER TABLE audit_checkpoints RENAME TO hidden"), "");
  ASSERT_EQ(exec_sql(env.db(), "CREATE TABLE audit_checkpoints AS SELECT * FROM hidden WHERE 0"), "");
  {
    auto r = verify({}, env.db());
    ASSERT_EQ(r.exit_code, 0) << "the cut must be invisible without checkpoints: " << r.out
                              << r.err;
  }
  // The checkpoint saved outside names it.
  {
    auto r = verify({"--checkpoint", h + ":" + saved["root"].get<std::string>()}, env.db());
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.out.find("checkpoint at seq " + h), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("cut short"), std::string::npos) << r.out;
  }
  // And so does the stored signed one, once it is back.
  ASSERT_EQ(exec_sql(env.db(), "DROP TABLE audit_checkpoints;"
                               "ALTER TABLE hidden RENAME TO audit_checkpoints"),
            "");
  {
    auto r = verify({}, env.db());
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.out.find("checkpoint at seq " + h), std::string::npos) << r.out;
  }
  // And a server refuses to start on it, naming the checkpoint (engine/verify/startup_check.h).
  ServerProcess::Options o;
  o.db = env.db();
  o.log_dir = env.dir().path();
  CommandResult refused;
  auto server = ServerProcess::start(o, &refused);
  EXPECT_EQ(server, nullptr) << "the server started on a log cut below its signed checkpoint";
  EXPECT_NE(refused.err.find("below the signed checkpoint at seq " + h), std::string::npos)
      << refused.err;
}

// Each signed checkpoint is pushed, with the public key, to a URL on another machine; a push
// the endpoint refuses is retried until it is taken.
TEST(SignedCheckpoints, EachCheckpointIsPushedOutsideAndRetried) {
  WebhookReceiver receiver(WebhookReceiver::Mode::error);
  ASSERT_TRUE(receiver.listening());
  DemoEnv env({"--checkpoint-every-records", "1", "--checkpoint-push", receiver.url("/ckpt")});
  make_item(env);
  const int64_t head = env.audit_seq();
  ASSERT_TRUE(receiver.wait_for(1, std::chrono::seconds(20))) << "nothing was pushed";
  receiver.set_mode(WebhookReceiver::Mode::ok);
  const json published = checkpoints_through(env, head);
  // Wait until the head's checkpoint was taken (answered 200), after the refusals.
  json pushed;
  for (int i = 0; i < 300 && pushed.is_null(); ++i) {
    for (const auto& r : receiver.requests()) {
      if (r.header("x-taizhang-checkpoint") == std::to_string(head)) {
        pushed = json::parse(r.body, nullptr, false);
      }
    }
    if (pushed.is_null()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(pushed.is_object()) << "the checkpoint at the head was never pushed";
  EXPECT_EQ(receiver.requests().front().target, "/ckpt");
  EXPECT_EQ(pushed["event"], "checkpoint");
  EXPECT_EQ(pushed["public_key"], published["public_key"]);
  EXPECT_EQ(pushed["checkpoint"]["seq"].get<int64_t>(), head);
  EXPECT_TRUE(signature_holds(pushed["checkpoint"], pushed["public_key"].get<std::string>()))
      << pushed.dump();
  // The refused pushes were tried again, in seq order, never skipping one.
  int64_t last = 0;
  for (const auto& r : receiver.requests()) {
    const int64_t seq = std::stoll(r.header("x-taizhang-checkpoint").value_or("0"));
    EXPECT_GE(seq, last) << "pushed out of order";
    last = seq;
  }
}

TEST(SignedCheckpoints, PushNeedsAnHttpUrl) {
  DemoEnv env({}, false);
  ServerProcess::Options o;
  o.db = env.db();
  o.log_dir = env.dir().path();
  o.extra = {"--checkpoint-push", "ftp://example.org/ckpt"};
  CommandResult refused;
  EXPECT_EQ(ServerProcess::start(o, &refused), nullptr);
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("url"), std::string::npos) << refused.err;
}

}  // namespace
}  // namespace e2e
