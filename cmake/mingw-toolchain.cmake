# Cross-compiling for Windows (x86_64) with Debian's MinGW-w64, posix threads
# (g++-mingw-w64-x86-64-posix): used by scripts/windows-deps for the
# dependencies and by scripts/windows for thidua.exe. THIDUA_WINDOWS_PREFIX is
# where the dependencies are (scripts/windows-deps prints it).
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc-posix)
set(CMAKE_CXX_COMPILER x86_64-w64-mingw32-g++-posix)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)
set(CMAKE_AR x86_64-w64-mingw32-gcc-ar-posix CACHE FILEPATH "")
set(CMAKE_RANLIB x86_64-w64-mingw32-gcc-ranlib-posix CACHE FILEPATH "")

# try_compile projects read this file again without the cache: the prefix
# reaches them through the environment.
if(THIDUA_WINDOWS_PREFIX)
  set(ENV{THIDUA_WINDOWS_PREFIX} ${THIDUA_WINDOWS_PREFIX})
else()
  set(THIDUA_WINDOWS_PREFIX $ENV{THIDUA_WINDOWS_PREFIX})
endif()
set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32 ${THIDUA_WINDOWS_PREFIX})
set(CMAKE_PREFIX_PATH ${THIDUA_WINDOWS_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# pkg-config finds the Windows libraries' .pc files, never this machine's.
set(ENV{PKG_CONFIG_LIBDIR} ${THIDUA_WINDOWS_PREFIX}/lib/pkgconfig:${THIDUA_WINDOWS_PREFIX}/share/pkgconfig)
set(ENV{PKG_CONFIG_SYSROOT_DIR} "")
