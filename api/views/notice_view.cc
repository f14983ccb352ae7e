#include "api/views/notice_view.h"

#include "engine/audit/checkpoint_json.h"

#include "engine/notice/notice_reads.h"

namespace taizhang::api {

nlohmann::json objection_json(const Objection& o) {
  nlohmann::json j = snapshot(o);
  j["state"] = o.open() ? "open" : "resolved";
  return j;
}

nlohmann::json public_notice_json(StoreReader& store, const OrgTree& orgs, const Notice& n,
                                  std::string_view today) {
  int open = 0, resolved = 0;
  for (const auto& o : all_objections(store, n.id)) (o.open() ? open : resolved) += 1;
  const OrgUnit* org = orgs.find(n.org_id);
  auto record = store.audit(n.audit_seq - 1, 1);
  // The photos of the notice on its board, public with it: a re-encoded copy without any
  // metadata (no GPS position) at /public/notices/{id}/photos/{photo}, with the time taken.
  nlohmann::json photos = nlohmann::json::array();
  for (const auto& a : store.notice_attachments(n.id)) {
    if (a.withdrawn() || !a.photo()) continue;
    photos.push_back({{"id", a.id},
                      {"url", "/public/notices/" + std::to_string(n.id) + "/photos/" +
                                  std::to_string(a.id)},
                      {"taken_at", a.taken_at ? nlohmann::json(*a.taken_at) : nullptr},
                      {"sha256", a.sha256}});
  }
  return {{"id", n.id},
          {"item_id", n.item_id},
          {"org_id", n.org_id},
          {"org_name", org ? org->name : ""},
          {"level", to_string(n.level)},
          {"level_name", chinese_name(n.level)},
          {"phase", to_string(n.phase)},
          {"phase_name", chinese_name(n.phase)},
          {"posted_on", n.posted_on},
          {"period_days", n.period_days},
          {"period_working_days",
           n.period_working_days ? nlohmann::json(*n.period_working_days) : nlohmann::json(nullptr)},
          {"ends_on", n.ends_on},
          {"status", to_string(notice_status(n, open, today))},
          {"contents", n.contents},
          {"funding", n.funding},
          {"objections_open", open},
          {"objections_resolved", resolved},
          {"audit",
           {{"seq", n.audit_seq}, {"hash", record.empty() ? "" : record.front().hash}}},
          {"posted_at", n.posted_at},
          {"photos", std::move(photos)},
          {"checkpoint", checkpoint_json(store.last_checkpoint())}};
}

nlohmann::json staff_notice_json(StoreReader& store, const OrgTree& orgs, const Notice& n,
                                 std::string_view today) {
  nlohmann::json j = public_notice_json(store, orgs, n, today);
  j["posted_by"] = n.posted_by;
  nlohmann::json objections = nlohmann::json::array();
  for (const auto& o : all_objections(store, n.id)) objections.push_back(objection_json(o));
  j["objections"] = std::move(objections);
  return j;
}

}  // namespace taizhang::api
