// The built web app (web/, built by `make` into build/web), served at /. Every file is read into
// memory once at start — the build is a few hundred kilobytes — so a request never touches the
// file system: no path a client sends can reach a file outside the build.
//
// Hashed assets (/assets/…) are cached for a year; index.html is revalidated each time so that a
// new build reaches the browser. A file's precompressed twin (name.gz, made by the build) is
// served to clients that accept gzip. Paths of the app's own routes (/items/3, /login) answer
// index.html; /api/ and /public/ are never the app's.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "api/http.h"
#include "engine/base/error.h"

namespace taizhang::api {

inline constexpr size_t kStaticFilesMax = 2000;
inline constexpr size_t kStaticBytesMax = 64 << 20;

class StaticFiles {
 public:
  // Reads every file under `dir`. Fails naming the directory when it has no index.html, or when
  // it holds more than kStaticFilesMax files or kStaticBytesMax bytes.
  static Result<std::unique_ptr<StaticFiles>> load(const std::string& dir);

  // The answer to a GET of `request.path` (decoded); nullopt when the path is not the app's
  // (under /api/ or /public/, or a file name that is not in the build).
  std::optional<Response> serve(const Request& request) const;

 private:
  struct File {
    std::string body;
    std::optional<std::string> gzip;
    std::string content_type;
  };
  Response answer(const std::string& path, const File& file, bool gzip_ok) const;

  std::map<std::string, File, std::less<>> files_;  // by path: "/index.html", "/assets/x.js"
};

// The MIME type of a file name by its extension; application/octet-stream when unknown.
std::string content_type_for(std::string_view name);

}  // namespace taizhang::api
