// The dossier of one item (一户一档): what an inspector is shown — the item and its fields, its
// history, and the evidence in force by kind — as one JSON document, and that document as a
// printable A4 page. The ZIP of the dossier (api/handlers/dossier.cc) carries the same document
// as its manifest. No GPS position appears in either: the page may be printed and handed round.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/access/org.h"
#include "engine/evidence/attachment.h"
#include "engine/items/item.h"
#include "engine/storage/store.h"
#include "engine/workflow/definition.h"

namespace taizhang::api {

// The dossier: {"item": {id, title, workflow_name, org, stage_name, plan_year, due_on,
// budget_fen, fields: [{label, value}]}, "history": [{at, action_name, from, to, actor,
// comment}], "evidence": [{kind, kind_name, files: [{id, name, media_type, size_bytes, sha256,
// taken_at, uploaded_at, uploaded_by, audit_seq}]}]} — only attachments not withdrawn.
nlohmann::json dossier_json(StoreReader& store, const OrgTree& orgs, const WorkflowDefinition& def,
                            const WorkItem& item);

// The A4 page. `image_src(file)` gives the address of a photo's image (a thumbnail URL on the
// server, the file's path inside the ZIP); every text is escaped.
std::string render_dossier_html(const nlohmann::json& dossier,
                                const std::function<std::string(const nlohmann::json&)>& image_src);

}  // namespace taizhang::api
