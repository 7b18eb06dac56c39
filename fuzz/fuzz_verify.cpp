// libFuzzer target: arbitrary bytes as a snapshot zip given to thidua verify
// (entry names and types, folder entries, the manifest, declared and real
// sizes, hashes). Seeds: small snapshots made by fuzz/corpus/make_verify.py.
#include <cstdint>
#include <string_view>

#include "output/archive.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  thidua::output::verify_zip_bytes("fuzz.zip",
                                   std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
