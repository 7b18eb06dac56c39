// thidua-release-sign FILE KEY "TRUSTED COMMENT" [PUB]: FILE.minisig, in
// minisign's format, made with thidua's own signing (src/sign/) and the
// secret key KEY (its password from THIDUA_SIGN_PASSWORD when encrypted);
// with PUB, the key's public half written there as minisign writes it. For
// scripts/release, which signs dist/SHA256SUMS; not installed. Ed25519 is
// deterministic: the same file, key and comment give the same signature.
#include <cstdlib>
#include <iostream>

#include "platform/files.hpp"
#include "platform/paths.hpp"
#include "sign/minisign.hpp"

int main(int argc, char** argv) {
  using namespace thidua;
  if (argc != 4 && argc != 5) {
    std::cerr
        << "usage: thidua-release-sign FILE SECRET-KEY \"TRUSTED COMMENT\" [PUBLIC-KEY-OUT]\n";
    return 2;
  }
  const std::string file = argv[1], key_file = argv[2], comment = argv[3];
  platform::Error e;
  const auto key_text = platform::read_small_file(platform::path_of(key_file), 4096, &e);
  if (!key_text) {
    std::cerr << "thidua-release-sign: " << key_file << ": cannot read it ("
              << (e.message.empty() ? "too large" : e.message) << ")\n";
    return 1;
  }
  const char* password = std::getenv("THIDUA_SIGN_PASSWORD");
  text::Message error;
  const auto key = sign::parse_secret_key(*key_text, password ? password : "", &error);
  if (!key) {
    std::cerr << "thidua-release-sign: " << key_file << ": " << error.in(text::Language::kEn)
              << '\n';
    return 1;
  }
  const auto bytes = platform::read_small_file(platform::path_of(file), std::size_t{1} << 30, &e);
  if (!bytes) {
    std::cerr << "thidua-release-sign: " << file << ": cannot read it (" << e.message << ")\n";
    return 1;
  }
  const std::string signature = sign::sign(
      *key, *bytes, comment, "signature from thidua secret key " + sign::key_id_hex(key->id));
  auto write = [](const std::string& path, const std::string& text) {
    platform::Error w;
    auto out = platform::TempFile::beside(platform::path_of(path), &w);
    if (!out || !out->file().write_all(text, &w) || !out->file().set_default_access(&w) ||
        !out->file().close(&w) ||
        !platform::rename(platform::path_of(out->path()), platform::path_of(path), &w)) {
      std::cerr << "thidua-release-sign: cannot write " << path << ": " << w.message << '\n';
      return false;
    }
    out->keep();
    return true;
  };
  if (!write(file + ".minisig", signature)) return 1;
  if (argc == 5 && !write(argv[4], sign::public_key_file({key->id, key->public_key}))) return 1;
  return 0;
}
