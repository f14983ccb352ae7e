#include "api/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace taizhang::api {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kIndex = "/index.html";

bool ends_with_extension(std::string_view path) {
  const size_t slash = path.rfind('/');
  return path.find('.', slash == std::string_view::npos ? 0 : slash) != std::string_view::npos;
}

bool accepts_gzip(const Request& request) {
  auto accept = request.header("accept-encoding");
  return accept && accept->find("gzip") != std::string::npos;
}

std::string read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

std::string content_type_for(std::string_view name) {
  static const std::map<std::string, std::string, std::less<>> types = {
      {".html", "text/html; charset=utf-8"},   {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},           {".map", "application/json"},
      {".svg", "image/svg+xml"},               {".png", "image/png"},
      {".jpg", "image/jpeg"},                  {".ico", "image/x-icon"},
      {".webp", "image/webp"},                 {".woff2", "font/woff2"},
      {".woff", "font/woff"},                  {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
  };
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  auto it = types.find(name.substr(dot));
  return it == types.end() ? "application/octet-stream" : it->second;
}

Result<std::unique_ptr<StaticFiles>> StaticFiles::load(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::path(dir) / "index.html", ec)) {
    return fail(ErrorCode::invalid_field, dir + " has no index.html (build the web app: make)",
                "web-dir");
  }
  auto out = std::unique_ptr<StaticFiles>(new StaticFiles());
  size_t bytes = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    std::string rel = "/" + fs::relative(entry.path(), dir).generic_string();
    const bool gz = rel.ends_with(".gz");
    if (gz) rel.resize(rel.size() - 3);
    std::string body = read_whole(entry.path());
    bytes += body.size();
    if (out->files_.size() >= kStaticFilesMax || bytes > kStaticBytesMax) {
      return fail(ErrorCode::invalid_field,
                  dir + " holds more than " + std::to_string(kStaticFilesMax) + " files or " +
                      std::to_string(kStaticBytesMax >> 20) + " MiB",
                  "web-dir");
    }
    File& f = out->files_[rel];
    if (gz) {
      f.gzip = std::move(body);
    } else {
      f.body = std::move(body);
      f.content_type = content_type_for(rel);
    }
  }
  if (ec) return fail(ErrorCode::invalid_field, "cannot read " + dir + ": " + ec.message(), "web-dir");
  // A .gz whose original is missing is no file of the app.
  std::erase_if(out->files_, [](const auto& kv) { return kv.second.content_type.empty(); });
  return out;
}

Response StaticFiles::answer(const std::string& path, const File& file, bool gzip_ok) const {
  Response r;
  r.content_type = file.content_type;
  if (gzip_ok && file.gzip) {
    r.body = *file.gzip;
    r.set_header("Content-Encoding", "gzip");
  } else {
    r.body = file.body;
  }
  r.set_header("Vary", "Accept-Encoding");
  // Vite names every built asset by its content hash: a changed file has a new name.
  r.set_header("Cache-Control", path.starts_with("/assets/") ? "public, max-age=31536000, immutable"
                                                             : "no-cache");
  return r;  // App::handle adds the security headers to this answer as to every other
}

std::optional<Response> StaticFiles::serve(const Request& request) const {
  const std::string& path = request.path;
  // /public/ itself is the app's public board page; below it, the public API.
  const bool public_api = path.starts_with("/public/") && path != "/public/";
  if (path.starts_with("/api/") || path == "/api" || public_api ||
      path.empty() || path.front() != '/') {
    return std::nullopt;
  }
  const bool gzip_ok = accepts_gzip(request);
  // Files are looked up by exact name in memory; "..", "%2e%2e" (decoded before this) or a
  // backslash simply name no file.
  const std::string key = path == "/" ? std::string(kIndex) : path;
  if (auto it = files_.find(key); it != files_.end()) return answer(key, it->second, gzip_ok);
  if (ends_with_extension(path)) return std::nullopt;  // a missing file, not an app route
  auto index = files_.find(kIndex);
  return answer(std::string(kIndex), index->second, gzip_ok);
}

}  // namespace taizhang::api
