#include "engine/notice/notice.h"

namespace taizhang {

std::string_view to_string(NoticeLevel level) {
  switch (level) {
    case NoticeLevel::county: return "county";
    case NoticeLevel::township: return "township";
    case NoticeLevel::village: return "village";
  }
  return "village";
}

std::string_view to_string(NoticePhase phase) {
  return phase == NoticePhase::before ? "before" : "after";
}

std::optional<NoticeLevel> parse_notice_level(std::string_view text) {
  for (auto level : {NoticeLevel::county, NoticeLevel::township, NoticeLevel::village}) {
    if (to_string(level) == text) return level;
  }
  return std::nullopt;
}

std::optional<NoticePhase> parse_notice_phase(std::string_view text) {
  for (auto phase : {NoticePhase::before, NoticePhase::after}) {
    if (to_string(phase) == text) return phase;
  }
  return std::nullopt;
}

std::string_view chinese_name(NoticeLevel level) {
  switch (level) {
    case NoticeLevel::county: return "县级";
    case NoticeLevel::township: return "乡镇";
    case NoticeLevel::village: return "村级";
  }
  return "村级";
}

std::string_view chinese_name(NoticePhase phase) {
  return phase == NoticePhase::before ? "事前公示" : "事后公告";
}

const std::vector<NoticeContentKey>& notice_content_keys() {
  static const std::vector<NoticeContentKey> keys = {
      {"project_name", "项目名称", false},
      {"location", "实施地点", false},
      {"content", "建设内容", false},
      {"subsidy_standard", "补助标准", false},
      {"implementation_period", "实施期限", false},
      {"implementer", "实施单位及责任人", false},
      {"performance_target", "绩效目标", false},
      {"beneficiary_households", "受益户数", true},
      {"beneficiary_people", "受益人数", true},
      {"poverty_mechanism", "带贫减贫机制", false},
      {"hotline", "监督举报电话", false},
  };
  return keys;
}

std::string_view to_string(NoticeStatus status) {
  switch (status) {
    case NoticeStatus::active: return "active";
    case NoticeStatus::passed: return "passed";
    case NoticeStatus::objection_open: return "objection_open";
  }
  return "active";
}

NoticeStatus notice_status(const Notice& notice, int open_objections, std::string_view today) {
  // Dates are YYYY-MM-DD, so text order is date order.
  if (today <= std::string_view(notice.ends_on)) return NoticeStatus::active;
  return open_objections > 0 ? NoticeStatus::objection_open : NoticeStatus::passed;
}

std::string describe(NoticePeriod period) {
  return std::to_string(period.count) + (period.working_days ? "个工作日" : "天");
}

NoticePeriod period_of(const Notice& n) {
  if (n.period_working_days) return {*n.period_working_days, true};
  return {n.period_days, false};
}

nlohmann::json snapshot(const Notice& n) {
  nlohmann::json j = {{"id", n.id},
          {"item_id", n.item_id},
          {"org_id", n.org_id},
          {"level", to_string(n.level)},
          {"phase", to_string(n.phase)},
          {"posted_on", n.posted_on},
          {"period_days", n.period_days},
          {"ends_on", n.ends_on},
          {"contents", n.contents},
          {"funding", n.funding},
          {"posted_at", n.posted_at},
          {"posted_by", n.posted_by}};
  // Only when set, so that the logged snapshot of a notice in calendar days is what it was.
  if (n.period_working_days) j["period_working_days"] = *n.period_working_days;
  return j;
}

nlohmann::json snapshot(const Objection& o) {
  auto opt = [](const auto& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  return {{"id", o.id},
          {"notice_id", o.notice_id},
          {"raised_on", o.raised_on},
          {"channel", opt(o.channel)},
          {"content", o.content},
          {"raised_at", o.raised_at},
          {"raised_by", o.raised_by},
          {"resolution", opt(o.resolution)},
          {"resolved_at", opt(o.resolved_at)},
          {"resolved_by", opt(o.resolved_by)}};
}

}  // namespace taizhang
