# thidua.exe: the dependencies as static libraries from THIDUA_WINDOWS_PREFIX
# (scripts/windows-deps builds them from Debian's source packages), under the
# target names the Linux build gets from Debian's packages. Included by
# CMakeLists.txt when cross-compiling with cmake/mingw-toolchain.cmake.
set(P ${THIDUA_WINDOWS_PREFIX})

find_package(nlohmann_json 3.11 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(simdjson REQUIRED CONFIG)
set(THIDUA_THREADS Threads::Threads)
find_package(Threads REQUIRED)

# One imported static library: NAME, FILE, then DEFINES… and LIBS… lists.
function(thidua_static name file)
  cmake_parse_arguments(A "" "" "DEFINES;LIBS" ${ARGN})
  if(NOT EXISTS ${file})
    message(FATAL_ERROR "${file} is missing: run scripts/windows-deps first")
  endif()
  add_library(${name} STATIC IMPORTED GLOBAL)
  set_target_properties(${name} PROPERTIES IMPORTED_LOCATION ${file}
    INTERFACE_INCLUDE_DIRECTORIES ${P}/include
    INTERFACE_COMPILE_DEFINITIONS "${A_DEFINES}" INTERFACE_LINK_LIBRARIES "${A_LIBS}")
endfunction()

thidua_static(thidua_zlib ${P}/lib/libz.a)
thidua_static(ICU::data ${P}/lib/libsicudt.a)
thidua_static(ICU::uc ${P}/lib/libsicuuc.a DEFINES U_STATIC_IMPLEMENTATION LIBS ICU::data advapi32)
thidua_static(ICU::i18n ${P}/lib/libsicuin.a DEFINES U_STATIC_IMPLEMENTATION LIBS ICU::uc)
thidua_static(OpenSSL::Crypto ${P}/lib/libcrypto.a LIBS ws2_32 crypt32 bcrypt)
thidua_static(LibArchive::LibArchive ${P}/lib/libarchive_static.a DEFINES LIBARCHIVE_STATIC
  LIBS thidua_zlib bcrypt)
thidua_static(EXPAT::EXPAT ${P}/lib/libexpat.a DEFINES XML_STATIC)
thidua_static(PkgConfig::CMARK ${P}/lib/libcmark-gfm.a DEFINES CMARK_GFM_STATIC_DEFINE
  CMARK_GFM_EXTENSIONS_STATIC_DEFINE)
thidua_static(thidua_cmark_extensions ${P}/lib/libcmark-gfm-extensions.a LIBS PkgConfig::CMARK)
set(CMARK_EXTENSIONS thidua_cmark_extensions)
thidua_static(PkgConfig::XLSXWRITER ${P}/lib/libxlsxwriter.a LIBS thidua_zlib)
# cpp-httplib as its single header (no TLS: serve speaks to this machine).
add_library(PkgConfig::HTTPLIB INTERFACE IMPORTED GLOBAL)
set_target_properties(PkgConfig::HTTPLIB PROPERTIES INTERFACE_INCLUDE_DIRECTORIES ${P}/include
  INTERFACE_LINK_LIBRARIES "ws2_32;psapi")

# Needs nothing but Windows: the C and C++ runtimes and winpthreads linked
# in; stripped, and no link time in its header (the same commit, the same bytes).
add_link_options(-static -static-libgcc -static-libstdc++ -s -Wl,--no-insert-timestamp)
# Windows 10 and later (the file and console calls thidua uses).
add_compile_definitions(_WIN32_WINNT=0x0A00 WINVER=0x0A00 UNICODE _UNICODE)
