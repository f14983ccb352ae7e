#include "engine/verify/item_fingerprint.h"

#include <sodium.h>

#include "engine/base/sodium.h"

namespace taizhang {

static_assert(sizeof(ItemFingerprint) == crypto_shorthash_siphashx24_BYTES);

ItemFingerprinter::ItemFingerprinter() {
  static_assert(std::tuple_size_v<decltype(key_)> == crypto_shorthash_siphashx24_KEYBYTES);
  init_sodium();
  randombytes_buf(key_.data(), key_.size());
}

ItemFingerprint ItemFingerprinter::operator()(std::string_view text) const {
  ItemFingerprint out;
  crypto_shorthash_siphashx24(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                              text.size(), key_.data());
  return out;
}

}  // namespace taizhang
