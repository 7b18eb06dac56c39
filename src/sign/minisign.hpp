// Signatures in minisign's format (https://jedisct1.github.io/minisign/), so
// that a tool we did not write checks what thidua signs: Ed25519 over the
// BLAKE2b-512 of the file, and a second signature binding the trusted
// comment. Keys are minisign's own files (`minisign -G`), their secret part
// encrypted with scrypt. All cryptography is OpenSSL's; this file only lays
// out the bytes.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "text/messages.hpp"

namespace thidua::sign {

using KeyId = std::array<std::uint8_t, 8>;

struct PublicKey {
  KeyId id{};
  std::array<std::uint8_t, 32> key{};
};

struct SecretKey {
  KeyId id{};
  std::array<std::uint8_t, 32> seed{};  ///< Ed25519 private key
  std::array<std::uint8_t, 32> public_key{};
};

/// The key id as minisign prints it: hex, no leading zeros ("C168DCF6A4289BE6",
/// "30EC583938F58BF").
std::string key_id_hex(const KeyId& id);

/// A public key file (an "untrusted comment:" line, then the key in base64),
/// or the base64 line alone, as `minisign -P` takes it. nullopt with `error`
/// set when it is not one.
std::optional<PublicKey> parse_public_key(std::string_view text, text::Message* error);
/// The base64 line of a public key (what `-P` takes and site.json names).
std::string public_key_base64(const PublicKey& key);
/// A public key file, as minisign writes it.
std::string public_key_file(const PublicKey& key);

/// True when the secret key file is encrypted (needs a password).
bool secret_key_encrypted(std::string_view text);
/// A secret key file of `minisign -G` (scrypt-encrypted: `password` opens it)
/// or `minisign -G -W` (not encrypted). A wrong password is an error, told
/// by the key not matching its own public half.
std::optional<SecretKey> parse_secret_key(std::string_view text, const std::string& password,
                                          text::Message* error);

/// A signature file (.minisig) of `message`. Neither comment may hold a line
/// break.
std::string sign(const SecretKey& key, std::string_view message, const std::string& trusted_comment,
                 const std::string& untrusted_comment);

struct Verification {
  bool ok = false;
  std::string trusted_comment;  ///< when ok
  text::Message error;          ///< when not
};
/// Checks a signature file against `message` and `key`: the key id, the
/// signature of the file and the one of its trusted comment.
Verification verify(const PublicKey& key, std::string_view message, std::string_view signature);

/// The id of the key that made a signature file, without checking it.
std::optional<KeyId> signature_key_id(std::string_view signature);

}  // namespace thidua::sign
