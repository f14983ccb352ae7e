// The dossier of an item (一户一档): a printable A4 page, and a ZIP of the files in force with the
// page, a manifest of their hashes and a SHA256SUMS list — so that whoever receives it can
// check, with nothing but a hash tool, that each file is the one recorded in the audit chain.

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "api/app.h"
#include "api/handlers/handlers.h"
#include "api/handlers/id_request.h"
#include "api/json_io.h"
#include "api/problem.h"
#include "api/views/dossier.h"
#include "media/zip_archive.h"

namespace taizhang::api {

namespace {

// What one ZIP may carry; a bigger dossier is downloaded file by file.
constexpr int64_t kMaxDossierZipBytes = 512LL << 20;

// The dossier of the requested item, or the answer refusing it.
OrAnswer<nlohmann::json> read_dossier(App& app, const IdRequest& on) {
  return read_visible(
      app, on, "dossier.read", visible_item,
      [&app](StoreReader& store, const Principal&, const WorkItem& item) -> Result<nlohmann::json> {
        WorkflowPtr def = app.workflows().version(item.workflow, item.workflow_version);
        if (!def) return fail(ErrorCode::internal, "the item's workflow version is not loaded");
        return dossier_json(store, app.orgs(), *def, item);
      });
}

Response html_page(std::string body) {
  Response r;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(body);
  // Text, inline style and this server's own images only: nothing in it may run.
  r.set_header("Content-Security-Policy",
               "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; "
               "form-action 'none'");
  r.set_header("X-Content-Type-Options", "nosniff");
  return r;
}

// "files/竣工照片/12-竣工照片.jpg": by kind, the id keeping names apart.
std::string zip_path(const nlohmann::json& kind, const nlohmann::json& file) {
  return "files/" + kind["kind_name"].get<std::string>() + "/" +
         std::to_string(file["id"].get<int64_t>()) + "-" + file["name"].get<std::string>();
}

}  // namespace

Response get_item_dossier(App& app, const Request& req, const PathParams& params) {
  auto on = id_request(app, req, params);
  if (!on) return problem(on.error());
  auto dossier = read_dossier(app, *on);
  if (!dossier) return std::move(dossier.error());
  return html_page(render_dossier_html(*dossier, [](const nlohmann::json& f) {
    return "/api/v1/attachments/" + std::to_string(f["id"].get<int64_t>()) + "/thumbnail";
  }));
}

Response get_item_dossier_zip(App& app, const Request& req, const PathParams& params) {
  auto on = id_request(app, req, params);
  if (!on) return problem(on.error());
  EvidenceFiles* files = app.evidence_files();
  if (!files) return problem(ErrorCode::unavailable, "evidence is not kept here");
  auto dossier = read_dossier(app, *on);
  if (!dossier) return std::move(dossier.error());

  std::vector<media::ZipEntry> entries;
  nlohmann::json manifest_files = nlohmann::json::array();
  std::string sums;
  int64_t total = 0;
  for (const auto& kind : (*dossier)["evidence"]) {
    for (const auto& f : kind["files"]) {
      const std::string path = zip_path(kind, f);
      const std::string sha = f["sha256"];
      total += f["size_bytes"].get<int64_t>();
      entries.push_back({path, files->path(sha), ""});
      nlohmann::json m = f;
      m["path"] = path;
      m["kind"] = kind["kind"];
      m["kind_name"] = kind["kind_name"];
      manifest_files.push_back(std::move(m));
      sums += sha + "  " + path + "\n";
    }
  }
  if (total > kMaxDossierZipBytes) {
    return problem(ErrorCode::conflict, "the dossier's files exceed " +
                                            std::to_string(kMaxDossierZipBytes) +
                                            " bytes; download them one by one");
  }
  nlohmann::json manifest = {{"item", (*dossier)["item"]},
                             {"generated_at", format_rfc3339(app.clock().now())},
                             {"hash", "sha256"},
                             {"files", std::move(manifest_files)}};
  entries.push_back({"manifest.json", "", manifest.dump(2)});
  entries.push_back({"SHA256SUMS", "", sums});
  std::map<int64_t, std::string> paths;
  for (const auto& f : manifest["files"]) paths[f["id"].get<int64_t>()] = f["path"];
  entries.push_back({"dossier.html", "",
                     render_dossier_html(*dossier, [&](const nlohmann::json& f) {
                       return paths[f["id"].get<int64_t>()];
                     })});

  // Built in the evidence folder's tmp/ (the same disk, cleared at start), read, removed.
  std::string path = files->dir() + "/tmp/dossier-XXXXXX";
  int fd = ::mkstemp(path.data());
  if (fd < 0) return problem(ErrorCode::unavailable, "no room to build the dossier");
  ::close(fd);
  ::unlink(path.c_str());  // libzip creates it afresh (ZIP_EXCL)
  auto written = media::write_zip(path, entries);
  if (!written) return problem(written.error());
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  ::unlink(path.c_str());
  Response r;
  r.content_type = "application/zip";
  r.body = std::move(bytes).str();
  r.set_header("Content-Disposition",
               "attachment; filename=\"dossier-" + std::to_string(on->id) +
                   ".zip\"; filename*=UTF-8''dossier-" + std::to_string(on->id) + ".zip");
  return r;
}

}  // namespace taizhang::api
