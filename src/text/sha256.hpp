// SHA-256 as hex, through OpenSSL: asset names, manifests, content hashes.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace thidua::text {

/// The first `hex_chars` hex digits of the SHA-256 of `bytes`.
std::string content_hash(const std::string& bytes, std::size_t hex_chars = 64);

/// The SHA-256 of `bytes` in base64, as a Content-Security-Policy source
/// names an inline block ('sha256-…').
std::string sha256_base64(const std::string& bytes);

/// SHA-256 over bytes given in pieces: a record's canonical form as it is
/// written (model/records.hpp), never held whole.
class Sha256 {
 public:
  using Digest = std::array<unsigned char, 32>;
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view bytes);
  /// The digest of everything given; the object starts over after it.
  Digest finish();

 private:
  void* ctx_;              ///< OpenSSL's EVP_MD_CTX, kept out of this header
  bool finished_ = false;  ///< started again at the next update()
};

}  // namespace thidua::text
