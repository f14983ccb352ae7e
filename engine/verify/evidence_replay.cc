#include "engine/verify/evidence_replay.h"

#include <set>

#include "engine/base/digest.h"

namespace taizhang {

namespace {
constexpr int kPage = 2000;
}  // namespace

void EvidenceReplay::apply(const AuditRecord& rec) {
  if (rec.entity != "attachment" || !rec.after.is_object() || !rec.after.contains("attachment")) {
    return;
  }
  const auto& a = rec.after["attachment"];
  logged_[a.value("id", int64_t{0})] = sha256_hex(a.dump());
}

std::optional<std::string> EvidenceReplay::compare(StoreReader& store, const EvidenceFiles* files,
                                                   EvidenceCheckCounts& counts) {
  std::set<std::string> rehashed;
  int64_t after = 0;
  for (;;) {
    auto page = store.attachments(after, kPage);
    for (const auto& a : page) {
      const std::string name = "attachment " + std::to_string(a.id) + " (" + a.name + ")";
      ++counts.attachments;
      auto it = logged_.find(a.id);
      if (it == logged_.end()) return name + " is not in the audit log";
      if (sha256_hex(snapshot(a).dump()) != it->second) {
        return name + " differs from its last record in the audit log";
      }
      logged_.erase(it);
      if (!files || !rehashed.insert(a.sha256).second) continue;
      ++counts.files;
      switch (files->check(a.sha256, a.size_bytes)) {
        case EvidenceFiles::FileState::intact: break;
        case EvidenceFiles::FileState::missing:
          return name + ": its file " + files->path(a.sha256) + " is missing";
        case EvidenceFiles::FileState::altered:
          return name + ": its file " + files->path(a.sha256) +
                 " was altered (its SHA-256 or size is not the one recorded)";
      }
    }
    if (static_cast<int>(page.size()) < kPage) break;
    after = page.back().id;
  }
  if (!logged_.empty()) {
    return "attachment " + std::to_string(logged_.begin()->first) +
           " is in the audit log but missing from the database";
  }
  return std::nullopt;
}

}  // namespace taizhang
