// Every bad upload the evidence issue names, each answered with its error and nothing changed:
// no attachment row, no audit record, no file left in the evidence folder.
#include <gtest/gtest.h>

#include <sys/mount.h>

#include <chrono>
#include <thread>

#include "evidence_support.h"

namespace e2e {
namespace {

using taizhang::testing::multipart_body;
using taizhang::testing::multipart_content_type;
using taizhang::testing::sample_jpeg;
using taizhang::testing::sample_pdf;

class EvidenceRefusals : public EvidenceTest {
 protected:
  // A small limit, so that "over the limit" needs no 20 MiB body.
  std::vector<std::string> extra_serve_args() override {
    return {"--attachment-limit-bytes", "200000"};
  }
  void SetUp() override {
    EvidenceTest::SetUp();
    if (HasFatalFailure()) return;
    before_ = state();
  }
  void expect_unchanged() { EXPECT_EQ(state(), before_); }
  EvidenceState before_;
};

TEST_F(EvidenceRefusals, EmptyBodyAndEmptyFile) {
  auto empty = env_->village_manager().post(attachments_path(item_id_), "",
                                            {{"Content-Type", multipart_content_type()}});
  EXPECT_EQ(empty.status, 400) << empty.body;
  auto no_bytes = upload(env_->village_manager(), item_id_, "completion_photo",
                         FormFile{"file", "空.jpg", "image/jpeg", ""});
  EXPECT_EQ(no_bytes.status, 400) << no_bytes.body;
  EXPECT_EQ(no_bytes.json()["field"], "file");
  auto no_file = env_->village_manager().post(attachments_path(item_id_),
                                              multipart_body({{"kind", "completion_photo"}}, std::nullopt),
                                              {{"Content-Type", multipart_content_type()}});
  EXPECT_EQ(no_file.status, 400) << no_file.body;
  auto json = env_->village_manager().post_json(attachments_path(item_id_), {{"kind", "x"}});
  EXPECT_EQ(json.status, 415) << json.body;
  expect_unchanged();
}

TEST_F(EvidenceRefusals, FileOverTheLimitIsRefusedBeforeTheBodyIsRead) {
  // Only the head is sent: the answer must come without the body.
  Connection c(env_->port(), std::chrono::milliseconds(10'000));
  ASSERT_TRUE(c.send_all(
      "POST " + attachments_path(item_id_) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Authorization: Bearer " + env_->token("吉照村包村干部") + "\r\n"
      "Content-Type: " + multipart_content_type() + "\r\nContent-Length: 21000000\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->code(), "payload_too_large");
  // A file just over the limit inside a body under the form's allowance: 413 from the handler.
  auto over = upload(env_->village_manager(), item_id_, "completion_photo",
                     FormFile{"file", "大.pdf", "application/pdf", sample_pdf() + std::string(200'001, ' ')});
  EXPECT_EQ(over.status, 413) << over.body;
  expect_unchanged();
}

TEST_F(EvidenceRefusals, TypeNotKeptAndDeclaredTypeThatLies) {
  auto text = upload(env_->village_manager(), item_id_, "completion_photo",
                     FormFile{"file", "说明.txt", "text/plain", "这不是照片，是一段文字。\n"});
  EXPECT_EQ(text.status, 415) << text.body;
  EXPECT_EQ(text.code(), "unsupported_media_type");
  auto gif = upload(env_->village_manager(), item_id_, "completion_photo",
                    FormFile{"file", "a.gif", "image/gif", std::string("GIF89a\x01\x00\x01\x00\x00\x00\x00;", 14)});
  EXPECT_EQ(gif.status, 415) << gif.body;
  auto lying = upload(env_->village_manager(), item_id_, "completion_photo",
                      FormFile{"file", "竣工照片.jpg", "image/jpeg", sample_pdf()});
  EXPECT_EQ(lying.status, 415) << lying.body;
  EXPECT_NE(lying.json()["detail"].get<std::string>().find("application/pdf"), std::string::npos);
  // A JPEG's head on a body that is not one: the type says photo, decoding says no.
  auto broken = upload(env_->village_manager(), item_id_, "completion_photo",
                       FormFile{"file", "坏.jpg", "image/jpeg", sample_jpeg(400, 300).substr(0, 300)});
  EXPECT_EQ(broken.status, 415) << broken.body;
  expect_unchanged();
}

TEST_F(EvidenceRefusals, NameWithControlCharacters) {
  for (const std::string& name : std::vector<std::string>{"竣工\n照片.jpg", "a\x01.jpg", "a\x7f.jpg", ".."}) {
    auto r = upload(env_->village_manager(), item_id_, "completion_photo",
                    FormFile{"file", name, "image/jpeg", sample_jpeg(64, 48, 5)});
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.json()["field"], "name") << r.body;
  }
  expect_unchanged();
}

TEST_F(EvidenceRefusals, AnUnknownKindOrItemOrReference) {
  auto unknown = upload(env_->village_manager(), item_id_, "selfie", photo(1));
  EXPECT_EQ(unknown.status, 400) << unknown.body;
  EXPECT_EQ(unknown.json()["field"], "kind");
  auto no_item = upload(env_->village_manager(), 999999, "completion_photo", photo(1));
  EXPECT_EQ(no_item.status, 404);
  auto bad_notice = upload(env_->village_manager(), item_id_, "notice_photo", photo(1),
                           {{"notice_id", "999999"}});
  EXPECT_EQ(bad_notice.status, 400) << bad_notice.body;
  EXPECT_EQ(bad_notice.json()["field"], "notice_id");
  auto anonymous = upload(env_->anonymous(), item_id_, "completion_photo", photo(1));
  EXPECT_EQ(anonymous.status, 401);
  expect_unchanged();
}

// Another village's item answers as an absent one; nothing is stored, and the attempt is the
// one audit record (access.denied, written after the answer).
TEST_F(EvidenceRefusals, AnotherVillagesItem) {
  auto list = env_->township_manager().get("/api/v1/items?workflow=road&limit=1");
  ASSERT_EQ(list.status, 200);
  const int64_t road_in_matian = list.json()["items"][0]["id"];
  auto elsewhere = upload(env_->village_manager(), road_in_matian, "construction_photo", photo(1));
  auto absent = upload(env_->village_manager(), 999999, "construction_photo", photo(1));
  ASSERT_EQ(elsewhere.status, 404) << elsewhere.body;
  ASSERT_EQ(absent.status, 404) << absent.body;
  const std::string theirs = elsewhere.json()["detail"], none = absent.json()["detail"];
  EXPECT_EQ(theirs.substr(0, theirs.rfind(' ')), none.substr(0, none.rfind(' ')));
  EvidenceState now = state();
  for (int i = 0; i < 50 && now.audit_seq == before_.audit_seq; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    now = state();
  }
  EXPECT_EQ(now.rows, before_.rows);
  EXPECT_EQ(now.files, before_.files);
  ASSERT_EQ(now.audit_seq, before_.audit_seq + 1);
  EXPECT_EQ(query_sql(env_->db(), "SELECT action || ' ' || entity || ' ' || entity_id FROM audit_log "
                                  "ORDER BY seq DESC LIMIT 1"),
            "access.denied item " + std::to_string(road_in_matian));
}

// The evidence folder on a 2 MiB file system that an upload fills: 503, no row, no audit
// record, no partial file. Needs the right to mount a tmpfs (root, as CI runs).
TEST(EvidenceDiskFull, UploadThatFillsTheDiskLeavesNothing) {
  TempDir dir;
  const std::string mount_point = dir.file("small");
  std::filesystem::create_directories(mount_point);
  if (::mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=2m") != 0) {
    GTEST_SKIP() << "cannot mount a small tmpfs here (needs root): " << std::strerror(errno);
  }
  struct Unmount {
    std::string at;
    ~Unmount() { ::umount2(at.c_str(), MNT_DETACH); }
  } unmount{mount_point};
  DemoEnv env({"--attachment-limit-bytes", "8000000"});
  // The database stays on the roomy disk; its evidence folder is the small tmpfs.
  env.stop_server();
  std::filesystem::remove_all(env.db() + "-evidence");  // made empty by the first start
  std::filesystem::create_directory_symlink(mount_point, env.db() + "-evidence");
  env.start_server({"--attachment-limit-bytes", "8000000"});
  auto list = env.township_manager().get("/api/v1/items?workflow=housing_repair&limit=1");
  const int64_t item = list.json()["items"][0]["id"];
  const std::string path = "/api/v1/items/" + std::to_string(item) + "/attachments";
  const auto rows = query_sql(env.db(), "SELECT count(*) FROM attachments");
  const int64_t seq = env.audit_seq();
  // Incompressible bytes behind a PDF head: 3 MB do not fit in 2 MiB.
  std::string big = sample_pdf();
  uint32_t x = 2463534242u;
  while (big.size() < 3'000'000) {
    x ^= x << 13; x ^= x >> 17; x ^= x << 5;
    big += static_cast<char>(x & 0xFF);
  }
  auto r = env.village_manager().post(
      path, multipart_body({{"kind", "acceptance_form"}}, FormFile{"file", "满.pdf", "application/pdf", big}),
      {{"Content-Type", multipart_content_type()}});
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(query_sql(env.db(), "SELECT count(*) FROM attachments"), rows);
  EXPECT_EQ(env.audit_seq(), seq);
  EXPECT_EQ(regular_files_under(mount_point), 0u);
  // Room again: a small file goes through.
  auto small = env.village_manager().post(
      path, multipart_body({{"kind", "acceptance_form"}}, FormFile{"file", "表.pdf", "application/pdf", sample_pdf()}),
      {{"Content-Type", multipart_content_type()}});
  EXPECT_EQ(small.status, 201) << small.body;
}

}  // namespace
}  // namespace e2e
