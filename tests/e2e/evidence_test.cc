// Evidence over HTTP: upload as a browser does, the type, time and position read from the file,
// download with a UTF-8 Content-Disposition, thumbnails, the audit record carrying the SHA-256,
// the same bytes stored once (also uploaded at once from eight clients), withdrawal, and the
// files checked by `audit verify` and copied by `backup`.
#include <gtest/gtest.h>

#include <zip.h>

#include <cstdio>
#include <thread>

#include "engine/base/digest.h"
#include "evidence_support.h"
#include "media/photo_metadata.h"

namespace e2e {
namespace {

using taizhang::testing::PhotoExif;
using taizhang::testing::sample_jpeg;
using taizhang::testing::sample_pdf;

TEST_F(EvidenceTest, UploadedPhotoIsStoredByHashAndAuditedWithItsDigest) {
  const std::string bytes = sample_jpeg(1600, 1200, 7, PhotoExif{"2019:07:20 10:11:12", 25.216, 109.402});
  const std::string sha = taizhang::sha256_hex(bytes);
  const EvidenceState before = state();
  auto r = upload(env_->village_manager(), item_id_, "before_photo",
                  FormFile{"file", "改造前 照片.jpg", "image/jpeg", bytes});
  ASSERT_EQ(r.status, 201) << r.body;
  auto a = r.json();
  EXPECT_EQ(r.header("location").value_or(""), "/api/v1/attachments/" + std::to_string(a["id"].get<int64_t>()));
  EXPECT_EQ(a["sha256"], sha);
  EXPECT_EQ(a["size_bytes"], bytes.size());
  EXPECT_EQ(a["media_type"], "image/jpeg");
  EXPECT_EQ(a["name"], "改造前 照片.jpg");
  EXPECT_EQ(a["kind_name"], "改造前照片");
  EXPECT_EQ(a["taken_at"], "2019-07-20T10:11:12");
  EXPECT_NEAR(a["position"]["latitude"].get<double>(), 25.216, 1e-5);
  EXPECT_EQ(a["width"], 1600);
  EXPECT_EQ(a["height"], 1200);
  EXPECT_TRUE(std::filesystem::exists(evidence_dir() + "/" + sha.substr(0, 2) + "/" + sha));

  const EvidenceState after = state();
  EXPECT_EQ(after.rows, before.rows + 1);
  EXPECT_EQ(after.audit_seq, before.audit_seq + 1);
  auto log = env_->supervisor().get("/api/v1/audit?after=" + std::to_string(before.audit_seq));
  ASSERT_EQ(log.status, 200);
  auto record = log.json()["records"][0];
  EXPECT_EQ(record["action"], "evidence.attach");
  EXPECT_EQ(record["after"]["attachment"]["sha256"], sha);
  EXPECT_EQ(record["after"]["attachment"]["size_bytes"], bytes.size());
  EXPECT_EQ(record["after"]["attachment"]["media_type"], "image/jpeg");
  EXPECT_EQ(record["after"]["attachment"]["name"], "改造前 照片.jpg");

  const std::string base = "/api/v1/attachments/" + std::to_string(a["id"].get<int64_t>());
  auto content = env_->supervisor().get(base + "/content");
  ASSERT_EQ(content.status, 200);
  EXPECT_EQ(content.body, bytes);
  EXPECT_EQ(content.header("content-type").value_or(""), "image/jpeg");
  EXPECT_EQ(content.header("content-disposition").value_or(""),
            "attachment; filename=\"___ __.jpg\"; "
            "filename*=UTF-8''%E6%94%B9%E9%80%A0%E5%89%8D%20%E7%85%A7%E7%89%87.jpg");
  EXPECT_EQ(content.header("x-content-type-options").value_or(""), "nosniff");
  auto thumb = env_->supervisor().get(base + "/thumbnail");
  ASSERT_EQ(thumb.status, 200);
  EXPECT_EQ(thumb.header("content-type").value_or(""), "image/jpeg");
  EXPECT_LT(thumb.body.size(), bytes.size());
  EXPECT_EQ(thumb.body.substr(0, 2), "\xFF\xD8");

  auto list = env_->supervisor().get(attachments_path(item_id_));
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.json()["attachments"].size(), 1u);
  const nlohmann::json listed = list.json();  // a range-for over a temporary's member dangles
  for (const auto& k : listed["kinds"]) {
    EXPECT_EQ(k["count"], k["key"] == "before_photo" ? 1 : 0) << k.dump();
  }
  auto verify = run_taizhang({"audit", "verify", "--db", env_->db()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_NE(verify.out.find("1 files re-hashed"), std::string::npos) << verify.out;
}

TEST_F(EvidenceTest, PdfAndCleanedNameAndTheSameBytesAgainAreOneAttachment) {
  const std::string pdf = sample_pdf();
  auto first = upload(env_->village_manager(), item_id_, "acceptance_form",
                      FormFile{"file", "C:\\fakepath\\竣工验收表.pdf", "application/pdf", pdf});
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.json()["name"], "竣工验收表.pdf");
  EXPECT_EQ(first.json()["media_type"], "application/pdf");
  EXPECT_TRUE(first.json()["thumbnail_url"].is_null());
  const EvidenceState before = state();
  auto again = upload(env_->township_manager(), item_id_, "acceptance_form",
                      FormFile{"file", "验收表副本.pdf", "", pdf});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["id"], first.json()["id"]);
  EXPECT_EQ(state(), before);
}

TEST_F(EvidenceTest, EightClientsUploadingTheSameBytesAtOnceStoreThemOnce) {
  const FormFile file = photo(42);
  const EvidenceState before = state();
  std::vector<int> statuses(8);
  std::vector<int64_t> ids(8);
  std::vector<std::thread> clients;
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back([&, i] {
      auto r = upload(env_->village_manager(), item_id_, "completion_photo", file);
      statuses[i] = r.status;
      ids[i] = r.status / 100 == 2 ? r.json()["id"].get<int64_t>() : 0;
    });
  }
  for (auto& c : clients) c.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 201), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 7);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), ids[0]), 8);
  const EvidenceState after = state();
  EXPECT_EQ(after.rows, before.rows + 1);
  EXPECT_EQ(after.audit_seq, before.audit_seq + 1);
  EXPECT_EQ(after.files, before.files + 1);  // the photo, once (its thumbnail on first view)
}

TEST_F(EvidenceTest, WithdrawalNeedsAReasonAndStaysInTheChain) {
  auto up = upload(env_->village_manager(), item_id_, "construction_photo", photo(3));
  ASSERT_EQ(up.status, 201) << up.body;
  const std::string path = "/api/v1/attachments/" + std::to_string(up.json()["id"].get<int64_t>());
  const EvidenceState before = state();
  auto blank = env_->village_manager().post_json(path + "/withdrawal", {{"reason", " "}});
  EXPECT_EQ(blank.status, 400) << blank.body;
  auto stranger = env_->supervisor().post_json(path + "/withdrawal", {{"reason", "不对"}});
  EXPECT_EQ(stranger.status, 403) << stranger.body;
  EXPECT_EQ(state(), before);
  auto ok = env_->village_manager().post_json(path + "/withdrawal", {{"reason", "拍错了户"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_TRUE(ok.json()["withdrawn"].get<bool>());
  EXPECT_EQ(ok.json()["withdrawal_reason"], "拍错了户");
  auto twice = env_->village_manager().post_json(path + "/withdrawal", {{"reason", "拍错了户"}});
  EXPECT_EQ(twice.status, 409);
  const EvidenceState after = state();
  EXPECT_EQ(after.rows, before.rows);
  EXPECT_EQ(after.files, before.files);  // nothing is deleted
  EXPECT_EQ(after.audit_seq, before.audit_seq + 1);
  EXPECT_EQ(env_->supervisor().get(path + "/content").status, 200);
}

TEST_F(EvidenceTest, VerifyNamesAnAlteredAndAMissingFile) {
  auto up = upload(env_->village_manager(), item_id_, "completion_photo", photo(11));
  ASSERT_EQ(up.status, 201) << up.body;
  const std::string sha = up.json()["sha256"];
  const std::string file = evidence_dir() + "/" + sha.substr(0, 2) + "/" + sha;
  std::string bytes = read_file(file);
  bytes[bytes.size() / 2] ^= 0x01;
  write_file(file, bytes);
  auto altered = run_taizhang({"audit", "verify", "--db", env_->db()});
  EXPECT_EQ(altered.exit_code, 1) << altered.out << altered.err;
  EXPECT_NE(altered.out.find("attachment " + std::to_string(up.json()["id"].get<int64_t>())),
            std::string::npos) << altered.out;
  EXPECT_NE(altered.out.find("altered"), std::string::npos) << altered.out;
  std::filesystem::remove(file);
  auto missing = run_taizhang({"audit", "verify", "--db", env_->db()});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.out.find("missing"), std::string::npos) << missing.out;
}

TEST_F(EvidenceTest, BackupWhileServingCopiesTheFilesWithTheDatabase) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(upload(env_->village_manager(), item_id_, "construction_photo", photo(100 + i)).status, 201);
  }
  // Uploads keep arriving while the backup runs.
  std::thread more([&] {
    for (int i = 0; i < 4; ++i) upload(env_->village_manager(), item_id_, "construction_photo", photo(200 + i));
  });
  const std::string to = env_->dir().file("backup.db");
  auto backup = run_taizhang({"backup", "--db", env_->db(), "--to", to});
  more.join();
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err;
  EXPECT_NE(backup.out.find("evidence files"), std::string::npos) << backup.out;
  auto rows = std::stoll(query_sql(to, "SELECT count(*) FROM attachments"));
  EXPECT_GE(rows, 3);
  auto verify = run_taizhang({"audit", "verify", "--db", to});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_NE(verify.out.find(std::to_string(rows) + " files re-hashed"), std::string::npos) << verify.out;
}

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

TEST_F(EvidenceTest, DossierPageAndZipCarryTheFilesAndTheirHashesButNoPosition) {
  auto photo_up = upload(env_->village_manager(), item_id_, "completion_photo",
                         FormFile{"file", "竣工.jpg", "image/jpeg",
                                  sample_jpeg(800, 600, 9, PhotoExif{"2019:07:25 16:30:00", 25.216, 109.402})});
  ASSERT_EQ(photo_up.status, 201) << photo_up.body;
  auto form_up = upload(env_->village_manager(), item_id_, "acceptance_form",
                        FormFile{"file", "竣工验收表.pdf", "application/pdf", sample_pdf()});
  ASSERT_EQ(form_up.status, 201) << form_up.body;
  const std::string item = std::to_string(item_id_);

  auto page = env_->supervisor().get("/api/v1/items/" + item + "/dossier");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.header("content-type").value_or(""), "text/html; charset=utf-8");
  for (const std::string& want : std::vector<std::string>{"一户一档", "竣工照片", "竣工验收表", "拍摄于 2019-07-25T16:30",
                                 "/api/v1/attachments/" + std::to_string(photo_up.json()["id"].get<int64_t>()) + "/thumbnail",
                                 photo_up.json()["sha256"].get<std::string>(), "办理经过"}) {
    EXPECT_NE(page.body.find(want), std::string::npos) << want;
  }
  EXPECT_EQ(page.body.find("25.21"), std::string::npos) << "the position must not be printed";
  auto elsewhere = env_->as("吉照村包村干部").get("/api/v1/items/" +
      env_->township_manager().get("/api/v1/items?workflow=road&limit=1").json()["items"][0]["id"].dump() + "/dossier");
  EXPECT_EQ(elsewhere.status, 404);

  auto zip = env_->supervisor().get("/api/v1/items/" + item + "/dossier.zip");
  ASSERT_EQ(zip.status, 200);
  EXPECT_EQ(zip.header("content-type").value_or(""), "application/zip");
  const std::string path = env_->dir().file("dossier.zip");
  write_file(path, zip.body);
  const std::string check = "python3 " + std::string(TAIZHANG_SOURCE_DIR) + "/deploy/check_dossier.py ";
  auto [ok_status, ok_out] = shell(check + path);
  EXPECT_EQ(ok_status, 0) << ok_out;
  EXPECT_NE(ok_out.find("OK: 2 files"), std::string::npos) << ok_out;

  // One byte of the photo changed inside the archive: the check names it.
  int error = 0;
  zip_t* z = zip_open(path.c_str(), 0, &error);
  ASSERT_NE(z, nullptr);
  const std::string inside = "files/竣工照片/" + std::to_string(photo_up.json()["id"].get<int64_t>()) + "-竣工.jpg";
  zip_int64_t index = zip_name_locate(z, inside.c_str(), 0);
  ASSERT_GE(index, 0) << inside;
  std::string tampered = read_file(evidence_dir() + "/" + photo_up.json()["sha256"].get<std::string>().substr(0, 2) +
                                   "/" + photo_up.json()["sha256"].get<std::string>());
  tampered[tampered.size() / 2] ^= 0x20;
  zip_source_t* src = zip_source_buffer(z, tampered.data(), tampered.size(), 0);
  ASSERT_EQ(zip_file_replace(z, static_cast<zip_uint64_t>(index), src, 0), 0);
  ASSERT_EQ(zip_close(z), 0);
  auto [bad_status, bad_out] = shell(check + path);
  EXPECT_EQ(bad_status, 1) << bad_out;
  EXPECT_NE(bad_out.find("MISSING OR ALTERED: " + inside), std::string::npos) << bad_out;
}

TEST_F(EvidenceTest, ANoticesPhotoIsPublicWithItWithoutItsPosition) {
  nlohmann::json notice = {{"level", "village"}, {"phase", "before"}, {"posted_on", "2019-03-15"},
                           {"period_days", 10}, {"project_name", "吉照村危房改造"},
                           {"location", "泗顶镇吉照村"}, {"content", "危房改造"},
                           {"subsidy_standard", "每户补助3.5万元"},
                           {"implementation_period", "2019年3月至7月"}, {"implementer", "吉照村民委员会"},
                           {"performance_target", "住房安全有保障"}, {"beneficiary_households", 1},
                           {"beneficiary_people", 4}, {"poverty_mechanism", "保障住房安全"},
                           {"hotline", "12317、0772-8123456"}};
  auto posted = env_->village_manager().post_json("/api/v1/items/" + std::to_string(item_id_) + "/notices", notice);
  ASSERT_EQ(posted.status, 201) << posted.body;
  const int64_t notice_id = posted.json()["id"];
  auto up = upload(env_->village_manager(), item_id_, "notice_photo",
                   FormFile{"file", "公示栏.jpg", "image/jpeg",
                            sample_jpeg(2400, 1800, 21, PhotoExif{"2019:03:15 09:30:00", 25.216, 109.402})},
                   {{"notice_id", std::to_string(notice_id)}});
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(up.json()["notice_id"], notice_id);
  auto pub = env_->anonymous().get("/public/notices/" + std::to_string(notice_id));
  ASSERT_EQ(pub.status, 200) << pub.body;
  ASSERT_EQ(pub.json()["photos"].size(), 1u);
  EXPECT_EQ(pub.json()["photos"][0]["taken_at"], "2019-03-15T09:30:00");
  EXPECT_EQ(pub.body.find("25.21"), std::string::npos);
  EXPECT_EQ(pub.body.find("position"), std::string::npos);
  auto published = env_->anonymous().get(pub.json()["photos"][0]["url"].get<std::string>());
  ASSERT_EQ(published.status, 200);
  EXPECT_EQ(published.header("content-type").value_or(""), "image/jpeg");
  EXPECT_FALSE(taizhang::media::read_photo_metadata(published.body).latitude_e6) << "GPS published";
  // A photo of no notice is not reachable through the public route.
  auto other = upload(env_->village_manager(), item_id_, "completion_photo", photo(77));
  ASSERT_EQ(other.status, 201);
  EXPECT_EQ(env_->anonymous().get("/public/notices/" + std::to_string(notice_id) + "/photos/" +
                                  other.json()["id"].dump()).status, 404);
}

}  // namespace
}  // namespace e2e
