#include "engine/workflow/guard.h"

#include "engine/base/assert.h"

namespace taizhang {

namespace {

bool present(const nlohmann::json& fields, const std::string& name) {
  if (!fields.is_object() || !fields.contains(name)) return false;
  const auto& v = fields[name];
  if (v.is_null()) return false;
  if (v.is_string()) return !v.get_ref<const std::string&>().empty();
  if (v.is_array() || v.is_object()) return !v.empty();
  return true;
}

std::optional<Blocker> comment_guard(const Guard&, const GuardContext& ctx) {
  if (!ctx.comment) return std::nullopt;  // not knowable before the request
  if (ctx.comment->find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Blocker{"comment", "", "此操作须填写意见 (a non-empty comment is required)"};
  }
  return std::nullopt;
}

std::optional<Blocker> field_guard(const Guard& g, const GuardContext& ctx) {
  if (present(ctx.fields, g.field)) return std::nullopt;
  return Blocker{"field", g.field, "缺少字段 " + g.field + " (field is required)"};
}

std::optional<Blocker> field_at_least_guard(const Guard& g, const GuardContext& ctx) {
  TZ_ASSERT(g.min.has_value());
  int64_t threshold = *g.min;
  if (ctx.facts.poor_village && g.min_poor_village) threshold = *g.min_poor_village;
  const std::string need = " (must be an integer of at least " + std::to_string(threshold) + ")";
  if (!ctx.fields.is_object() || !ctx.fields.contains(g.field) ||
      !ctx.fields[g.field].is_number_integer()) {
    return Blocker{"field_at_least", g.field, "缺少整数字段 " + g.field + need};
  }
  if (ctx.fields[g.field].get<int64_t>() < threshold) {
    return Blocker{"field_at_least", g.field,
                   g.field + " 未达到 " + std::to_string(threshold) + need};
  }
  return std::nullopt;
}

std::optional<Blocker> funds_allocated_guard(const Guard&, const GuardContext& ctx) {
  if (ctx.facts.ledger.allocated_fen > 0) return std::nullopt;
  return Blocker{"funds_allocated", "", "尚未分配资金 (no funds are allocated to this item)"};
}

std::optional<Blocker> fully_disbursed_guard(const Guard&, const GuardContext& ctx) {
  const LedgerTotals& l = ctx.facts.ledger;
  if (l.allocated_fen > 0 && l.remaining_fen() == 0) return std::nullopt;
  if (l.allocated_fen == 0) {
    return Blocker{"fully_disbursed", "", "尚未分配资金 (no funds are allocated to this item)"};
  }
  return Blocker{"fully_disbursed", "",
                 "资金尚未拨付完毕，剩余 " + std::to_string(l.remaining_fen()) +
                     " 分 (allocated funds are not fully disbursed)"};
}

std::optional<Blocker> notice_before_guard(const Guard&, const GuardContext& ctx) {
  if (ctx.facts.notice_before_passed) return std::nullopt;
  return Blocker{"notice_passed:before", "",
                 "事前公示未期满或有未处理的异议 (no before-notice has passed its period "
                 "without open objections)"};
}

std::optional<Blocker> notice_after_guard(const Guard&, const GuardContext& ctx) {
  if (ctx.facts.notice_after_passed) return std::nullopt;
  return Blocker{"notice_passed:after", "",
                 "事后公告未期满或有未处理的异议 (no after-notice has passed its period "
                 "without open objections)"};
}

std::optional<Blocker> evidence_guard(const Guard& g, const GuardContext& ctx) {
  const std::string kind = g.kind.substr(kEvidenceGuardPrefix.size());
  if (ctx.facts.evidence_kinds.contains(kind)) return std::nullopt;
  const std::string& name = g.label.empty() ? kind : g.label;
  return Blocker{g.kind, "",
                 "缺少证明材料：" + name + " (evidence of kind " + kind + " is required)"};
}

// notice_passed:PHASE:LEVEL — a notice of that phase on that level's board has passed.
struct BoardNames {
  const char* level;
  const char* before;  // the round's name as officials say it
  const char* after;
  NoticeBoard board;
};
constexpr BoardNames kBoards[] = {
    {"village", "村级公示", "村级事后公告", NoticeBoard::village},
    {"township", "乡镇审核公示", "乡镇事后公告", NoticeBoard::township},
    {"county", "县级审批公示", "县级事后公告", NoticeBoard::county}};

GuardEvaluator notice_on_board_guard(bool before, BoardNames board) {
  return [before, board](const Guard& g, const GuardContext& ctx) -> std::optional<Blocker> {
    const auto& passed =
        before ? ctx.facts.notice_before_passed_on : ctx.facts.notice_after_passed_on;
    if (passed[static_cast<std::size_t>(board.board)]) return std::nullopt;
    const std::string what = before ? board.before : board.after;
    return Blocker{g.kind, "",
                   what + "未期满或有未处理的异议 (no " + (before ? "before" : "after") +
                       "-notice on the " + board.level +
                       " board has passed its period without open objections)"};
  };
}

}  // namespace

GuardRegistry GuardRegistry::builtin() {
  GuardRegistry r;
  r.add("comment", Fact::none, comment_guard);
  r.add("field", Fact::none, field_guard);
  r.add("field_at_least", Fact::none, field_at_least_guard);
  r.add("funds_allocated", Fact::ledger, funds_allocated_guard);
  r.add("fully_disbursed", Fact::ledger, fully_disbursed_guard);
  r.add("notice_passed:before", Fact::notices, notice_before_guard);
  r.add("notice_passed:after", Fact::notices, notice_after_guard);
  r.add_family(std::string(kEvidenceGuardPrefix), Fact::evidence, evidence_guard);
  for (const BoardNames& board : kBoards) {
    r.add(std::string("notice_passed:before:") + board.level, Fact::notices,
          notice_on_board_guard(true, board));
    r.add(std::string("notice_passed:after:") + board.level, Fact::notices,
          notice_on_board_guard(false, board));
  }
  return r;
}

void GuardRegistry::add_family(std::string prefix, Fact needs, GuardEvaluator evaluator) {
  families_[std::move(prefix)] = {needs, std::move(evaluator)};
}

const GuardRegistry::Kind* GuardRegistry::find(std::string_view kind) const {
  if (auto it = evaluators_.find(kind); it != evaluators_.end()) return &it->second;
  for (const auto& [prefix, family] : families_) {
    if (kind.size() > prefix.size() && kind.starts_with(prefix)) return &family;
  }
  return nullptr;
}

void GuardRegistry::add(std::string kind, Fact needs, GuardEvaluator evaluator) {
  evaluators_[std::move(kind)] = {needs, std::move(evaluator)};
}

Fact GuardRegistry::facts_needed(const std::vector<Guard>& guards) const {
  Fact needs = Fact::none;
  for (const auto& g : guards) {
    const Kind* k = find(g.kind);
    TZ_ASSERT(k != nullptr);  // the loader admits only known guards
    needs = needs | k->needs;
  }
  return needs;
}

bool GuardRegistry::knows(std::string_view kind) const { return find(kind) != nullptr; }

std::vector<Blocker> GuardRegistry::unmet(const std::vector<Guard>& guards,
                                          const GuardContext& ctx) const {
  std::vector<Blocker> out;
  for (const auto& g : guards) {
    const Kind* k = find(g.kind);
    TZ_ASSERT(k != nullptr);  // the loader admits only known guards
    if (auto blocker = k->evaluate(g, ctx)) out.push_back(std::move(*blocker));
  }
  return out;
}

}  // namespace taizhang
