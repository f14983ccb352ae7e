#include "engine/report/report_rows.h"

namespace taizhang {

SheetHead report_head(const ReportContext& ctx, std::string sheet_name, const std::string& title,
                      std::vector<Column> columns) {
  SheetHead head;
  head.sheet_name = std::move(sheet_name);
  head.title = ctx.unit->name + ctx.as_of.substr(0, 4) + "年" + title;
  head.unit_name = ctx.unit->name;
  head.as_of_text = chinese_as_of(ctx.as_of);
  head.columns = std::move(columns);
  head.basis = ctx.head;
  head.checkpoint = ctx.store.last_checkpoint();
  head.as_of = ctx.as_of;
  return head;
}

std::map<int64_t, Fund> funds_as_of(const ReportContext& ctx) {
  std::map<int64_t, Fund> out;
  FundQuery q;
  q.limit = 200;
  for (;;) {
    auto page = ctx.store.funds(q);
    for (Fund& f : page) {
      if (f.audit_seq <= ctx.head.seq) out.emplace(f.id, std::move(f));
    }
    if (page.size() < static_cast<size_t>(q.limit)) break;
    q.after_id = page.back().id;
  }
  return out;
}

ItemNotices item_notices_as_of(const ReportContext& ctx, int64_t item_id) {
  ItemNotices out;
  NoticeQuery q;
  q.item_id = item_id;
  q.limit = 50;
  for (;;) {
    auto page = ctx.store.notices(q);
    for (const Notice& n : page) {
      if (n.audit_seq > ctx.head.seq) continue;
      out.contents = n.contents;  // id order: the last one seen is the latest
      (n.phase == NoticePhase::before ? out.before_on : out.after_on) = n.posted_on;
    }
    if (page.size() < static_cast<size_t>(q.limit)) break;
    q.after_id = page.back().id;
  }
  return out;
}

std::string workflow_name(const ReportContext& ctx, const WorkItem& item) {
  WorkflowPtr def = ctx.workflows.version(item.workflow, item.workflow_version);
  return def ? def->name : item.workflow;
}

std::string stage_name(const ReportContext& ctx, const WorkItem& item) {
  WorkflowPtr def = ctx.workflows.version(item.workflow, item.workflow_version);
  const Stage* stage = def ? def->stage(item.stage) : nullptr;
  return stage ? stage->name : item.stage;
}

bool is_closed(const ReportContext& ctx, const WorkItem& item) {
  WorkflowPtr def = ctx.workflows.version(item.workflow, item.workflow_version);
  const Stage* stage = def ? def->stage(item.stage) : nullptr;
  return stage && stage->final;
}

std::optional<std::string> accepted_on(const ItemAsOf& at) {
  auto field = at.item.fields.find("acceptance_on");
  if (field != at.item.fields.end() && field->is_string()) return field->get<std::string>();
  std::optional<std::string> day;
  for (const HistoryEntry& h : at.history) {
    if (h.action == "accept") day = h.at.substr(0, 10);
  }
  return day;
}

const std::string& PeopleNames::of(ReportReader& store, int64_t user_id) {
  auto known = names_.find(user_id);
  if (known == names_.end()) {
    auto user = store.user(user_id);
    known = names_.emplace(user_id, user ? user->name : "").first;
  }
  return known->second;
}

Cell text_cell(std::string text) {
  return text.empty() ? Cell::none() : Cell::of_text(std::move(text));
}

namespace {

const nlohmann::json* member(const nlohmann::json& j, std::string_view key) {
  if (key.empty() || !j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

}  // namespace

Cell first_text(const nlohmann::json& primary, std::string_view key, const nlohmann::json& fallback,
                std::string_view fallback_key) {
  for (const nlohmann::json* v : {member(primary, key), member(fallback, fallback_key)}) {
    if (v && v->is_string() && !v->get_ref<const std::string&>().empty()) {
      return Cell::of_text(v->get<std::string>());
    }
  }
  return Cell::none();
}

Cell first_integer(const nlohmann::json& primary, std::string_view key,
                   const nlohmann::json& fallback, std::string_view fallback_key) {
  for (const nlohmann::json* v : {member(primary, key), member(fallback, fallback_key)}) {
    if (v && v->is_number_integer()) return Cell::of_integer(v->get<int64_t>());
  }
  return Cell::none();
}

}  // namespace taizhang
