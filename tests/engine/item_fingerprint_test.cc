#include <gtest/gtest.h>

#include "engine/verify/item_fingerprint.h"

namespace taizhang {
namespace {

TEST(ItemFingerprint, EqualTextsAgreeAndAnyEditDisagrees) {
  const ItemFingerprinter fingerprint;
  const std::string text = R"({"budget_fen":5800000,"id":7,"stage":"proposal","title":"吉照村危房改造"})";
  EXPECT_EQ(fingerprint(text), fingerprint(std::string(text)));
  for (size_t i = 0; i < text.size(); ++i) {
    std::string edited = text;
    edited[i] ^= 1;
    EXPECT_NE(fingerprint(edited), fingerprint(text)) << "byte " << i;
  }
  EXPECT_NE(fingerprint(text + " "), fingerprint(text));
  EXPECT_NE(fingerprint(""), fingerprint(" "));
}

// Each verify draws its own key: what one run's fingerprints are says nothing of the next's, so
// an edit cannot be made to collide in advance.
TEST(ItemFingerprint, EachItemFingerprinterHasItsOwnKey) {
  const ItemFingerprinter first, second;
  EXPECT_NE(first("{\"id\":1}"), second("{\"id\":1}"));
}

}  // namespace
}  // namespace taizhang
