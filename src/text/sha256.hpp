// SHA-256 as hex, through OpenSSL: asset names, manifests, content hashes.
#pragma once

#include <cstddef>
#include <string>

namespace thidua::text {

/// The first `hex_chars` hex digits of the SHA-256 of `bytes`.
std::string content_hash(const std::string& bytes, std::size_t hex_chars = 64);

/// The SHA-256 of `bytes` in base64, as a Content-Security-Policy source
/// names an inline block ('sha256-…').
std::string sha256_base64(const std::string& bytes);

}  // namespace thidua::text
