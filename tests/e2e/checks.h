// GoogleTest helpers shared by the end-to-end tests.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "harness.h"

namespace e2e {

// The response is a problem+json document with this status and `code`.
inline ::testing::AssertionResult IsProblem(const HttpResponse& r, int status,
                                            const std::string& code) {
  auto fail = [&](const std::string& why) {
    return ::testing::AssertionFailure()
           << why << "; got status " << r.status << " body " << r.body;
  };
  if (r.status != status) return fail("expected status " + std::to_string(status));
  auto type = r.header("content-type");
  if (!type || type->find("application/problem+json") != 0) {
    return fail("expected Content-Type application/problem+json, got " + type.value_or("none"));
  }
  auto j = r.json();
  if (!j.is_object()) return fail("body is not a JSON object");
  if (j.value("code", "") != code) return fail("expected code " + code);
  if (j.value("status", 0) != status) return fail("problem status field differs");
  return ::testing::AssertionSuccess();
}

// A problem naming the offending field.
inline ::testing::AssertionResult IsInvalidField(const HttpResponse& r, const std::string& field) {
  auto base = IsProblem(r, 400, "invalid_field");
  if (!base) return base;
  auto j = r.json();
  if (j.value("field", "") != field) {
    return ::testing::AssertionFailure()
           << "expected field " << field << "; body " << r.body;
  }
  return ::testing::AssertionSuccess();
}

// What "nothing changed" means: the audit head, and one item's version and stage, and the number
// of items the township manager sees.
struct State {
  int64_t audit_seq = -1;
  int64_t item_version = -1;
  std::string item_stage;
  size_t item_count = 0;
  bool operator==(const State&) const = default;
};

inline std::ostream& operator<<(std::ostream& os, const State& s) {
  return os << "{audit_seq " << s.audit_seq << ", item_version " << s.item_version << ", stage "
            << s.item_stage << ", items " << s.item_count << "}";
}

inline State state_of(const DemoEnv& env, int64_t item_id) {
  State s;
  s.audit_seq = env.audit_seq();
  auto item = env.get_item(item_id);
  if (item.is_object()) {
    s.item_version = item.value("version", int64_t{-1});
    s.item_stage = item.value("stage", "");
  }
  auto list = env.township_manager().get("/api/v1/items?limit=200");
  auto j = list.json();
  if (list.status == 200 && j.is_object()) s.item_count = j["items"].size();
  return s;
}

inline std::string item_path(int64_t id) { return "/api/v1/items/" + std::to_string(id); }
inline std::string transitions_path(int64_t id) { return item_path(id) + "/transitions"; }

}  // namespace e2e
