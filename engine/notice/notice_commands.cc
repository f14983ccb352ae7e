#include "engine/notice/notice_commands.h"

#include <date/date.h>

#include "engine/access/scope_refusal.h"
#include "engine/audit/log.h"
#include "engine/deadline/working_day_calendar.h"
#include "engine/ledger/ledger_commands.h"
#include "engine/workflow/catalog.h"

namespace taizhang {

namespace {

constexpr int64_t kMaxBeneficiaries = 10'000'000;

bool blank(const nlohmann::json& v) {
  return v.is_null() || (v.is_string() && v.get_ref<const std::string&>().find_first_not_of(
                                              " \t\r\n") == std::string::npos);
}

// The digit groups of a phone text: "12317、0772-8123456" → {"12317", "07728123456"}. A hyphen
// or space between digits joins them (area codes are written 0772-…).
std::vector<std::string> phone_numbers(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      current += c;
    } else if ((c == '-' || c == ' ') && !current.empty() && i + 1 < text.size() &&
               text[i + 1] >= '0' && text[i + 1] <= '9') {
      continue;
    } else if (!current.empty()) {
      out.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

Result<void> check_hotline(const std::string& text) {
  bool national = false, local = false;
  for (const auto& number : phone_numbers(text)) {
    if (number == "12317") {
      national = true;
    } else if (number.size() >= 7 && number.size() <= 15) {
      local = true;
    }
  }
  if (national && local) return {};
  return fail(ErrorCode::invalid_field,
              "hotline must give 12317 and a local number, e.g. \"12317、0772-8123456\"",
              "hotline");
}

Result<void> may_handle_notices(const Principal& who) {
  if (who.user.role == Role::supervisor) {
    return fail(ErrorCode::forbidden, "only managers, finance staff and admins handle notices");
  }
  return {};
}

Result<void> check_text(const std::string& text, const char* field, size_t max_bytes) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return fail(ErrorCode::invalid_field, std::string(field) + " must not be empty", field);
  }
  if (text.size() > max_bytes) {
    return fail(ErrorCode::invalid_field,
                std::string(field) + " exceeds " + std::to_string(max_bytes) + " bytes", field);
  }
  return {};
}

// 资金来源及规模 as the ledger has it now: each fund the item was allocated from.
nlohmann::json funding_from_ledger(NoticeReader& store, int64_t item_id) {
  nlohmann::json sources = nlohmann::json::array();
  LedgerTotals total;
  for (const auto& [fund_id, t] : store.item_fund_totals(item_id)) {
    if (t.allocated_fen == 0 && t.disbursed_fen == 0) continue;  // allocated, then reversed
    auto fund = store.fund(fund_id);
    if (!fund) continue;
    sources.push_back({{"fund_id", fund->id},
                       {"name", fund->name},
                       {"source", to_string(fund->source)},
                       {"source_name", chinese_name(fund->source)},
                       {"doc_no", fund->doc_no},
                       {"year", fund->year},
                       {"allocated_fen", t.allocated_fen},
                       {"disbursed_fen", t.disbursed_fen}});
    total.allocated_fen += t.allocated_fen;
    total.disbursed_fen += t.disbursed_fen;
  }
  return {{"sources", std::move(sources)},
          {"allocated_fen", total.allocated_fen},
          {"disbursed_fen", total.disbursed_fen}};
}

// The notice `notice_id` if the caller may see it. One outside the caller's units answers as an
// absent one, and the attempt (`attempted`, on `entity` `entity_id`: the notice, or the
// objection the caller named) is recorded.
Result<Notice> visible_notice(NoticeWriter& store, const Principal& who, int64_t notice_id,
                              std::string_view attempted, std::string_view entity,
                              int64_t entity_id, TimePoint now) {
  auto notice = store.notice(notice_id);
  if (!notice) return fail(ErrorCode::not_found, no_such(entity, entity_id));
  if (!who.can_see_org(notice->org_id)) {
    return std::unexpected(
        refuse_out_of_scope(store, who, attempted, entity, entity_id, notice->org_id, now));
  }
  return *notice;
}

// The period a new notice runs for, checked against the shortest allowed.
struct CheckedPeriod {
  NoticePeriod given;
  date::year_month_day ends_on;
  int days = 0;  // calendar days on the board
};

Result<CheckedPeriod> notice_period(const NoticeRules& rules, const WorkItem& item,
                                    const NewNotice& r, date::year_month_day posted) {
  if (r.period_days && r.period_working_days) {
    return fail(ErrorCode::invalid_field,
                "give the period in days (period_days) or in working days (period_working_days), "
                "not both",
                "period_working_days");
  }
  const NoticeMinimum minimum = notice_minimum(rules, item, r.level, r.phase);
  // Given no period, a notice runs the usual 10 days (the 2017 guidance), or the minimum where
  // that ends later.
  NoticePeriod given{kDefaultNoticeDays, false};
  if (!r.period_days && !r.period_working_days) {
    auto usual = notice_ends_on(posted, given, rules.calendar);
    auto shortest = notice_ends_on(posted, minimum.period, rules.calendar);
    if (usual && shortest && date::sys_days(*usual) < date::sys_days(*shortest)) {
      given = minimum.period;
    }
  }
  if (r.period_days) given = {*r.period_days, false};
  if (r.period_working_days) given = {*r.period_working_days, true};
  const char* field = given.working_days ? "period_working_days" : "period_days";
  if (given.count < 1 || given.count > kMaxNoticeDays) {
    return fail(ErrorCode::invalid_field,
                std::string(field) + " must be from 1 to " + std::to_string(kMaxNoticeDays), field);
  }
  auto ends_on = notice_ends_on(posted, given, rules.calendar);
  if (!ends_on) {
    Error e = ends_on.error();
    e.field = field;
    return std::unexpected(std::move(e));
  }
  // Periods of either kind compare by the day they end: 7个工作日 may be more or fewer days than
  // 10天, depending on the weekends and holidays they span.
  auto shortest = notice_ends_on(posted, minimum.period, rules.calendar);
  if (!shortest) {
    Error e = shortest.error();
    e.field = field;
    return std::unexpected(std::move(e));
  }
  if (date::sys_days(*ends_on) < date::sys_days(*shortest)) {
    const std::string round = minimum.round.empty() ? "" : minimum.round + "的";
    return fail(ErrorCode::invalid_field,
                describe(given) + " from " + format_date(posted) + " ends on " +
                    format_date(*ends_on) + ", before the shortest period allowed (" + round +
                    describe(minimum.period) + ", to " + format_date(*shortest) + ")",
                field);
  }
  const int days = static_cast<int>((date::sys_days(*ends_on) - date::sys_days(posted)).count()) + 1;
  return CheckedPeriod{given, *ends_on, days};
}

}  // namespace

NoticeMinimum notice_minimum(const NoticeRules& rules, const WorkItem& item, NoticeLevel level,
                             NoticePhase phase) {
  if (rules.workflows) {
    WorkflowPtr def = rules.workflows->version(item.workflow, item.workflow_version);
    const NoticeRound* round =
        def ? def->notice_round(to_string(level), to_string(phase)) : nullptr;
    if (round) return {{round->min_count, round->working_days}, round->name};
  }
  if (rules.min_working_days) return {{*rules.min_working_days, true}, ""};
  return {{rules.min_period_days, false}, ""};
}

Result<date::year_month_day> notice_ends_on(date::year_month_day posted_on, NoticePeriod period,
                                            const WorkingDayCalendar* calendar) {
  if (!period.working_days) {
    return date::year_month_day(date::sys_days(posted_on) + date::days(period.count - 1));
  }
  if (!calendar) {
    return fail(ErrorCode::invalid_field, "periods in working days need the holiday calendar",
                "calendar");
  }
  auto first_counts = calendar->is_working_day(posted_on);
  if (!first_counts) return std::unexpected(first_counts.error());
  return calendar->add_working_days(posted_on, *first_counts ? period.count - 1 : period.count);
}

Result<void> validate_notice_contents(const nlohmann::json& contents) {
  if (!contents.is_object()) {
    return fail(ErrorCode::invalid_field, "contents must be an object", "contents");
  }
  std::vector<std::string> missing;
  for (const auto& k : notice_content_keys()) {
    if (!contents.contains(k.key) || blank(contents[k.key])) missing.push_back(k.key);
  }
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    Error e{ErrorCode::invalid_field, "a notice must carry " + list, missing.front(), {}, missing};
    return std::unexpected(std::move(e));
  }
  for (const auto& k : notice_content_keys()) {
    const auto& v = contents[k.key];
    if (k.integer) {
      if (!v.is_number_integer() || v.get<int64_t>() < 0 || v.get<int64_t>() > kMaxBeneficiaries) {
        return fail(ErrorCode::invalid_field,
                    std::string(k.key) + " must be an integer from 0 to 10,000,000", k.key);
      }
      continue;
    }
    if (!v.is_string()) {
      return fail(ErrorCode::invalid_field, std::string(k.key) + " must be text", k.key);
    }
    if (auto ok = check_text(v.get<std::string>(), k.key, kMaxNoticeTextBytes); !ok) return ok;
  }
  return check_hotline(contents["hotline"].get<std::string>());
}

Result<Notice> post_notice(NoticeWriter& store, const Principal& who, const NoticeRules& rules,
                           int64_t item_id, const NewNotice& r, TimePoint now) {
  if (auto ok = may_handle_notices(who); !ok) return std::unexpected(ok.error());
  auto item = store.item(item_id);
  if (!item) return fail(ErrorCode::not_found, no_such("item", item_id));
  if (!who.can_see_org(item->org_id)) {
    return std::unexpected(
        refuse_out_of_scope(store, who, "notice.post", "item", item_id, item->org_id, now));
  }
  if (auto ok = validate_notice_contents(r.contents); !ok) return std::unexpected(ok.error());
  auto posted = parse_date(r.posted_on);
  const auto today = shanghai_date(now);
  if (!posted) return fail(ErrorCode::invalid_field, "posted_on must be " + std::string(kDateRule), "posted_on");
  if (date::sys_days(*posted) > date::sys_days(today)) {
    return fail(ErrorCode::invalid_field,
                "posted_on is after today (" + format_date(today) +
                    "): record a notice once it is on the board",
                "posted_on");
  }
  if (posted->year() < date::year(2000)) {
    return fail(ErrorCode::invalid_field, "posted_on is before 2000", "posted_on");
  }
  auto period = notice_period(rules, *item, r, *posted);
  if (!period) return std::unexpected(period.error());
  Notice n;
  n.id = store.next_id(NumberedTable::notices);
  n.item_id = item_id;
  n.org_id = item->org_id;
  n.level = r.level;
  n.phase = r.phase;
  n.posted_on = format_date(*posted);
  n.period_days = period->days;
  if (period->given.working_days) n.period_working_days = period->given.count;
  n.ends_on = format_date(period->ends_on);
  n.contents = r.contents;
  n.funding = funding_from_ledger(store, item_id);
  n.posted_at = format_rfc3339(now);
  n.posted_by = who.user.id;
  AuditRecord rec = append_audit(store, now,
                                 {who.actor(), "notice.post", "notice", std::to_string(n.id),
                                  nullptr, {{"notice", snapshot(n)}}},
                                 n.org_id);
  n.audit_seq = rec.seq;
  store.insert_notice(n);
  return n;
}

Result<Objection> raise_objection(NoticeWriter& store, const Principal& who, int64_t notice_id,
                                  const NewObjection& r, TimePoint now) {
  auto notice = visible_notice(store, who, notice_id, "objection.raise", "notice", notice_id, now);
  if (!notice) return std::unexpected(notice.error());
  if (auto ok = check_text(r.content, "content", kMaxObjectionBytes); !ok) {
    return std::unexpected(ok.error());
  }
  if (r.channel) {
    if (auto ok = check_text(*r.channel, "channel", 200); !ok) return std::unexpected(ok.error());
  }
  const std::string today = format_date(shanghai_date(now));
  std::string raised_on = today;
  if (r.raised_on) {
    auto d = parse_date(*r.raised_on);
    if (!d) return fail(ErrorCode::invalid_field, "raised_on must be " + std::string(kDateRule), "raised_on");
    raised_on = format_date(*d);
  }
  // Dates are YYYY-MM-DD, so text order is date order.
  if (raised_on < notice->posted_on || raised_on > notice->ends_on || raised_on > today) {
    return fail(ErrorCode::invalid_field,
                "objections are recorded for days of the notice period (" + notice->posted_on +
                    " to " + notice->ends_on + ") up to today (" + today + ")",
                "raised_on");
  }
  if (store.objections(notice_id, 0, kMaxObjectionsPerNotice).size() >=
      static_cast<size_t>(kMaxObjectionsPerNotice)) {
    return fail(ErrorCode::conflict, "this notice already records " +
                                         std::to_string(kMaxObjectionsPerNotice) + " objections");
  }
  Objection o;
  o.id = store.next_id(NumberedTable::objections);
  o.notice_id = notice_id;
  o.raised_on = raised_on;
  o.channel = r.channel;
  o.content = r.content;
  o.raised_at = format_rfc3339(now);
  o.raised_by = who.user.id;
  append_audit(store, now,
               {who.actor(), "objection.raise", "objection", std::to_string(o.id), nullptr,
                {{"objection", snapshot(o)}}},
               notice->org_id);
  store.insert_objection(o);
  return o;
}

Result<Objection> resolve_objection(NoticeWriter& store, const Principal& who, int64_t objection_id,
                                    const std::string& resolution, TimePoint now) {
  auto found = store.objection(objection_id);
  if (!found) return fail(ErrorCode::not_found, no_such("objection", objection_id));
  auto notice = visible_notice(store, who, found->notice_id, "objection.resolve", "objection",
                               objection_id, now);
  if (!notice) return std::unexpected(notice.error());
  if (auto ok = check_text(resolution, "resolution", kMaxObjectionBytes); !ok) {
    return std::unexpected(ok.error());
  }
  if (!found->open()) {
    return fail(ErrorCode::conflict, "objection " + std::to_string(objection_id) +
                                         " was resolved at " + found->resolved_at.value_or(""));
  }
  Objection after = *found;
  after.resolution = resolution;
  after.resolved_at = format_rfc3339(now);
  after.resolved_by = who.user.id;
  append_audit(store, now,
               {who.actor(), "objection.resolve", "objection", std::to_string(objection_id),
                {{"objection", snapshot(*found)}}, {{"objection", snapshot(after)}}},
               notice->org_id);
  store.resolve_objection(after);
  return after;
}

}  // namespace taizhang
