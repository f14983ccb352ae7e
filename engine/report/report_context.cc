#include "engine/report/report_context.h"

#include "engine/base/clock.h"

namespace taizhang {

Result<std::string> parse_as_of(std::string_view text, std::string_view field) {
  const std::string name(field);
  auto bad = [&] {
    return fail(ErrorCode::invalid_field,
                name + " must be a date YYYY-MM-DD or a month YYYY-MM between 2000 and 2100, not \"" +
                    std::string(text.substr(0, 40)) + "\"",
                name);
  };
  std::optional<date::year_month_day> day;
  if (text.size() == 7) {
    day = parse_date(std::string(text) + "-01");
    if (day) day = date::year_month_day{day->year() / day->month() / date::last};
  } else {
    day = parse_date(text);
  }
  if (!day || day->year() < date::year{2000} || day->year() > date::year{2100}) return bad();
  return format_date(*day);
}

std::string chinese_as_of(std::string_view as_of) {
  auto day = parse_date(as_of);
  if (!day) return std::string(as_of);
  const std::string ym = std::to_string(int(day->year())) + "年" +
                         std::to_string(unsigned(day->month())) + "月";
  const date::year_month_day last{day->year() / day->month() / date::last};
  if (day->day() == last.day()) return ym + "底";
  return ym + std::to_string(unsigned(day->day())) + "日";
}

namespace {

// The topmost unit the caller sees: the township for an unscoped user (the first unit that is
// not a county), else the first of their units in organisation order.
const OrgUnit* default_unit(const OrgTree& orgs, const Principal& who) {
  for (const OrgUnit& u : orgs.units()) {
    if (u.kind == "county") continue;
    if (!who.visible_orgs) return &u;
    if (who.can_see_org(u.id)) return &u;
  }
  return nullptr;
}

}  // namespace

Result<ReportContext> report_context(ReportReader& store, const OrgTree& orgs,
                                     const WorkflowCatalog& workflows, const AlertPolicy& policy,
                                     const Principal& who, std::string_view org,
                                     const std::string& as_of, std::string_view today) {
  const OrgUnit* unit = org.empty() ? default_unit(orgs, who) : orgs.resolve(org);
  if (!unit || !who.can_see_org(unit->id)) {
    return fail(ErrorCode::not_found, "no unit " + std::string(org.substr(0, 60)), "org");
  }
  if (as_of > today) {
    return fail(ErrorCode::invalid_field,
                "as_of " + as_of + " is after today (" + std::string(today) +
                    "): a report covers days that are over or under way",
                "as_of");
  }
  auto day = parse_date(as_of);
  if (!day) return fail(ErrorCode::invalid_field, "as_of must be YYYY-MM-DD", "as_of");
  const std::string next_day = format_date(date::year_month_day{date::sys_days(*day) + date::days{1}});
  ReportContext ctx{store, orgs, workflows, policy, as_of, store.audit_head_before(next_day), unit, {}};
  for (int64_t id : orgs.subtree(unit->id)) {
    if (who.can_see_org(id)) ctx.org_ids.insert(id);
  }
  return ctx;
}

}  // namespace taizhang
