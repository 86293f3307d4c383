# Helpers that give every core target the same shape: static library, the repository
# root as include root ("core/util/error.h"), warnings, and the shared LibTorch
# precompiled header for targets that include LibTorch.

set(LW_WARNINGS -Wall -Wextra -Wno-unused-parameter)

# The precompiled header is built once, by this target, and reused by every target
# that names TORCH below; that keeps a rebuild of one file at a few seconds.
add_library(lw_torch_pch STATIC ${CMAKE_SOURCE_DIR}/core/util/torch_pch.cpp)
target_link_libraries(lw_torch_pch PUBLIC torch fmt::fmt nlohmann_json::nlohmann_json)
target_include_directories(lw_torch_pch PUBLIC ${CMAKE_SOURCE_DIR})
target_precompile_headers(lw_torch_pch PRIVATE ${CMAKE_SOURCE_DIR}/core/util/torch_pch.h)

function(lw_use_torch_pch target)
  target_precompile_headers(${target} REUSE_FROM lw_torch_pch)
  # The header is compiled for a (position-independent) library; GCC ignores it, and
  # parses LibTorch's headers again, in objects built with other code-model flags, such
  # as an executable's -fPIE. -fPIC, given after it, wins and links into a PIE as well.
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "EXECUTABLE")
    target_compile_options(${target} PRIVATE -fPIC)
  endif()
endfunction()

# lw_core_library(<name> SOURCES <files...> [TORCH] [DEPS <public deps>] [PRIVATE_DEPS <deps>])
function(lw_core_library name)
  cmake_parse_arguments(ARG "TORCH" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${CMAKE_SOURCE_DIR})
  target_compile_options(${name} PRIVATE ${LW_WARNINGS})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  if(ARG_TORCH)
    target_link_libraries(${name} PUBLIC torch)
    lw_use_torch_pch(${name})
  endif()
endfunction()

# lw_add_qtest(<name> SOURCES <files...> [LIBS <libs...>] [LABELS <labels...>] [TIMEOUT s] [TORCH])
# One Qt Test class per program, run by ctest offscreen with the source and shared data
# folders passed in, so tests find fixtures without guessing paths.
function(lw_add_qtest name)
  cmake_parse_arguments(ARG "TORCH" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES} ${CMAKE_SOURCE_DIR}/tests/blas_for_tests.cpp)
  target_link_libraries(${name} PRIVATE Qt6::Test lw_util ${ARG_LIBS})
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR} ${CMAKE_SOURCE_DIR}/tests)
  target_compile_options(${name} PRIVATE ${LW_WARNINGS})
  target_compile_definitions(${name} PRIVATE
    LW_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
    LW_BINARY_DIR="${CMAKE_BINARY_DIR}")
  if(ARG_TORCH)
    lw_use_torch_pch(${name})
  endif()
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  add_test(NAME ${name} COMMAND ${name})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  if(NOT ARG_LABELS)
    set(ARG_LABELS core)
  endif()
  set_tests_properties(${name} PROPERTIES
    LABELS "${ARG_LABELS}"
    TIMEOUT ${ARG_TIMEOUT}
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LW_SHARED_DATA=${LW_SHARED_DATA_DIR};LLMWB_BIN_DIR=${CMAKE_BINARY_DIR}/bin")
endfunction()
