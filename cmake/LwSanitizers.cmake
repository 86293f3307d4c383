# Sanitizer and fuzzing builds (README, "Fuzzing and sanitizers"). Each lives in a build
# folder of its own: the flags apply to every target, LibTorch's precompiled header
# included, so objects of a sanitized build never mix with those of the normal one.
#
#   LW_SANITIZE=address,undefined   any -fsanitize= list, GCC or clang (.ci/sanitize.sh)
#   LW_FUZZ=ON                      clang only: the libFuzzer targets of tests/fuzz, with
#                                   address,undefined and coverage on every library they link
#
# The targets named in LW_UNSANITIZED_TARGETS keep the plain flags: the sentencepiece
# module (lw_spm) is opened with RTLD_DEEPBIND (see ENVIRONMENT.md), which the
# AddressSanitizer runtime refuses, so it is never instrumented and a sanitized process
# cannot load it: the tests that need it are left out of sanitized runs.
set(LW_SANITIZE "" CACHE STRING "Sanitizers for every target, as for -fsanitize= (e.g. address,undefined)")
option(LW_FUZZ "Build the libFuzzer targets in tests/fuzz (needs clang; implies LW_SANITIZE=address,undefined)" OFF)

if(LW_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "LW_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++ "
                        "-DCMAKE_C_COMPILER=clang in a build folder of its own (Debian: apt-get install clang)")
  endif()
  if(NOT LW_SANITIZE)
    set(LW_SANITIZE address,undefined)
  endif()
endif()

if(LW_SANITIZE)
  set(LW_UNSANITIZED_TARGETS lw_spm)
  set(lw_instrumented "$<NOT:$<IN_LIST:$<TARGET_PROPERTY:NAME>,${LW_UNSANITIZED_TARGETS}>>")
  set(lw_sanitizer_flags -fsanitize=${LW_SANITIZE} -fno-omit-frame-pointer)
  if(LW_SANITIZE MATCHES "undefined")
    # Undefined behaviour ends the program, as a crash would: a test cannot pass over it.
    list(APPEND lw_sanitizer_flags -fno-sanitize-recover=undefined)
  endif()
  if(LW_FUZZ)
    # Coverage feedback from every library the fuzz targets link, not only their own code.
    list(APPEND lw_sanitizer_flags -fsanitize=fuzzer-no-link)
  endif()
  foreach(flag IN LISTS lw_sanitizer_flags)
    add_compile_options("$<${lw_instrumented}:${flag}>")
  endforeach()
  add_link_options("$<${lw_instrumented}:-fsanitize=${LW_SANITIZE}>")
  message(STATUS "Sanitizers: ${LW_SANITIZE}")
endif()
