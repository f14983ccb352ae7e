#include "engine/progress/item_facts.h"

#include "engine/ledger/ledger_totals.h"
#include "engine/notice/notice_reads.h"

namespace taizhang {

ItemFacts item_facts(StoreReader& store, const OrgTree& orgs, const GuardRegistry& guards,
                     const WorkflowDefinition& def, const WorkItem& item, std::string_view today) {
  ItemFacts facts;
  facts.poor_village = orgs.is_poor_village(item.org_id);
  Fact needs = Fact::none;
  for (const Transition* t : def.transitions_from(item.stage)) {
    needs = needs | guards.facts_needed(t->requires_);
  }
  if (has(needs, Fact::ledger)) facts.ledger = item_totals(store, item.id);
  if (has(needs, Fact::notices)) {
    const NoticesPassed passed = notices_passed(store, item.id, today);
    facts.notice_before_passed = passed.before;
    facts.notice_after_passed = passed.after;
    // NoticeBoard and NoticeLevel share their order: county, township, village.
    static_assert(static_cast<int>(NoticeBoard::village) == static_cast<int>(NoticeLevel::village));
    static_assert(static_cast<int>(NoticeBoard::county) == static_cast<int>(NoticeLevel::county));
    facts.notice_before_passed_on = passed.before_on;
    facts.notice_after_passed_on = passed.after_on;
  }
  if (has(needs, Fact::evidence)) facts.evidence_kinds = store.evidence_kinds(item.id);
  return facts;
}

}  // namespace taizhang
