// The audit chain for the public, no login: GET /public/audit/head (the current head, the value
// printed notices tell readers to compare) and GET /public/audit/records/{seq}, the one record a
// printed notice cites, so that anyone can recompute its hash (deploy/verify_audit_chain.py).
// Only records of posted notices ("notice.post") are served: their contents are the notice as
// published; every other record answers 404 like an absent one.
//
// And the Merkle tree over the chain (engine/audit/merkle.h), RFC 9162's proofs in hex:
// GET /public/audit/root?tree_size=N, GET /public/audit/proof/inclusion?seq=S&tree_size=N and
// GET /public/audit/proof/consistency?first=M&second=N. They carry hashes only, so they are public
// whichever records they are about. Sizes are counted in records, up to the head at the time of
// the request; anything else is 400 invalid_field naming the parameter.
#include "api/app.h"
#include "api/handlers/handlers.h"
#include "api/json_io.h"
#include "api/problem.h"
#include "engine/audit/audit_tree.h"

namespace taizhang::api {

namespace {

constexpr std::string_view kPublicAction = "notice.post";

// A record count or seq from the query: decimal digits within [min, max], `fallback` when the
// parameter is absent (none: it is required). invalid_field naming it otherwise; `head` is the
// log's size, for the message.
Result<int64_t> record_param(const Request& req, const std::string& name, int64_t min,
                             int64_t max, std::optional<int64_t> fallback, int64_t head) {
  auto text = req.query_param(name);
  if (!text && fallback) return *fallback;
  const std::string held = "the audit log holds " + std::to_string(head) + " records";
  if (min > max) {
    return fail(ErrorCode::invalid_field, name + " has no valid value yet: " + held, name);
  }
  const std::string range =
      "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  if (!text) {
    return fail(ErrorCode::invalid_field, name + " is required: " + range + "; " + held, name);
  }
  auto n = parse_int64(*text);
  if (!n || *n < min || *n > max) {
    return fail(ErrorCode::invalid_field, name + " must be " + range + "; " + held, name);
  }
  return *n;
}

nlohmann::json hex_list(const std::vector<MerkleHash>& hashes) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& h : hashes) out.push_back(hex_of(h));
  return out;
}

// An answer about the tree as it is now (no size was named) may change with the next record; one
// about named sizes never does, and may be kept.
Response tree_response(const nlohmann::json& body, bool at_head) {
  Response r = json_response(200, body);
  if (at_head) r.set_header("Cache-Control", "no-store");
  return r;
}

}  // namespace

Response get_public_audit_head(App& app, const Request&, const PathParams&) {
  auto head = app.db().read([](StoreReader& store) -> Result<AuditHead> {
    return store.audit_head();
  });
  if (!head) return problem(head.error());
  Response r = json_response(200, {{"seq", head->seq}, {"hash", head->hash}});
  r.set_header("Cache-Control", "no-store");
  return r;
}

Response get_public_audit_record(App& app, const Request&, const PathParams& params) {
  auto seq = id_param(params, "seq");
  if (!seq) return problem(seq.error());
  auto record = app.db().read([&](StoreReader& store) -> Result<nlohmann::json> {
    auto records = store.audit(*seq - 1, 1);
    if (records.empty() || records.front().seq != *seq ||
        records.front().action != kPublicAction) {
      return fail(ErrorCode::not_found,
                  "no public audit record " + std::to_string(*seq) +
                      " (only the records that posted notices are public)");
    }
    return to_json(records.front());
  });
  if (!record) return problem(record.error());
  return json_response(200, *record);
}

Response get_public_audit_root(App& app, const Request& req, const PathParams&) {
  auto answer = app.db().read([&](StoreReader& store) -> Result<nlohmann::json> {
    const int64_t head = store.audit_head().seq;
    auto size = record_param(req, "tree_size", 0, head, head, head);
    if (!size) return std::unexpected(size.error());
    StoredMerkleTree tree(store);
    auto root = merkle_root(tree, *size);
    if (!root) return std::unexpected(root.error());
    return nlohmann::json{{"tree_size", *size}, {"root", hex_of(*root)}};
  });
  if (!answer) return problem(answer.error());
  return tree_response(*answer, !req.query_param("tree_size"));
}

Response get_public_audit_inclusion(App& app, const Request& req, const PathParams&) {
  auto answer = app.db().read([&](StoreReader& store) -> Result<nlohmann::json> {
    const int64_t head = store.audit_head().seq;
    auto seq = record_param(req, "seq", 1, head, std::nullopt, head);
    if (!seq) return std::unexpected(seq.error());
    // A tree holds the record when it has at least seq records.
    auto size = record_param(req, "tree_size", *seq, head, head, head);
    if (!size) return std::unexpected(size.error());
    StoredMerkleTree tree(store);
    const int64_t leaf_index = *seq - 1;
    auto leaf_hash = tree.hash_of(MerkleSubtree{0, leaf_index});
    if (!leaf_hash) {
      return fail(ErrorCode::internal,
                  "the Merkle tree has no leaf for record " + std::to_string(*seq));
    }
    auto path = inclusion_proof(tree, leaf_index, *size);
    if (!path) return std::unexpected(path.error());
    auto root = merkle_root(tree, *size);
    if (!root) return std::unexpected(root.error());
    return nlohmann::json{{"seq", *seq},
                          {"leaf_index", leaf_index},
                          {"tree_size", *size},
                          {"leaf_hash", hex_of(*leaf_hash)},
                          {"audit_path", hex_list(*path)},
                          {"root", hex_of(*root)}};
  });
  if (!answer) return problem(answer.error());
  return tree_response(*answer, !req.query_param("tree_size"));
}

Response get_public_audit_consistency(App& app, const Request& req, const PathParams&) {
  auto answer = app.db().read([&](StoreReader& store) -> Result<nlohmann::json> {
    const int64_t head = store.audit_head().seq;
    // RFC 9162 §2.1.4 proves 0 < first < second: a tree is consistent with itself without a
    // proof (equal roots), and the empty tree with every tree.
    auto first = record_param(req, "first", 1, head - 1, std::nullopt, head);
    if (!first) return std::unexpected(first.error());
    auto second = record_param(req, "second", *first + 1, head, std::nullopt, head);
    if (!second) return std::unexpected(second.error());
    StoredMerkleTree tree(store);
    auto proof = consistency_proof(tree, *first, *second);
    if (!proof) return std::unexpected(proof.error());
    auto first_root = merkle_root(tree, *first);
    if (!first_root) return std::unexpected(first_root.error());
    auto second_root = merkle_root(tree, *second);
    if (!second_root) return std::unexpected(second_root.error());
    return nlohmann::json{{"first", *first},
                          {"second", *second},
                          {"first_root", hex_of(*first_root)},
                          {"second_root", hex_of(*second_root)},
                          {"proof", hex_list(*proof)}};
  });
  if (!answer) return problem(answer.error());
  return json_response(200, *answer);
}

}  // namespace taizhang::api
