#include "engine/verify/checkpoint_check.h"

#include <algorithm>

#include "engine/base/digest.h"

namespace taizhang {

namespace {

constexpr int kPage = 1000;

bool is_hex_root(std::string_view text) {
  MerkleHash bytes{};
  return bytes_of_hex(text, bytes);
}

}  // namespace

std::optional<SavedCheckpoint> parse_saved_checkpoint(std::string_view text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  int64_t seq = 0;
  for (char c : text.substr(0, colon)) {
    if (c < '0' || c > '9' || seq > (INT64_MAX - 9) / 10) return std::nullopt;
    seq = seq * 10 + (c - '0');
  }
  std::string root(text.substr(colon + 1));
  if (seq < 1 || !is_hex_root(root)) return std::nullopt;
  return SavedCheckpoint{seq, root};
}

CheckpointCheck::CheckpointCheck(AuditReader& store, CheckpointOptions options)
    : options_(std::move(options)) {
  int64_t after = 0;
  for (;;) {
    auto page = store.checkpoints(after, kPage);
    stored_.insert(stored_.end(), page.begin(), page.end());
    if (static_cast<int>(page.size()) < kPage) break;
    after = page.back().seq;
  }
}

bool CheckpointCheck::wants(int64_t seq) const {
  if (options_.saved && options_.saved->seq == seq) return true;
  // stored_ is in seq order.
  auto it = std::lower_bound(stored_.begin(), stored_.end(), seq,
                             [](const Checkpoint& c, int64_t s) { return c.seq < s; });
  return it != stored_.end() && it->seq == seq;
}

void CheckpointCheck::note_root(int64_t seq, const std::string& root_hex) {
  roots_[seq] = root_hex;
}

std::optional<std::string> CheckpointCheck::compare_one(int64_t head, int64_t seq,
                                                        const std::string& root,
                                                        const char* what) const {
  const std::string name = std::string(what) + " at seq " + std::to_string(seq);
  if (seq > head) {
    return name + " is past the log's last record (seq " + std::to_string(head) +
           "): the log was cut short below it";
  }
  auto found = roots_.find(seq);
  if (found == roots_.end() || found->second != root) {
    return name + " has root " + root + " but the records give " +
           (found == roots_.end() ? std::string("none") : found->second) +
           ": the log was rewritten at or below seq " + std::to_string(seq);
  }
  return std::nullopt;
}

std::optional<std::string> CheckpointCheck::compare(int64_t head, CheckpointCheckCounts& counts,
                                                    std::optional<int64_t>& bad_seq) const {
  // The saved checkpoint first: it is the one kept where the database's holder cannot reach.
  if (options_.saved) {
    if (auto problem = compare_one(head, options_.saved->seq, options_.saved->root,
                                   "the checkpoint given")) {
      bad_seq = options_.saved->seq;
      return problem;
    }
  }
  for (const auto& c : stored_) {
    if (!options_.public_key_hex.empty()) {
      if (!verify_checkpoint(c, options_.public_key_hex)) {
        bad_seq = c.seq;
        return "the stored checkpoint at seq " + std::to_string(c.seq) +
               " does not carry a valid signature under the public key " +
               options_.public_key_hex;
      }
      ++counts.signatures;
    }
    if (auto problem = compare_one(head, c.seq, c.root, "the stored checkpoint")) {
      bad_seq = c.seq;
      return problem;
    }
    ++counts.checkpoints;
  }
  return std::nullopt;
}

}  // namespace taizhang
