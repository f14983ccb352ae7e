#include "delivery/webhook_test_send.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>

#include <nlohmann/json.hpp>

#include "engine/alerts/webhook.h"

namespace taizhang {

namespace {

constexpr size_t kMaxAnswerBytes = 4096;  // enough for a robot's {"errcode":…,"errmsg":…}

size_t keep_answer(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  const size_t n = size * count;
  if (body->size() < kMaxAnswerBytes) body->append(data, std::min(n, kMaxAnswerBytes - body->size()));
  return n;
}

struct EasyFree {
  void operator()(CURL* e) const { curl_easy_cleanup(e); }
};
struct ListFree {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

std::optional<std::string> robot_refusal(const std::string& body) {
  auto doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object()) return std::nullopt;
  auto code = doc.find("errcode");
  if (code == doc.end() || !code->is_number_integer() || code->get<int64_t>() == 0) {
    return std::nullopt;
  }
  std::string msg;
  if (auto m = doc.find("errmsg"); m != doc.end() && m->is_string()) msg = m->get<std::string>();
  return "errcode " + std::to_string(code->get<int64_t>()) + (msg.empty() ? "" : ": " + msg);
}

TestSendResult send_now(const OutgoingRequest& request, int timeout_ms) {
  TestSendResult out;
  std::unique_ptr<CURL, EasyFree> e(curl_easy_init());
  if (!e) {
    out.error = "libcurl could not start a transfer";
    return out;
  }
  curl_slist* raw = nullptr;
  for (const auto& [name, value] : request.headers) {
    raw = curl_slist_append(raw, (name + ": " + value).c_str());
  }
  std::unique_ptr<curl_slist, ListFree> headers(raw);
  std::string answer;
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(e.get(), CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(e.get(), CURLOPT_POST, 1L);
  curl_easy_setopt(e.get(), CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(e.get(), CURLOPT_POSTFIELDSIZE_LARGE,
                   static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(e.get(), CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(e.get(), CURLOPT_USERAGENT, "taizhang-webhook/1");
  curl_easy_setopt(e.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
  curl_easy_setopt(e.get(), CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(e.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e.get(), CURLOPT_WRITEFUNCTION, keep_answer);
  curl_easy_setopt(e.get(), CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(e.get(), CURLOPT_ERRORBUFFER, error);
  const CURLcode result = curl_easy_perform(e.get());
  if (result != CURLE_OK) {
    out.error = without_url_secrets(error[0] != '\0' ? error : curl_easy_strerror(result),
                                    request.url);
    return out;
  }
  long status = 0;
  curl_easy_getinfo(e.get(), CURLINFO_RESPONSE_CODE, &status);
  out.status = status;
  if (status < 200 || status > 299) {
    out.error = "HTTP " + std::to_string(status);
  } else if (auto refusal = robot_refusal(answer)) {
    out.error = *refusal;
  } else {
    out.delivered = true;
  }
  // The robot's answer or curl's message may quote the URL: never its key (as the deliverer).
  out.error = without_url_secrets(std::move(out.error), request.url);
  return out;
}

}  // namespace taizhang
