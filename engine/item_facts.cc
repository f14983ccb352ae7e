#include "engine/item_facts.h"

#include "engine/item_commands.h"
#include "engine/ledger/ledger_commands.h"
#include "engine/notice/notice_commands.h"

namespace taizhang {

namespace {

bool asks_about_ledger_or_notices(const WorkflowDefinition& def, const std::string& stage) {
  for (const Transition* t : def.transitions_from(stage)) {
    for (const Guard& g : t->requires_) {
      if (g.kind == "funds_allocated" || g.kind == "fully_disbursed" ||
          g.kind.starts_with("notice_passed")) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

ItemFacts item_facts(StoreReader& store, const OrgTree& orgs, const WorkflowDefinition& def,
                     const WorkItem& item, std::string_view today) {
  ItemFacts facts;
  facts.poor_village = is_poor_village(orgs, item.org_id);
  if (!asks_about_ledger_or_notices(def, item.stage)) return facts;
  facts.ledger = item_totals(store, item.id);
  facts.notice_before_passed = notice_passed(store, item.id, NoticePhase::before, today);
  facts.notice_after_passed = notice_passed(store, item.id, NoticePhase::after, today);
  return facts;
}

}  // namespace taizhang
