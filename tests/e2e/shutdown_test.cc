// SIGTERM: the server stops accepting, finishes the requests in flight (their clients get complete
// responses), closes idle connections and exits 0.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "checks.h"
#include "harness.h"

namespace e2e {
namespace {

TEST(Shutdown, IdleServerExitsZeroOnSigterm) {
  DemoEnv env;
  Connection idle(env.port());  // an idle keep-alive connection must not hold the exit up
  ASSERT_TRUE(idle.connected());
  auto r = idle.request("GET", "/healthz");
  ASSERT_TRUE(r.has_value());
  env.server().terminate();
  int sig = 0;
  EXPECT_EQ(env.server().wait(std::chrono::seconds(60), &sig), 0) << "signal " << sig;
  EXPECT_EQ(sig, 0);
  EXPECT_TRUE(idle.wait_for_close(std::chrono::milliseconds(5000)));
  EXPECT_NE(env.server().stderr_text().find("stopped"), std::string::npos)
      << env.server().stderr_text();
  // Nothing listens any more.
  Connection after(env.port(), std::chrono::milliseconds(2000));
  EXPECT_FALSE(after.connected() && after.request("GET", "/healthz").has_value());
}

TEST(Shutdown, SigtermRightAfterListeningExitsZero) {
  // Once "listening on" is printed, SIGTERM must mean a clean stop, never death by signal.
  DemoEnv env({}, /*start_server=*/false);
  for (int i = 0; i < 5; ++i) {
    SCOPED_TRACE(i);
    env.start_server();
    env.server().terminate();
    int sig = 0;
    EXPECT_EQ(env.server().wait(std::chrono::seconds(60), &sig), 0);
    EXPECT_EQ(sig, 0) << "killed by signal " << sig;
  }
}

TEST(Shutdown, RequestWhoseBodyIsStillArrivingIsFinished) {
  DemoEnv env;
  auto item = env.create_item(env.village_manager(), "plan_task", "停机测试", "吉照村");
  ASSERT_TRUE(item.is_object());
  const int64_t id = item["id"].get<int64_t>();

  Connection c(env.port());
  ASSERT_TRUE(c.connected());
  // Prove the connection is being served, then start a request and send half of its body.
  auto warm = c.request("GET", "/healthz");
  ASSERT_TRUE(warm.has_value());
  const std::string body = "{\"action\":\"start\",\"comment\":\"停机前发出的请求\"}";
  const std::string head = "POST " + transitions_path(id) +
                           " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                           env.token("吉照村包村干部") +
                           "\r\nContent-Type: application/json\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\n\r\n";
  ASSERT_TRUE(c.send_all(head + body.substr(0, 10)));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // let the server read the head
  env.server().terminate();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the signal is being handled
  // A new connection is refused (or at least not served) while the old request is pending.
  {
    Connection late(env.port(), std::chrono::milliseconds(2000));
    if (late.connected()) {
      auto r = late.request("GET", "/healthz");
      EXPECT_FALSE(r.has_value()) << "served a connection opened after SIGTERM";
    }
  }
  EXPECT_TRUE(env.server().running());
  ASSERT_TRUE(c.send_all(body.substr(10)));
  auto r = c.read_response();
  ASSERT_TRUE(r.has_value()) << "the request in flight got no (complete) response";
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->json().value("stage", ""), "in_progress");
  EXPECT_EQ(r->header("connection").value_or(""), "close");
  int sig = 0;
  EXPECT_EQ(env.server().wait(std::chrono::seconds(60), &sig), 0) << "signal " << sig;
  // The acknowledged transition is durable.
  auto cli = run_taizhang({"audit", "verify", "--db", env.db()});
  EXPECT_EQ(cli.exit_code, 0) << cli.out << cli.err;
  EXPECT_EQ(query_sql(env.db(), "SELECT stage FROM items WHERE id = " + std::to_string(id)),
            "in_progress");
}

TEST(Shutdown, SigtermDuringAStreamOfWritesAnswersEveryRequestItCommits) {
  DemoEnv env;
  constexpr int kClients = 24;
  const std::string token = env.token("吉照村包村干部");
  const uint16_t port = env.port();
  std::atomic<int> created{0}, partial{0}, unanswered{0}, errors{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      // One request per connection, so that none is sent on a connection the server is just
      // closing as idle; then every request the server reads is one it must answer.
      for (int i = 0; i < 100000 && !stop; ++i) {
        Connection conn(port, std::chrono::milliseconds(30'000));
        if (!conn.connected()) return;  // no longer accepting
        nlohmann::json body = {{"workflow", "plan_task"},
                               {"title", "停机流 " + std::to_string(c) + "-" + std::to_string(i)},
                               {"org", "吉照村"},
                               {"plan_year", 2019}};
        auto r = conn.request("POST", "/api/v1/items", body.dump(),
                              {{"Authorization", "Bearer " + token},
                               {"Content-Type", "application/json"},
                               {"Connection", "close"}});
        if (r) {
          if (r->status == 201) {
            ++created;
          } else {
            ++errors;
          }
        } else if (conn.last_was_partial()) {
          ++partial;
        } else {
          ++unanswered;
        }
      }
    });
  }
  for (int i = 0; i < 6000 && created < 50; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_GE(created.load(), 50) << "the stream never got going";
  env.server().terminate();
  int sig = 0;
  const int code = env.server().wait(std::chrono::seconds(60), &sig);
  stop = true;
  for (auto& t : clients) t.join();
  EXPECT_EQ(code, 0) << "signal " << sig << "\n" << env.server().stderr_text();
  EXPECT_EQ(partial.load(), 0) << "truncated responses";
  EXPECT_EQ(errors.load(), 0) << "non-201 responses";
  // Every item in the database was acknowledged to its client: nothing was committed and then
  // dropped unanswered.
  const int in_db = std::stoi(
      query_sql(env.db(), "SELECT count(*) FROM items WHERE title LIKE '停机流 %'"));
  EXPECT_EQ(in_db, created.load()) << unanswered.load() << " requests got no response";
  auto cli = run_taizhang({"audit", "verify", "--db", env.db()});
  EXPECT_EQ(cli.exit_code, 0) << cli.out << cli.err;
}

}  // namespace
}  // namespace e2e
