// Holds a file open as Excel holds a workbook it has open: no other program
// may open it (no sharing), for the given milliseconds. For
// tests/windows_test.sh, under Wine: hold.exe FILE MILLISECONDS
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

int wmain(int argc, wchar_t** argv) {
  if (argc != 3) return 2;
  HANDLE h = CreateFileW(argv[1], GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                         FILE_ATTRIBUTE_NORMAL, NULL);
  if (h == INVALID_HANDLE_VALUE) return 1;
  printf("holding\n");
  fflush(stdout);
  Sleep((DWORD)_wtoi(argv[2]));
  CloseHandle(h);
  return 0;
}
