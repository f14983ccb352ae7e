// `audit verify` reads records from their stored text and writes the texts it compares without
// building JSON trees (engine/base/json_text.h, snapshot_text, engine/verify/item_record.h,
// history_line_text). Each of those writers must give, byte for byte, what nlohmann::json's dump
// of the same value gives, or verify would call an intact database altered; and a record stored
// in another spelling of the same JSON must still verify, through the parsing path.
#include <gtest/gtest.h>

#include <random>

#include "engine/audit/chain.h"
#include "engine/base/json_text.h"
#include "engine/items/item.h"
#include "engine/storage/sqlite/connection.h"
#include "engine/verify/audit_verify.h"
#include "engine/verify/history_replay.h"
#include "engine/verify/item_record.h"
#include "tests/support/engine_fixture.h"

namespace taizhang {
namespace {

std::string dumped(const std::string& s) { return json_text(nlohmann::json(s)); }

std::string appended(const std::string& s) {
  std::string out = "x";
  append_json_string(out, s);
  return out.substr(1);
}

TEST(JsonText, AStringIsWrittenAsTheDumpWritesIt) {
  std::vector<std::string> corpus = {
      "", "plain", "泗顶镇 2019 年脱贫攻坚", "quote \" and backslash \\", "tab\tnew\nline\r",
      "\x7f delete", "emoji 😀", "\xff bad byte", "truncated \xe6\xb3", "overlong \xc0\xaf",
      "surrogate \xed\xa0\x80", "slash / stays", "nul \0 inside"};
  corpus.back() = std::string("nul \0 inside", 12);
  for (int c = 0; c < 0x20; ++c) corpus.push_back(std::string("c") + static_cast<char>(c));
  // Random strings over an alphabet weighted to the awkward bytes.
  std::mt19937 random(20191105);
  const std::string alphabet = std::string("ab\"\\\n\x01\x1f\x7f\x80\xbf\xc3\xe6\xed\xf0\xff") +
                               "泗顶镇";
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    for (int n = static_cast<int>(random() % 24); n > 0; --n) s += alphabet[random() % alphabet.size()];
    corpus.push_back(s);
  }
  // Each awkward byte at each place of a longer plain string: in every lane of the eight-byte
  // words the writer reads, and in the bytes after the last whole word.
  for (unsigned char awkward : {0x00, 0x01, 0x1f, 0x20, 0x22, 0x5c, 0x7f, 0x80, 0xe6, 0xff}) {
    for (size_t at = 0; at < 21; ++at) {
      std::string s = "plain text, no escape";
      s[at] = static_cast<char>(awkward);
      corpus.push_back(s);
    }
  }
  for (const auto& s : corpus) EXPECT_EQ(appended(s), dumped(s)) << "for " << dumped(s);
}

WorkItem sample_item() {
  WorkItem item;
  item.id = 42;
  item.workflow = "road";
  item.workflow_version = 3;
  item.title = "20户以上自然屯通屯道路硬化 \"二期\"\n第2段";
  item.org_id = 7;
  item.stage = "village_notice";
  item.stage_entered_at = "2019-03-05T09:00:00+08:00";
  item.due_on = "2019-03-20";
  item.responsible_id = 5;
  item.budget_fen = 300000;
  item.plan_year = 2019;
  item.fields = {{"length_m", 302}, {"备注", "村民自筹\t部分"}, {"nested", {{"a", {1, 2}}}}};
  item.version = 4;
  item.closed = false;
  item.created_at = "2019-03-01T10:00:00+08:00";
  item.updated_at = "2019-03-05T09:00:00+08:00";
  return item;
}

TEST(JsonText, AnItemsSnapshotTextIsTheDumpOfItsSnapshot) {
  WorkItem full = sample_item();
  full.deadline = "15日内";
  Milestone first = testing::milestone(1, "7月底前完成", "7月底前", "2019-07-31");
  Milestone second = first;
  second.number = 2;
  second.start_on = "2019-08-01";
  second.reached_on = "2019-09-02";
  second.reached_by = 3;
  full.milestones = {first, second};
  WorkItem bare = sample_item();
  bare.due_on.reset();
  bare.responsible_id.reset();
  bare.budget_fen.reset();
  bare.fields = nlohmann::json::object();
  WorkItem odd = sample_item();
  odd.title = "bad \xff byte";
  odd.fields = "not an object";  // as the store reads a hand-edited column
  for (const WorkItem& item : {full, bare, odd, sample_item()}) {
    EXPECT_EQ(snapshot_text(item), json_text(snapshot(item)));
  }
}

// A stored item record as the chain writes it: before and after as their dumps.
StoredAuditRecord stored_record(const std::string& action, const nlohmann::json& before,
                                const nlohmann::json& after) {
  StoredAuditRecord stored;
  stored.record.seq = 9;
  stored.record.actor = "user:3";
  stored.record.action = action;
  stored.record.entity = "item";
  stored.record.entity_id = "42";
  stored.text = {json_text(before), json_text(after)};
  return stored;
}

TEST(ItemRecordText, ReadsTheItemAndItsMembersAsTheDumpWritesThem) {
  const nlohmann::json item = snapshot(sample_item());
  const nlohmann::json transition = {{"action", "publish_notice"}, {"comment", "公示7天\n无异议"},
                                     {"fields", {{"length_m", 302}}}, {"from", "proposal"},
                                     {"to", "village_notice"}};
  const auto stored = stored_record("item.transition", nullptr,
                                    {{"item", item}, {"transition", transition}});
  ItemRecordReader reader;
  auto facts = reader.read(stored);
  ASSERT_TRUE(facts);
  EXPECT_EQ(facts->item_id, 42);
  EXPECT_EQ(std::string(facts->item_text), json_text(item));
  const ItemRecordMembers& m = facts->members;
  EXPECT_EQ(m.id, "42");
  EXPECT_EQ(m.updated_at, json_text(item["updated_at"]));
  EXPECT_EQ(m.stage, json_text(item["stage"]));
  EXPECT_EQ(m.due_on, json_text(item["due_on"]));
  EXPECT_EQ(m.deadline, "null");
  EXPECT_EQ(m.comment, json_text(transition["comment"]));
  EXPECT_EQ(m.fields, json_text(transition["fields"]));

  // What is not an item record of the usual shape is left to the parsing path.
  auto covered = stored_record("item.create", nullptr, {{"item", item}, {"covered", {}}});
  EXPECT_FALSE(reader.read(covered));
  auto string_id = item;
  string_id["id"] = "42";
  EXPECT_FALSE(reader.read(stored_record("item.create", nullptr, {{"item", string_id}})));
  auto not_item = stored_record("item.create", nullptr, {{"item", item}});
  not_item.record.entity = "fund";
  EXPECT_FALSE(reader.read(not_item));
}

TEST(ItemRecordText, TheItemBeforeAChangeIsThePatchsDump) {
  const nlohmann::json item = snapshot(sample_item());
  ItemRecordReader reader;
  const std::vector<nlohmann::json> patches = {
      nlohmann::json::array({{{"op", "replace"}, {"path", "/stage"}, {"value", "proposal"}},
                             {{"op", "replace"}, {"path", "/version"}, {"value", 3}}}),
      nlohmann::json::array({{{"op", "remove"}, {"path", "/due_on"}},
                             {{"op", "add"}, {"path", "/deadline"}, {"value", "7月底前"}},
                             {{"op", "add"}, {"path", "/a_first"}, {"value", {1, "二"}}},
                             {{"op", "add"}, {"path", "/zz_last"}, {"value", nullptr}}}),
      nlohmann::json::array({{{"op", "replace"}, {"path", "/fields"}, {"value", {{"x", "\"y\""}}}},
                             {{"op", "add"}, {"path", "/title"}, {"value", "旧\t标题"}}}),
  };
  for (const auto& patch : patches) {
    const auto stored = stored_record("item.transition", {{"item_patch", patch}}, {{"item", item}});
    auto facts = reader.read(stored);
    ASSERT_TRUE(facts);
    auto before = reader.item_before(stored, *facts);
    ASSERT_TRUE(before) << patch.dump();
    EXPECT_EQ(*before, json_text(item.patch(patch))) << patch.dump();
  }
  // Patches of another shape, or that do not apply, go to nlohmann::json.
  const std::vector<nlohmann::json> others = {
      {{"item_patch", nlohmann::json::array({{{"op", "replace"}, {"path", "/fields/length_m"},
                                              {"value", 1}}})}},
      {{"item_patch", nlohmann::json::array({{{"op", "replace"}, {"path", "/nothing"},
                                              {"value", 1}}})}},
      {{"item_patch", nlohmann::json::array({{{"op", "remove"}, {"path", "/nothing"}}})}},
      {{"item_patch", nlohmann::json::array({{{"op", "move"}, {"from", "/title"},
                                              {"path", "/name"}}})}},
      {{"item", item}},
  };
  for (const auto& before : others) {
    const auto stored = stored_record("item.transition", before, {{"item", item}});
    auto facts = reader.read(stored);
    ASSERT_TRUE(facts);
    EXPECT_FALSE(reader.item_before(stored, *facts)) << before.dump();
  }
}

TEST(ItemRecordText, TheLineARecordImpliesIsTheTextOfTheLineItWrote) {
  const WorkItem item = sample_item();
  const nlohmann::json transition = {{"action", "publish_notice"}, {"comment", "公示\"7天\""},
                                     {"fields", {{"length_m", 302}}}, {"from", "proposal"},
                                     {"to", "village_notice"}};
  auto stored = stored_record("item.transition", nullptr,
                              {{"item", snapshot(item)}, {"transition", transition}});
  ItemRecordReader reader;
  auto facts = reader.read(stored);
  ASSERT_TRUE(facts);
  std::string implied;
  ASSERT_TRUE(HistoryReplay::implied_line(stored.record, facts->members, implied));
  HistoryEntry line;
  line.item_id = item.id;
  line.at = item.updated_at;
  line.actor_id = 3;
  line.action = "publish_notice";
  line.from_stage = "proposal";
  line.to_stage = "village_notice";
  line.comment = "公示\"7天\"";
  line.fields = {{"length_m", 302}};
  line.audit_seq = 9;
  line.due_on = item.due_on;
  EXPECT_EQ(implied, history_line_text(line));
  line.comment = "公示7天";
  EXPECT_NE(implied, history_line_text(line));

  auto milestone = stored_record("item.milestone", nullptr, {{"item", snapshot(item)}});
  facts = reader.read(milestone);
  ASSERT_TRUE(facts);
  EXPECT_FALSE(HistoryReplay::implied_line(milestone.record, facts->members, implied));
}

class VerifyStoredText : public testing::EngineFixture {
 protected:
  void edit(const std::string& sql) {
    sqlite::Connection c(dir.file("test.db"), sqlite::Connection::Mode::read_write);
    c.exec(sql);
  }
  // Writes the item's records, a creation and a transition with a comment.
  int64_t item_with_history() {
    auto item = create(manager, NewItem{"plan_task", "全面解决饮水不安全问题", org("泗顶镇"), 2019,
                                        std::nullopt, std::nullopt, "2019-12-31",
                                        nlohmann::json::object(), std::nullopt});
    EXPECT_TRUE(item) << item.error().message;
    auto moved = move(manager, item->id,
                      {"start", "开始\"实施\"", nlohmann::json::object(), 1, std::nullopt});
    EXPECT_TRUE(moved) << moved.error().message;
    return item->id;
  }
  // Items with every optional member between them: fields, a budget, a deadline, milestones.
  std::vector<int64_t> varied_items() {
    NewItem repair{"housing_repair", "吉照村危房改造 \"张三\"户", org("吉照村"), 2019, manager.user.id,
                   3'500'000, "2019-07-31",
                   {{"applicant", "张三"}, {"household_id", "HZ-0001"}, {"floor_area_m2", 64},
                    {"note", "tab\there"}},
                   std::nullopt};
    NewItem task{"plan_task", "危房改造", org("泗顶镇"), 2019, std::nullopt, std::nullopt,
                 std::nullopt, nlohmann::json::object(), std::nullopt};
    task.milestones = {testing::milestone(1, "在建或新增危改户、修缮户工程全面完成", "7月底前", "2019-07-31"),
                       testing::milestone(2, "全部搬迁入住", "9月底前", "2019-09-30")};
    NewItem dated{"plan_task", "全面解决饮水不安全问题", org("泗顶镇"), 2019, std::nullopt,
                  std::nullopt, std::nullopt, nlohmann::json::object(), "9月底前"};
    std::vector<int64_t> ids;
    for (const NewItem& n : {repair, task, dated}) {
      auto made = create(manager, n);
      EXPECT_TRUE(made) << made.error().message;
      if (made) ids.push_back(made->id);
    }
    ids.push_back(item_with_history());
    return ids;
  }
};

TEST_F(VerifyStoredText, ARecordStoredInAnotherSpellingOfItsJsonStillVerifies) {
  item_with_history();
  const int64_t seq = head().seq;  // the transition
  // Spaces after every colon: the same JSON, other bytes than the chain hashed.
  edit("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET after = replace(after, '\":', "
       "'\": '), before = replace(before, '\":', '\": ') WHERE seq = " + std::to_string(seq));
  auto verdict = verify_audit(*db_);
  ASSERT_TRUE(verdict) << verdict.error().message;
  EXPECT_TRUE(verdict->intact) << verdict->problem;
  EXPECT_EQ(verdict->items_checked, 1);
  EXPECT_EQ(verdict->history_lines_checked, 2);
}

TEST_F(VerifyStoredText, ARespelledRecordWithAChangeIsStillNamed) {
  item_with_history();
  const int64_t seq = head().seq;
  edit("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET after = replace(replace(after, "
       "'\":', '\": '), '开始', '完成') WHERE seq = " + std::to_string(seq));
  auto verdict = verify_audit(*db_);
  ASSERT_TRUE(verdict) << verdict.error().message;
  EXPECT_FALSE(verdict->intact);
  EXPECT_EQ(verdict->bad_seq, seq);
  EXPECT_NE(verdict->problem.find("hash does not match"), std::string::npos) << verdict->problem;
}

TEST_F(VerifyStoredText, AnEditedStoredItemIsNamedWithWhatDiffers) {
  const int64_t id = item_with_history();
  edit("UPDATE items SET title = '改过的标题' WHERE id = " + std::to_string(id));
  auto verdict = verify_audit(*db_);
  ASSERT_TRUE(verdict);
  EXPECT_FALSE(verdict->intact);
  EXPECT_EQ(verdict->bad_item_id, id);
  EXPECT_NE(verdict->problem.find("title"), std::string::npos) << verdict->problem;
}


TEST_F(VerifyStoredText, AStoredItemsTextIsTheSnapshotTextOfTheItemAsRead) {
  const std::vector<int64_t> ids = varied_items();
  ASSERT_EQ(ids.size(), 4u);
  auto checked = db_->read([&](StoreReader& store) -> Result<size_t> {
    std::vector<StoredItemText> page(7);  // more elements than rows: resized down
    store.item_texts(0, 100, page);
    EXPECT_EQ(page.size(), ids.size());
    for (const StoredItemText& row : page) {
      auto item = store.item(row.id);
      EXPECT_TRUE(item);
      if (!item) continue;
      EXPECT_EQ(row.text, snapshot_text(*item)) << "item " << row.id;
      EXPECT_EQ(row.workflow, item->workflow);
      EXPECT_EQ(row.workflow_version, item->workflow_version);
      EXPECT_EQ(row.stage, item->stage);
      EXPECT_EQ(row.closed, item->closed);
    }
    store.item_texts(ids[1], 2, page);  // a page after a cursor
    EXPECT_EQ(page.size(), 2u);
    if (page.size() == 2) {
      EXPECT_EQ(page[0].id, ids[2]);
    }
    store.item_texts(ids.back(), 2, page);
    return page.size();
  });
  ASSERT_TRUE(checked);
  EXPECT_EQ(*checked, 0u);
}

TEST_F(VerifyStoredText, AStoredLinesTextIsTheTextOfTheLineAsRead) {
  varied_items();
  const int64_t repair = create_housing_repair()->id;  // a transition that sets fields
  auto moved = move(manager, repair, {"submit_verification", "材料齐全", {{"danger_grade", "C"}},
                                      1, std::nullopt});
  ASSERT_TRUE(moved) << moved.error().message;
  auto checked = db_->read([&](StoreReader& store) -> Result<int> {
    const std::vector<HistoryEntry> lines = store.history_lines(0, 100);
    std::vector<std::string> texts;
    const int n = store.each_history_line(0, 100, [&](const HistoryLineView& line) {
      texts.emplace_back("stale text, replaced");
      history_line_text(line, texts.back());
    });
    EXPECT_EQ(static_cast<size_t>(n), lines.size());
    EXPECT_EQ(texts.size(), lines.size());
    for (size_t i = 0; i < std::min(texts.size(), lines.size()); ++i) {
      EXPECT_EQ(texts[i], history_line_text(lines[i])) << "line " << lines[i].id;
    }
    return n;
  });
  ASSERT_TRUE(checked);
  EXPECT_GE(*checked, 7);
}

TEST_F(VerifyStoredText, FieldsAndMilestonesStoredInAnotherSpellingStillVerify) {
  varied_items();
  // The same JSON with spaces after its colons: the text verify writes from the columns differs
  // from the chain's, and the item read as the server reads it does not.
  edit("UPDATE items SET fields = replace(fields, '\":', '\": '), "
       "milestones = replace(milestones, '\":', '\": ')");
  auto verdict = verify_audit(*db_);
  ASSERT_TRUE(verdict) << verdict.error().message;
  EXPECT_TRUE(verdict->intact) << verdict->problem;
  EXPECT_EQ(verdict->items_checked, 4);
}

TEST_F(VerifyStoredText, AnEditedFieldsColumnIsNamed) {
  const int64_t repair = varied_items()[0];
  edit("UPDATE items SET fields = replace(fields, 'HZ-0001', 'HZ-0002')");
  auto verdict = verify_audit(*db_);
  ASSERT_TRUE(verdict);
  EXPECT_FALSE(verdict->intact);
  EXPECT_EQ(verdict->bad_item_id, repair);
  EXPECT_NE(verdict->problem.find("fields"), std::string::npos) << verdict->problem;
}

TEST_F(VerifyStoredText, AHistoryLinesFieldsInAnotherSpellingStillVerify) {
  item_with_history();
  edit("UPDATE item_history SET fields = '{ }' WHERE action = 'start'");
  auto verdict = verify_audit(*db_);
  ASSERT_TRUE(verdict) << verdict.error().message;
  EXPECT_TRUE(verdict->intact) << verdict->problem;
  EXPECT_EQ(verdict->history_lines_checked, 2);
  edit("UPDATE item_history SET fields = '{\"x\": 1}' WHERE action = 'start'");
  verdict = verify_audit(*db_);
  ASSERT_TRUE(verdict);
  EXPECT_FALSE(verdict->intact);
  EXPECT_NE(verdict->problem.find("differs from its audit record"), std::string::npos)
      << verdict->problem;
}

TEST_F(VerifyStoredText, AnEditedHistoryLineIsNamed) {
  const int64_t id = item_with_history();
  edit("UPDATE item_history SET comment = '开始实施' WHERE action = 'start'");
  auto verdict = verify_audit(*db_);
  ASSERT_TRUE(verdict);
  EXPECT_FALSE(verdict->intact);
  EXPECT_NE(verdict->problem.find("of item " + std::to_string(id) + " differs from its audit record"),
            std::string::npos)
      << verdict->problem;
}

}  // namespace
}  // namespace taizhang
