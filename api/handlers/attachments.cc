// Evidence for staff: upload a photo or document to an item (multipart/form-data), list an
// item's, read one, download it or its thumbnail, withdraw it with a reason.
//
// An upload is checked as far as it can be before a byte reaches the disk (who, which item,
// which kind, the name, the size, the type read from the content); then the file is stored and
// fsynced on this worker thread — never on the writer's, which would hold every other write for
// the length of an upload — and only then is its row committed with its audit record. If the
// row cannot be committed, the file is discarded unless another row names it.

#include <memory>

#include "api/after_commit.h"
#include "api/app.h"
#include "api/handlers/handlers.h"
#include "api/handlers/id_request.h"
#include "api/json_io.h"
#include "api/multipart.h"
#include "api/problem.h"
#include "api/views/attachment_view.h"
#include "engine/base/digest.h"
#include "engine/evidence/evidence_commands.h"
#include "media/media_type.h"
#include "media/photo_metadata.h"
#include "media/thumbnail.h"

namespace taizhang::api {

namespace {

struct Upload {
  NewAttachment attachment;
  std::string_view bytes;
  std::string declared_type;
};

Result<std::optional<int64_t>> id_part(const FormPart& part) {
  auto v = parse_int64(part.body);
  if (!v || *v <= 0) {
    return fail(ErrorCode::invalid_field, part.name + " must be a positive integer", part.name);
  }
  return v;
}

// The form's parts: `kind`, `file`, and optionally `notice_id`, `entry_id`, `history_id`.
Result<Upload> read_form(const Request& req) {
  auto boundary = multipart_boundary(req.header("content-type").value_or(""));
  if (!boundary) return std::unexpected(boundary.error());
  auto parts = parse_multipart(req.body, *boundary);
  if (!parts) return std::unexpected(parts.error());
  Upload up;
  bool have_file = false;
  for (const auto& part : *parts) {
    if (part.name == "file") {
      if (!part.filename) return fail(ErrorCode::invalid_field, "file must be a file part", "file");
      up.attachment.name = *part.filename;
      up.declared_type = part.content_type;
      up.bytes = part.body;
      have_file = true;
    } else if (part.name == "kind") {
      up.attachment.kind = std::string(part.body);
    } else if (part.name == "notice_id" || part.name == "entry_id" || part.name == "history_id") {
      auto id = id_part(part);
      if (!id) return std::unexpected(id.error());
      (part.name == "notice_id"  ? up.attachment.notice_id
       : part.name == "entry_id" ? up.attachment.entry_id
                                 : up.attachment.history_id) = *id;
    } else {
      return fail(ErrorCode::invalid_field, "unknown field '" + part.name + "'", part.name);
    }
  }
  if (up.attachment.kind.empty()) {
    return fail(ErrorCode::invalid_field, "kind is required: the evidence kind of the file", "kind");
  }
  if (!have_file) return fail(ErrorCode::invalid_field, "file is required", "file");
  if (up.bytes.empty()) return fail(ErrorCode::invalid_field, "the file is empty (文件为空)", "file");
  return up;
}

// The same type under two names (HEIF's brands).
bool same_type(std::string_view declared, std::string_view actual) {
  auto heif = [](std::string_view t) { return t == "image/heic" || t == "image/heif"; };
  return declared == actual || (heif(declared) && heif(actual)) ||
         (declared == "image/jpg" && actual == "image/jpeg");
}

// Reads the type from the content and, for a photo, its EXIF and its size from the header.
// The thumbnail is not made here: decoding a 12-megapixel photo costs about a tenth of a second
// of CPU, more than receiving, hashing and writing it, so it is made on its first view (and
// kept), off the path that answers the phone that uploads.
Result<void> examine(Upload& up) {
  const std::string type = media::sniff_media_type(up.bytes);
  if (!allowed_media_type(type)) {
    return fail(ErrorCode::unsupported_media_type,
                "the file is " + type + ", which is not kept; send " +
                    std::string(allowed_media_types_text()));
  }
  if (!up.declared_type.empty() && up.declared_type != "application/octet-stream" &&
      !same_type(up.declared_type, type)) {
    return fail(ErrorCode::unsupported_media_type,
                "the file is declared " + up.declared_type + " but its content is " + type +
                    " (文件类型与内容不符)");
  }
  up.attachment.media_type = type;
  if (!type.starts_with("image/")) return {};
  media::PhotoMetadata meta = media::read_photo_metadata(up.bytes);
  up.attachment.taken_at = meta.taken_at;
  up.attachment.latitude_e6 = meta.latitude_e6;
  up.attachment.longitude_e6 = meta.longitude_e6;
  auto size = media::read_photo_size(up.bytes);
  if (!size) return std::unexpected(size.error());
  up.attachment.width = size->width;
  up.attachment.height = size->height;
  return {};
}

WorkflowPtr workflow_of(App& app, EvidenceReader& store, int64_t item_id) {
  auto item = store.item(item_id);
  return item ? app.workflows().version(item->workflow, item->workflow_version) : nullptr;
}

// Whether a committed row names the file. When unsure, yes: an orphan file is harmless, a lost
// one is not.
bool file_named(App& app, const std::string& sha256) {
  auto r = app.db().read(
      [&](StoreReader& store) -> Result<bool> { return store.file_referenced(sha256); });
  return !r || *r;
}

Result<EvidenceFiles*> evidence_files(App& app) {
  if (!app.evidence_files()) return fail(ErrorCode::unavailable, "evidence is not kept here");
  return app.evidence_files();
}

}  // namespace

Response post_attachment(App& app, const Request& req, const PathParams& params) {
  auto on = id_request(app, req, params);
  if (!on) return problem(on.error());
  auto files = evidence_files(app);
  if (!files) return problem(files.error());
  if (req.body.empty()) return problem(ErrorCode::invalid_field, "the body is empty", "file");
  auto up = read_form(req);
  if (!up) return problem(up.error());
  if (static_cast<int64_t>(up->bytes.size()) > app.attachment_limit_bytes()) {
    return problem(ErrorCode::payload_too_large,
                   "the file exceeds " + std::to_string(app.attachment_limit_bytes()) + " bytes");
  }
  // Everything that needs no file is refused before the file is written.
  auto attachable = read_visible(
      app, *on, "evidence.attach", [&](StoreReader& store, const Principal& who, int64_t id) {
        return check_attachable(store, app.workflows(), who, id, up->attachment.kind);
      });
  if (!attachable) return std::move(attachable.error());
  if (auto name = clean_attachment_name(up->attachment.name); !name) return problem(name.error());
  if (auto examined = examine(*up); !examined) return problem(examined.error());
  up->attachment.sha256 = sha256_hex(up->bytes);
  up->attachment.size_bytes = static_cast<int64_t>(up->bytes.size());

  auto hold = (*files)->put(up->bytes, up->attachment.sha256);
  if (!hold) return problem(hold.error());
  auto referenced = [&app, sha256 = up->attachment.sha256] { return file_named(app, sha256); };
  // The row commits on the writer; the answer (or the file's discarding) comes after. The Hold
  // lives until then, so no concurrent failure removes a file this row is about to name.
  auto held = std::make_shared<EvidenceFiles::Hold>(std::move(*hold));
  return answer_after_commit(
      app,
      [&app, who = on->who, id = on->id, attachment = up->attachment](StoreWriter& store) {
        return attach_evidence(store, app.workflows(), who, id, attachment, app.clock().now());
      },
      [&app, files = *files, held, id = on->id, referenced](Result<Attached> attached) {
        if (!attached) {
          files->discard(std::move(*held), referenced);
          return problem(attached.error());
        }
        auto view = app.db().read([&](StoreReader& store) -> Result<nlohmann::json> {
          return attachment_json(attached->attachment, workflow_of(app, store, id).get());
        });
        if (!view) return problem(view.error());
        Response r = json_response(attached->created ? 201 : 200, *view);
        r.set_header("Location", "/api/v1/attachments/" + std::to_string(attached->attachment.id));
        return r;
      });
}

Response get_item_attachments(App& app, const Request& req, const PathParams& params) {
  return answer_visible(
      app, req, params, "evidence.read", visible_item,
      [&app](StoreReader& store, const Principal&, const WorkItem& item) {
        WorkflowPtr def = app.workflows().version(item.workflow, item.workflow_version);
        auto rows = store.item_attachments(item.id);
        nlohmann::json kinds = nlohmann::json::array();
        if (def) {
          for (const auto& k : def->evidence) {
            int count = 0;
            for (const auto& a : rows) count += (a.kind == k.key && !a.withdrawn()) ? 1 : 0;
            kinds.push_back({{"key", k.key}, {"name", k.name}, {"help", k.help}, {"count", count}});
          }
        }
        nlohmann::json list = nlohmann::json::array();
        for (const auto& a : rows) list.push_back(attachment_json(a, def.get()));
        return json_response(200, {{"kinds", std::move(kinds)},
                                   {"attachments", std::move(list)},
                                   {"limit_bytes", app.attachment_limit_bytes()},
                                   {"max_files", kMaxAttachmentsPerItem}});
      });
}

Response get_attachment(App& app, const Request& req, const PathParams& params) {
  return answer_visible(
      app, req, params, "evidence.read", visible_attachment,
      [&app](StoreReader& store, const Principal&, const Attachment& a) {
        return json_response(200, attachment_json(a, workflow_of(app, store, a.item_id).get()));
      });
}

// The file as uploaded. Its bytes never change, so it may be cached for good; nosniff and a
// sandboxing CSP keep a browser from treating it as anything but what it is.
Response get_attachment_content(App& app, const Request& req, const PathParams& params) {
  auto on = id_request(app, req, params);
  if (!on) return problem(on.error());
  auto files = evidence_files(app);
  if (!files) return problem(files.error());
  auto found = read_visible(app, *on, "evidence.read", visible_attachment);
  if (!found) return std::move(found.error());
  auto bytes = (*files)->read(found->sha256);
  if (!bytes) {
    return problem(ErrorCode::internal, "the file of attachment " + std::to_string(on->id) +
                                            " is missing from the evidence folder");
  }
  Response r;
  r.content_type = found->media_type;
  r.body = std::move(*bytes);
  r.set_header("Content-Disposition",
               content_disposition(found->name, req.query_param("inline").value_or("") == "1"));
  r.set_header("ETag", "\"" + found->sha256 + "\"");
  r.set_header("Cache-Control", "private, max-age=31536000, immutable");
  r.set_header("X-Content-Type-Options", "nosniff");
  r.set_header("Content-Security-Policy", "sandbox; default-src 'none'");
  return r;
}

Response get_attachment_thumbnail(App& app, const Request& req, const PathParams& params) {
  auto on = id_request(app, req, params);
  if (!on) return problem(on.error());
  auto files = evidence_files(app);
  if (!files) return problem(files.error());
  auto found = read_visible(app, *on, "evidence.read", visible_attachment);
  if (!found) return std::move(found.error());
  if (!found->photo()) {
    return problem(ErrorCode::not_found,
                   "attachment " + std::to_string(on->id) + " is not a photo");
  }
  // Thumbnails are derived, made on a photo's first view and kept: one lost (or not restored
  // from a backup) is made again.
  std::string jpeg;
  if (auto cached = (*files)->read_thumbnail(found->sha256)) {
    jpeg = std::move(*cached);
  } else {
    auto photo = (*files)->read(found->sha256);
    if (!photo) return problem(ErrorCode::internal, "the photo's file is missing");
    auto made = media::make_thumbnail(*photo);
    if (!made) return problem(made.error());
    jpeg = std::move(made->jpeg);
    (void)(*files)->put_thumbnail(found->sha256, jpeg);
  }
  Response r;
  r.content_type = "image/jpeg";
  r.body = std::move(jpeg);
  r.set_header("ETag", "\"" + found->sha256 + "-320\"");
  r.set_header("Cache-Control", "private, max-age=31536000, immutable");
  r.set_header("X-Content-Type-Options", "nosniff");
  return r;
}

Response post_attachment_withdrawal(App& app, const Request& req, const PathParams& params) {
  return write_on_id(
      app, req, params,
      [](const Request& r) { return sole_string_field(r, "reason", kMaxWithdrawalReasonBytes); },
      [&app](StoreWriter& store, const Principal& who, int64_t id, const std::string& reason) {
        return withdraw_evidence(store, who, id, reason, app.clock().now());
      },
      [&app](Result<Attachment> withdrawn) {
        if (!withdrawn) return problem(withdrawn.error());
        auto view = app.db().read([&](StoreReader& store) -> Result<nlohmann::json> {
          return attachment_json(*withdrawn, workflow_of(app, store, withdrawn->item_id).get());
        });
        if (!view) return problem(view.error());
        return json_response(200, *view);
      });
}

}  // namespace taizhang::api
