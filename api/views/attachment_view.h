// Attachments as the API shows them to staff: the stored row with the kind's Chinese name, the
// position in degrees, and the links to download the file and its thumbnail.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/evidence/attachment.h"
#include "engine/workflow/definition.h"

namespace taizhang::api {

// `def` is the item's workflow version (for the kind's name); may be null.
nlohmann::json attachment_json(const Attachment& a, const WorkflowDefinition* def);

// The RFC 6266 Content-Disposition of a download: an ASCII fallback `filename` and the UTF-8
// name as an RFC 5987 `filename*`. `inline_` shows it in the browser rather than saving it.
std::string content_disposition(const std::string& name, bool inline_);

}  // namespace taizhang::api
