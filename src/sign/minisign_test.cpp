// minisign's format, checked against Debian's minisign both ways: it accepts
// what thidua signs with its keys, thidua accepts what it signs.
#include "sign/minisign.hpp"
#include "platform/files.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
using namespace thidua;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = platform::make_temp_folder(fs::temp_directory_path(), "thidua-minisign-", nullptr);
    REQUIRE(!path.empty());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
void write(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}
int run(const std::string& command) { return std::system((command + " >/dev/null 2>&1").c_str()); }

const std::string kManifest = "{\n  \"files\": { \"index.html\": \"9f86d081884c7d65\" }\n}\n";

}  // namespace

TEST_CASE("minisign accepts what thidua signs, and thidua what minisign signs") {
  TempDir d;
  const std::string dir = d.path.string();
  REQUIRE(run("minisign -G -W -p " + dir + "/key.pub -s " + dir + "/key.sec") == 0);
  thidua::text::Message error;
  const auto secret = sign::parse_secret_key(read(d.path / "key.sec"), "", &error);
  REQUIRE_MESSAGE(secret, error.in(thidua::text::Language::kEn));
  const auto pub = sign::parse_public_key(read(d.path / "key.pub"), &error);
  REQUIRE_MESSAGE(pub, error.in(thidua::text::Language::kEn));
  CHECK(pub->id == secret->id);
  CHECK(pub->key == secret->public_key);
  // The id minisign printed in the public key's comment.
  CHECK(read(d.path / "key.pub").find("minisign public key " + sign::key_id_hex(pub->id)) !=
        std::string::npos);
  CHECK(sign::public_key_file(*pub) == read(d.path / "key.pub"));

  write(d.path / "manifest.json", kManifest);
  const std::string comment = "Tỉnh đoàn · 2025-h1 · content 3f2a";
  write(d.path / "manifest.json.minisig",
        sign::sign(*secret, kManifest, comment, "signature from thidua"));
  CHECK(run("minisign -Vm " + dir + "/manifest.json -p " + dir + "/key.pub") == 0);
  CHECK(run("minisign -Vm " + dir + "/manifest.json -P " + sign::public_key_base64(*pub)) == 0);
  auto v = sign::verify(*pub, kManifest, read(d.path / "manifest.json.minisig"));
  CHECK(v.ok);
  CHECK(v.trusted_comment == comment);

  // minisign signs, thidua checks (both the prehashed default and -l legacy).
  write(d.path / "other.json", kManifest + " ");
  REQUIRE(run("minisign -S -s " + dir + "/key.sec -m " + dir + "/other.json -t 'kỳ 2024'") == 0);
  v = sign::verify(*pub, kManifest + " ", read(d.path / "other.json.minisig"));
  CHECK_MESSAGE(v.ok, v.error.in(thidua::text::Language::kEn));
  CHECK(v.trusted_comment == "kỳ 2024");
  REQUIRE(run("minisign -S -l -s " + dir + "/key.sec -m " + dir + "/other.json -x " + dir +
              "/legacy.minisig") == 0);
  CHECK(sign::verify(*pub, kManifest + " ", read(d.path / "legacy.minisig")).ok);

  // Tampering: the file, the trusted comment, another key.
  const std::string sig = read(d.path / "manifest.json.minisig");
  v = sign::verify(*pub, kManifest + "\n", sig);
  CHECK_FALSE(v.ok);
  CHECK(v.error.in(thidua::text::Language::kEn).find("changed after it was signed") !=
        std::string::npos);
  std::string forged = sig;
  forged.replace(forged.find("2025-h1"), 7, "2025-h2");
  v = sign::verify(*pub, kManifest, forged);
  CHECK_FALSE(v.ok);
  CHECK(v.error.in(thidua::text::Language::kEn) ==
        "the trusted comment was changed after it was signed");
  write(d.path / "forged.minisig", forged);
  CHECK(run("minisign -Vm " + dir + "/manifest.json -p " + dir + "/key.pub -x " + dir +
            "/forged.minisig") != 0);  // minisign agrees
  REQUIRE(run("minisign -G -W -p " + dir + "/b.pub -s " + dir + "/b.sec") == 0);
  const auto other = sign::parse_public_key(read(d.path / "b.pub"), &error);
  REQUIRE(other);
  v = sign::verify(*other, kManifest, sig);
  CHECK_FALSE(v.ok);
  CHECK(v.error.in(thidua::text::Language::kEn) == "signed by key " + sign::key_id_hex(pub->id) +
                                                       ", not by the given key " +
                                                       sign::key_id_hex(other->id));
  // A key whose id is copied but whose key differs: the signature fails.
  sign::PublicKey impostor = *other;
  impostor.id = pub->id;
  CHECK_FALSE(sign::verify(impostor, kManifest, sig).ok);
  CHECK(sign::signature_key_id(sig) == pub->id);
  CHECK_FALSE(sign::verify(*pub, kManifest, "untrusted comment: x\nAAAA\n").ok);
  CHECK_FALSE(sign::parse_public_key("untrusted comment: x\nnot base64!\n", &error));
}

TEST_CASE("an encrypted minisign key opens with its password only") {
  TempDir d;
  const std::string dir = d.path.string();
  // minisign reads the password (twice) from a pipe when it is not a terminal.
  REQUIRE(run("printf 'mật khẩu\\nmật khẩu\\n' | minisign -G -p " + dir + "/k.pub -s " + dir +
              "/k.sec") == 0);
  const std::string text = read(d.path / "k.sec");
  CHECK(sign::secret_key_encrypted(text));
  thidua::text::Message error;
  CHECK_FALSE(sign::parse_secret_key(text, "mat khau", &error));
  CHECK(error.in(thidua::text::Language::kEn) == "wrong password for the secret key");
  const auto key = sign::parse_secret_key(text, "mật khẩu", &error);
  REQUIRE_MESSAGE(key, error.in(thidua::text::Language::kEn));
  const auto pub = sign::parse_public_key(read(d.path / "k.pub"), &error);
  REQUIRE(pub);
  write(d.path / "m", kManifest);
  write(d.path / "m.minisig", sign::sign(*key, kManifest, "t", "u"));
  CHECK(run("minisign -Vm " + dir + "/m -p " + dir + "/k.pub") == 0);
}
