// SHA-256 as hex, through OpenSSL: asset names, manifests, content hashes.
#pragma once

#include <cstddef>
#include <string>

namespace thidua::text {

/// The first `hex_chars` hex digits of the SHA-256 of `bytes`.
std::string content_hash(const std::string& bytes, std::size_t hex_chars = 64);

}  // namespace thidua::text
