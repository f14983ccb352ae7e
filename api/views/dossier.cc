#include "api/views/dossier.h"

#include "api/views/notice_html.h"

namespace taizhang::api {

namespace {

constexpr int kMaxHistoryLines = 1000;

std::string field_text(const FieldDeclaration& decl, const nlohmann::json& v) {
  if (v.is_null()) return "";
  if (decl.type == FieldType::amount_fen && v.is_number_integer()) {
    return format_yuan(v.get<int64_t>());
  }
  if (decl.type == FieldType::boolean && v.is_boolean()) return v.get<bool>() ? "是" : "否";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

std::string user_name(StoreReader& store, std::optional<int64_t> id) {
  if (!id) return "系统";
  auto u = store.user(*id);
  return u ? u->name : "用户" + std::to_string(*id);
}

std::string stage_name(const WorkflowDefinition& def, const std::optional<std::string>& id) {
  if (!id) return "";
  const Stage* s = def.stage(*id);
  return s ? s->name : *id;
}

std::string text(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return "—";
  return j[key].is_string() ? j[key].get<std::string>() : j[key].dump();
}

}  // namespace

nlohmann::json dossier_json(StoreReader& store, const OrgTree& orgs, const WorkflowDefinition& def,
                            const WorkItem& item) {
  const OrgUnit* org = orgs.find(item.org_id);
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& decl : def.fields) {
    if (!item.fields.contains(decl.key)) continue;
    fields.push_back({{"label", decl.label}, {"value", field_text(decl, item.fields[decl.key])}});
  }
  nlohmann::json head = {{"id", item.id},
                         {"title", item.title},
                         {"workflow", item.workflow},
                         {"workflow_name", def.name},
                         {"org", org ? org->name : std::to_string(item.org_id)},
                         {"stage", item.stage},
                         {"stage_name", stage_name(def, item.stage)},
                         {"plan_year", item.plan_year},
                         {"due_on", item.due_on ? nlohmann::json(*item.due_on) : nullptr},
                         {"budget_fen", item.budget_fen ? nlohmann::json(*item.budget_fen) : nullptr},
                         {"fields", std::move(fields)}};
  nlohmann::json history = nlohmann::json::array();
  for (const auto& h : store.history(item.id, 0, kMaxHistoryLines)) {
    const Transition* t = h.from_stage ? def.find_transition(*h.from_stage, h.action) : nullptr;
    history.push_back({{"at", h.at},
                       {"action_name", h.action == "create" ? "创建" : t ? t->name : h.action},
                       {"from", stage_name(def, h.from_stage)},
                       {"to", stage_name(def, h.to_stage)},
                       {"actor", user_name(store, h.actor_id)},
                       {"comment", h.comment ? nlohmann::json(*h.comment) : nullptr}});
  }
  const auto attachments = store.item_attachments(item.id);
  nlohmann::json evidence = nlohmann::json::array();
  for (const auto& kind : def.evidence) {
    nlohmann::json files = nlohmann::json::array();
    for (const auto& a : attachments) {
      if (a.withdrawn() || a.kind != kind.key) continue;
      files.push_back({{"id", a.id},
                       {"name", a.name},
                       {"media_type", a.media_type},
                       {"photo", a.photo()},
                       {"size_bytes", a.size_bytes},
                       {"sha256", a.sha256},
                       {"taken_at", a.taken_at ? nlohmann::json(*a.taken_at) : nullptr},
                       {"uploaded_at", a.uploaded_at},
                       {"uploaded_by", user_name(store, a.uploaded_by)},
                       {"audit_seq", a.audit_seq}});
    }
    evidence.push_back({{"kind", kind.key}, {"kind_name", kind.name}, {"files", std::move(files)}});
  }
  return {{"item", std::move(head)}, {"history", std::move(history)}, {"evidence", std::move(evidence)}};
}

std::string render_dossier_html(const nlohmann::json& d,
                                const std::function<std::string(const nlohmann::json&)>& image_src) {
  const auto& item = d["item"];
  auto e = [](const std::string& s) { return html_escape(s); };
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
      "<title>一户一档 · " + e(item["title"]) + "</title><style>"
      "@page{size:A4;margin:15mm}"
      "body{font-family:'Noto Sans CJK SC','Noto Serif CJK SC',sans-serif;font-size:11pt;"
      "color:#000;max-width:180mm;margin:0 auto}"
      "h1{font-size:18pt;text-align:center;margin:0 0 4mm}h2{font-size:13pt;border-bottom:1px "
      "solid #000;margin:6mm 0 2mm}table{border-collapse:collapse;width:100%}"
      "td,th{border:1px solid #444;padding:1.5mm 2mm;text-align:left;vertical-align:top}"
      "th{background:#eee;width:28mm}.photos{display:flex;flex-wrap:wrap;gap:3mm}"
      "figure{margin:0;width:56mm;break-inside:avoid}figure img{width:56mm;height:42mm;"
      "object-fit:cover;border:1px solid #888}figcaption{font-size:8.5pt;word-break:break-all}"
      ".docs li{margin:1mm 0}.none{color:#666}.sha{font-family:monospace;font-size:7.5pt}"
      "</style></head><body>\n<h1>一户一档</h1>\n<table>";
  auto row = [&](const std::string& label, const std::string& value) {
    h += "<tr><th>" + e(label) + "</th><td>" + e(value) + "</td></tr>";
  };
  row("事项", text(item, "title"));
  row("编号", text(item, "id"));
  row("类型", text(item, "workflow_name"));
  row("单位", text(item, "org"));
  row("当前阶段", text(item, "stage_name"));
  row("计划年度", text(item, "plan_year"));
  row("到期日", text(item, "due_on"));
  if (item["budget_fen"].is_number_integer()) row("预算", format_yuan(item["budget_fen"]));
  for (const auto& f : item["fields"]) row(f["label"], f["value"]);
  h += "</table>\n<h2>办理经过</h2>\n<table><tr><th>时间</th><th>操作</th><th>阶段</th>"
       "<th>经办人</th><th>意见</th></tr>";
  for (const auto& l : d["history"]) {
    const std::string from = text(l, "from");
    h += "<tr><td>" + e(text(l, "at").substr(0, 16)) + "</td><td>" + e(text(l, "action_name")) +
         "</td><td>" + (from == "—" || from.empty() ? "" : e(from) + " → ") + e(text(l, "to")) +
         "</td><td>" + e(text(l, "actor")) + "</td><td>" +
         (l["comment"].is_null() ? "" : e(l["comment"])) + "</td></tr>";
  }
  h += "</table>\n<h2>证明材料</h2>\n";
  for (const auto& kind : d["evidence"]) {
    h += "<h3>" + e(kind["kind_name"]) + "</h3>";
    if (kind["files"].empty()) {
      h += "<p class=\"none\">（无）</p>";
      continue;
    }
    std::string photos, docs;
    for (const auto& f : kind["files"]) {
      const std::string when = f["taken_at"].is_null()
                                   ? "上传于 " + text(f, "uploaded_at").substr(0, 16)
                                   : "拍摄于 " + text(f, "taken_at").substr(0, 16);
      const std::string sha = "SHA-256 " + text(f, "sha256");
      if (f["photo"].get<bool>()) {
        photos += "<figure><img src=\"" + e(image_src(f)) + "\" alt=\"" + e(f["name"]) +
                  "\"><figcaption>" + e(when) + "<br>" + e(f["name"]) + "<br><span class=\"sha\">" +
                  e(sha) + "</span></figcaption></figure>";
      } else {
        docs += "<li>" + e(f["name"]) + "（" + e(when) + "）<br><span class=\"sha\">" + e(sha) +
                "</span></li>";
      }
    }
    if (!photos.empty()) h += "<div class=\"photos\">" + photos + "</div>";
    if (!docs.empty()) h += "<ul class=\"docs\">" + docs + "</ul>";
  }
  h += "\n</body></html>\n";
  return h;
}

}  // namespace taizhang::api
