# Writes OUTPUT, thidua's man page (gzip -9n, as Debian keeps man pages),
# made by help2man from `thidua --help` and each command's `--help`, dated by
# the commit (SOURCE_DATE_EPOCH) so that the same commit gives the same page.
# cmake -DTHIDUA=<binary> -DOUTPUT=<file.1.gz> -DCOMMIT_HPP=<commit.hpp> -DWORK=<dir> -P man.cmake
find_program(HELP2MAN help2man REQUIRED)
find_program(GZIP gzip REQUIRED)
set(include "[DESCRIPTION]\nthidua turns a content folder (units, scoring schemes, scores per period,\ninspection visits, documents) into a static site: a dashboard per period,\na scorecard per unit, each unit's history, the documents, open data,\nsearch and feeds, for a public website, an intranet, or an archive that\nopens from disk.\n\n[COMMANDS]\n")
foreach(cmd build check archive verify template serve new)
  # The man page is English (section 1 of Debian's manual); thidua's help
  # follows the locale otherwise.
  execute_process(COMMAND ${THIDUA} --lang en ${cmd} --help OUTPUT_VARIABLE help RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "thidua ${cmd} --help failed")
  endif()
  # A line starting with a dot or a quote would be a roff request: none does.
  if(help MATCHES "(^|\n)[.']")
    message(FATAL_ERROR "thidua ${cmd} --help has a line starting with . or ': escape it here")
  endif()
  string(APPEND include ".SS \"thidua ${cmd}\"\n.nf\n${help}.fi\n")
endforeach()
string(APPEND include "\n[EXIT STATUS]\n0 done; 1 the content has errors (every one is printed as\npath:line:col: error: ...), or a snapshot does not match; 2 a usage error;\n3 the system refused a read or write, or an output thidua will not replace.\n\n[SEE ALSO]\nThe documentation in the docs/ folder of thidua's source.\n")
file(WRITE ${WORK}/thidua.h2m "${include}")
file(STRINGS ${COMMIT_HPP} time_line REGEX "THIDUA_COMMIT_TIME")
string(REGEX REPLACE ".* ([0-9]+)$" "\\1" date "${time_line}")
set(ENV{SOURCE_DATE_EPOCH} ${date})
execute_process(COMMAND ${HELP2MAN} --no-info --no-discard-stderr --section 1
                        "--help-option=--lang en --help" "--version-option=--lang en --version"
                        --name "publish the inspection and competition results of Youth Union units as a static site"
                        --include ${WORK}/thidua.h2m --output ${WORK}/thidua.1 ${THIDUA}
                RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "help2man failed")
endif()
execute_process(COMMAND ${GZIP} -9n -c ${WORK}/thidua.1 OUTPUT_FILE ${OUTPUT} RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "gzip failed")
endif()
