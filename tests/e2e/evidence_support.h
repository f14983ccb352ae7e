// The fixture of the evidence tests: a demo server, its housing repair in 吉照村, uploads as a
// browser sends them, and what "nothing changed" means for evidence — no new attachment row, no
// new audit record, no new file in the evidence folder.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "checks.h"
#include "harness.h"
#include "tests/support/sample_files.h"

namespace e2e {

using taizhang::testing::FormFile;

struct EvidenceState {
  int64_t rows = 0;
  int64_t audit_seq = 0;
  size_t files = 0;  // every regular file under <db>-evidence, thumbnails and temporaries too
  bool operator==(const EvidenceState&) const = default;
};

inline std::ostream& operator<<(std::ostream& os, const EvidenceState& s) {
  return os << "{rows " << s.rows << ", audit_seq " << s.audit_seq << ", files " << s.files << "}";
}

inline size_t regular_files_under(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  size_t n = 0;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    n += it->is_regular_file() ? 1 : 0;
  }
  return n;
}

class EvidenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = std::make_unique<DemoEnv>(extra_serve_args());
    auto list = env_->township_manager().get("/api/v1/items?workflow=housing_repair&limit=1");
    ASSERT_EQ(list.status, 200) << list.body;
    item_id_ = list.json()["items"][0]["id"].get<int64_t>();
  }

  virtual std::vector<std::string> extra_serve_args() { return {}; }

  std::string evidence_dir() const { return env_->db() + "-evidence"; }

  EvidenceState state() const {
    return {std::stoll(query_sql(env_->db(), "SELECT count(*) FROM attachments")),
            env_->audit_seq(), regular_files_under(evidence_dir())};
  }

  static std::string attachments_path(int64_t item) {
    return "/api/v1/items/" + std::to_string(item) + "/attachments";
  }

  HttpResponse upload(const Api& who, int64_t item, const std::string& kind, const FormFile& file,
                      std::vector<std::pair<std::string, std::string>> more = {}) const {
    more.insert(more.begin(), {"kind", kind});
    return who.post(attachments_path(item), taizhang::testing::multipart_body(more, file),
                    {{"Content-Type", taizhang::testing::multipart_content_type()}});
  }

  static FormFile photo(int seed, const std::string& name = "竣工照片.jpg") {
    return FormFile{"file", name, "image/jpeg", taizhang::testing::sample_jpeg(640, 480, seed)};
  }

  std::unique_ptr<DemoEnv> env_;
  int64_t item_id_ = 0;
};

}  // namespace e2e
