#include "sign/minisign.hpp"

#include <openssl/evp.h>
#include <openssl/kdf.h>

#include <cctype>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace thidua::sign {
namespace {

using Bytes = std::vector<std::uint8_t>;

constexpr std::string_view kUntrusted = "untrusted comment: ";
constexpr std::string_view kTrusted = "trusted comment: ";

std::string base64(const std::uint8_t* data, std::size_t n) {
  std::string out(4 * ((n + 2) / 3), '\0');
  const int len =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(n));
  out.resize(static_cast<std::size_t>(len));
  return out;
}

/// Strict base64 (padding required, nothing else on the line).
std::optional<Bytes> unbase64(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0 || text.size() > 4096) return std::nullopt;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool pad =
        c == '=' && i + 2 >= text.size() && (i + 1 == text.size() || text[i + 1] == '=');
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || pad))
      return std::nullopt;
  }
  Bytes out(text.size() / 4 * 3);
  const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  std::size_t len = static_cast<std::size_t>(n);
  if (text.ends_with("=="))
    len -= 2;
  else if (text.ends_with("="))
    len -= 1;
  out.resize(len);
  return out;
}

/// The lines of a key or signature file, without their line ends.
std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (line.ends_with('\r')) line.remove_suffix(1);
    out.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

std::array<std::uint8_t, 64> blake2b512(std::string_view message) {
  std::array<std::uint8_t, 64> out{};
  unsigned int n = 0;
  EVP_Digest(message.data(), message.size(), out.data(), &n, EVP_blake2b512(), nullptr);
  return out;
}

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

std::array<std::uint8_t, 64> ed25519_sign(const SecretKey& key, const std::uint8_t* msg,
                                          std::size_t n) {
  std::array<std::uint8_t, 64> sig{};
  std::unique_ptr<EVP_PKEY, PkeyFree> pkey(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, key.seed.data(), key.seed.size()));
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  std::size_t len = sig.size();
  if (!pkey || !ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1 ||
      EVP_DigestSign(ctx.get(), sig.data(), &len, msg, n) != 1)
    sig.fill(0);  // cannot happen with a 32-byte seed; a zero signature never verifies
  return sig;
}

bool ed25519_verify(const std::array<std::uint8_t, 32>& pk, const std::uint8_t* sig,
                    const std::uint8_t* msg, std::size_t n) {
  std::unique_ptr<EVP_PKEY, PkeyFree> pkey(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, pk.data(), pk.size()));
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  return pkey && ctx &&
         EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) == 1 &&
         EVP_DigestVerify(ctx.get(), sig, 64, msg, n) == 1;
}

std::optional<std::array<std::uint8_t, 32>> public_of(const std::array<std::uint8_t, 32>& seed) {
  std::unique_ptr<EVP_PKEY, PkeyFree> pkey(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
  std::array<std::uint8_t, 32> pk{};
  std::size_t len = pk.size();
  if (!pkey || EVP_PKEY_get_raw_public_key(pkey.get(), pk.data(), &len) != 1 || len != 32)
    return std::nullopt;
  return pk;
}

std::uint64_t le64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

/// scrypt as libsodium's crypto_pwhash_scryptsalsa208sha256 derives it from
/// minisign's opslimit and memlimit (its parameter choice, not a cipher).
bool scrypt(const std::string& password, const std::uint8_t* salt, std::uint64_t opslimit,
            std::uint64_t memlimit, std::uint8_t* out, std::size_t n) {
  if (opslimit < 32768) opslimit = 32768;
  const std::uint64_t r = 8;
  std::uint64_t p = 1, n_log2 = 1;
  if (opslimit < memlimit / 32) {
    const std::uint64_t max_n = opslimit / (r * 4);
    for (n_log2 = 1; n_log2 < 63; ++n_log2)
      if ((std::uint64_t{1} << n_log2) > max_n / 2) break;
  } else {
    const std::uint64_t max_n = memlimit / (r * 128);
    for (n_log2 = 1; n_log2 < 63; ++n_log2)
      if ((std::uint64_t{1} << n_log2) > max_n / 2) break;
    std::uint64_t max_rp = (opslimit / 4) / (std::uint64_t{1} << n_log2);
    if (max_rp > 0x3fffffff) max_rp = 0x3fffffff;
    p = max_rp / r;
  }
  if (n_log2 > 24 || p == 0 || p > 16) return false;  // beyond any key minisign makes
  const std::uint64_t cost = std::uint64_t{1} << n_log2;
  const std::uint64_t maxmem = 128 * r * (cost + p + 2) + (std::uint64_t{1} << 20);
  return EVP_PBE_scrypt(password.data(), password.size(), salt, 32, cost, r, p, maxmem, out, n) ==
         1;
}

}  // namespace

std::string key_id_hex(const KeyId& id) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%llX", static_cast<unsigned long long>(le64(id.data())));
  return buf;
}

std::optional<PublicKey> parse_public_key(std::string_view text, text::Message* error) {
  std::vector<std::string_view> lines = lines_of(text);
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.size() == 2 && lines[0].starts_with(kUntrusted)) lines.erase(lines.begin());
  std::optional<Bytes> raw;
  if (lines.size() == 1) raw = unbase64(lines[0]);
  if (!raw || raw->size() != 42 || (*raw)[0] != 'E' || (*raw)[1] != 'd') {
    *error = text::Message("key-not-public");
    return std::nullopt;
  }
  PublicKey k;
  std::memcpy(k.id.data(), raw->data() + 2, 8);
  std::memcpy(k.key.data(), raw->data() + 10, 32);
  return k;
}

std::string public_key_base64(const PublicKey& key) {
  std::uint8_t raw[42] = {'E', 'd'};
  std::memcpy(raw + 2, key.id.data(), 8);
  std::memcpy(raw + 10, key.key.data(), 32);
  return base64(raw, sizeof raw);
}

std::string public_key_file(const PublicKey& key) {
  return std::string(kUntrusted) + "minisign public key " + key_id_hex(key.id) + "\n" +
         public_key_base64(key) + "\n";
}

namespace {

// The secret key file's layout: sig_alg "Ed", kdf_alg ("Sc" or two zeros),
// chk_alg "B2", salt[32], opslimit and memlimit (little-endian 64-bit), then
// keynum[8] sk[64] chk[32], that last 104 bytes XORed with scrypt's output.
constexpr std::size_t kSecretSize = 2 + 2 + 2 + 32 + 8 + 8 + 104;

std::optional<Bytes> secret_bytes(std::string_view text) {
  std::vector<std::string_view> lines = lines_of(text);
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.size() != 2 || !lines[0].starts_with(kUntrusted)) return std::nullopt;
  auto raw = unbase64(lines[1]);
  if (!raw || raw->size() != kSecretSize || (*raw)[0] != 'E' || (*raw)[1] != 'd' ||
      (*raw)[4] != 'B' || (*raw)[5] != '2')
    return std::nullopt;
  return raw;
}

}  // namespace

bool secret_key_encrypted(std::string_view text) {
  auto raw = secret_bytes(text);
  return raw && (*raw)[2] == 'S' && (*raw)[3] == 'c';
}

std::optional<SecretKey> parse_secret_key(std::string_view text, const std::string& password,
                                          text::Message* error) {
  auto raw = secret_bytes(text);
  if (!raw) {
    *error = text::Message("key-not-secret");
    return std::nullopt;
  }
  Bytes& b = *raw;
  std::uint8_t* keynum_sk = b.data() + 54;
  if (b[2] == 'S' && b[3] == 'c') {
    std::uint8_t stream[104];
    if (!scrypt(password, b.data() + 6, le64(b.data() + 38), le64(b.data() + 46), stream,
                sizeof stream)) {
      *error = text::Message("key-scrypt-range");
      return std::nullopt;
    }
    for (std::size_t i = 0; i < sizeof stream; ++i) keynum_sk[i] ^= stream[i];
  } else if (b[2] != 0 || b[3] != 0) {
    *error = text::Message("key-unknown-encryption");
    return std::nullopt;
  }
  SecretKey k;
  std::memcpy(k.id.data(), keynum_sk, 8);
  std::memcpy(k.seed.data(), keynum_sk + 8, 32);
  std::memcpy(k.public_key.data(), keynum_sk + 40, 32);
  // The key's two halves agree only when it was decrypted with its password.
  const auto derived = public_of(k.seed);
  if (!derived || *derived != k.public_key) {
    *error = text::Message(b[2] == 'S' ? "key-wrong-password" : "key-damaged");
    return std::nullopt;
  }
  return k;
}

std::string sign(const SecretKey& key, std::string_view message, const std::string& trusted_comment,
                 const std::string& untrusted_comment) {
  const auto hash = blake2b512(message);
  std::uint8_t sig_block[74] = {'E', 'D'};  // "ED": the file prehashed with BLAKE2b-512
  std::memcpy(sig_block + 2, key.id.data(), 8);
  const auto sig = ed25519_sign(key, hash.data(), hash.size());
  std::memcpy(sig_block + 10, sig.data(), 64);
  Bytes global(sig.begin(), sig.end());
  global.insert(global.end(), trusted_comment.begin(), trusted_comment.end());
  const auto global_sig = ed25519_sign(key, global.data(), global.size());
  return std::string(kUntrusted) + untrusted_comment + "\n" + base64(sig_block, sizeof sig_block) +
         "\n" + std::string(kTrusted) + trusted_comment + "\n" +
         base64(global_sig.data(), global_sig.size()) + "\n";
}

namespace {

struct ParsedSignature {
  std::string algorithm;
  KeyId id{};
  std::array<std::uint8_t, 64> sig{}, global{};
  std::string trusted_comment;
};

std::optional<ParsedSignature> parse_signature(std::string_view text) {
  std::vector<std::string_view> lines = lines_of(text);
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.size() != 4 || !lines[0].starts_with(kUntrusted) || !lines[2].starts_with(kTrusted))
    return std::nullopt;
  auto block = unbase64(lines[1]);
  auto global = unbase64(lines[3]);
  if (!block || block->size() != 74 || !global || global->size() != 64) return std::nullopt;
  ParsedSignature s;
  s.algorithm.assign(block->begin(), block->begin() + 2);
  std::memcpy(s.id.data(), block->data() + 2, 8);
  std::memcpy(s.sig.data(), block->data() + 10, 64);
  std::memcpy(s.global.data(), global->data(), 64);
  s.trusted_comment = std::string(lines[2].substr(kTrusted.size()));
  return s;
}

}  // namespace

std::optional<KeyId> signature_key_id(std::string_view signature) {
  auto s = parse_signature(signature);
  if (!s) return std::nullopt;
  return s->id;
}

Verification verify(const PublicKey& key, std::string_view message, std::string_view signature) {
  Verification v;
  auto s = parse_signature(signature);
  if (!s) {
    v.error = text::Message("sig-not-signature");
    return v;
  }
  if (s->id != key.id) {
    v.error = text::Message("sig-other-key",
                            {{"signer", key_id_hex(s->id)}, {"key", key_id_hex(key.id)}});
    return v;
  }
  bool ok = false;
  if (s->algorithm == "ED") {
    const auto hash = blake2b512(message);
    ok = ed25519_verify(key.key, s->sig.data(), hash.data(), hash.size());
  } else if (s->algorithm == "Ed") {  // minisign's legacy signatures of the file itself
    ok = ed25519_verify(key.key, s->sig.data(),
                        reinterpret_cast<const std::uint8_t*>(message.data()), message.size());
  } else {
    v.error = text::Message("sig-algorithm", {{"algorithm", s->algorithm}});
    return v;
  }
  if (!ok) {
    v.error = text::Message("sig-mismatch");
    return v;
  }
  Bytes global(s->sig.begin(), s->sig.end());
  global.insert(global.end(), s->trusted_comment.begin(), s->trusted_comment.end());
  if (!ed25519_verify(key.key, s->global.data(), global.data(), global.size())) {
    v.error = text::Message("sig-comment-changed");
    return v;
  }
  v.ok = true;
  v.trusted_comment = s->trusted_comment;
  return v;
}

}  // namespace thidua::sign
