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
set_target_properties(lw_torch_pch PROPERTIES AUTOMOC OFF UNITY_BUILD OFF)

# Qt Test without the folders its usage requirements define (QT_TESTCASE_SOURCEDIR and
# _BUILDDIR, for QFINDTESTDATA, which no test uses): with precompiled headers ccache
# hashes every -D, so those paths would make a clone in another folder miss on every
# test compile unit.
function(lw_link_qt_test target scope)
  target_link_libraries(${target} ${scope} $<TARGET_FILE:Qt6::Test> Qt6::Core)
  target_include_directories(${target} ${scope} $<TARGET_PROPERTY:Qt6::Test,INTERFACE_INCLUDE_DIRECTORIES>)
  target_compile_definitions(${target} ${scope} QT_TESTLIB_LIB)
endfunction()

function(lw_use_torch_pch target)
  target_precompile_headers(${target} REUSE_FROM lw_torch_pch)
  # moc's output needs no LibTorch (and is empty where sources include their .moc):
  # loading the 640 MB header for it would cost 7 s per target.
  get_target_property(automoc ${target} AUTOMOC)
  if(automoc)
    set_source_files_properties(${CMAKE_CURRENT_BINARY_DIR}/${target}_autogen/mocs_compilation.cpp
                                TARGET_DIRECTORY ${target} PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
  endif()
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
# Records one Qt Test class (registered with LW_TEST_MAIN, tests/test_registry.h) for
# the folder's test program; lw_test_program() at the end of the folder builds it.
function(lw_add_qtest name)
  cmake_parse_arguments(ARG "TORCH" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  list(TRANSFORM ARG_SOURCES PREPEND ${CMAKE_CURRENT_SOURCE_DIR}/)
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  if(NOT ARG_LABELS)
    set(ARG_LABELS core)
  endif()
  set_property(DIRECTORY APPEND PROPERTY LW_TESTS ${name})
  set_property(DIRECTORY APPEND PROPERTY LW_TEST_SOURCES ${ARG_SOURCES})
  set_property(DIRECTORY APPEND PROPERTY LW_TEST_LIBS ${ARG_LIBS})
  set_property(DIRECTORY PROPERTY LW_TEST_${name}_TIMEOUT ${ARG_TIMEOUT})
  set_property(DIRECTORY PROPERTY LW_TEST_${name}_LABELS "${ARG_LABELS}")
  if(ARG_TORCH)
    set_property(DIRECTORY PROPERTY LW_TEST_TORCH ON)
  endif()
endfunction()

# lw_test_program(<program> [WIDGETS] [DEPENDS <targets...>])
# One program for the classes lw_add_qtest recorded in this folder, compiled as unity
# units; each class is a ctest test of its own (`<program> <name>`), run offscreen with
# the source and shared data folders passed in, so tests find fixtures without guessing.
function(lw_test_program program)
  cmake_parse_arguments(ARG "WIDGETS" "" "DEPENDS" ${ARGN})
  get_property(tests DIRECTORY PROPERTY LW_TESTS)
  get_property(sources DIRECTORY PROPERTY LW_TEST_SOURCES)
  get_property(libs DIRECTORY PROPERTY LW_TEST_LIBS)
  get_property(torch DIRECTORY PROPERTY LW_TEST_TORCH)
  add_executable(${program} ${sources} ${CMAKE_SOURCE_DIR}/tests/test_main.cpp
                 ${CMAKE_SOURCE_DIR}/tests/blas_for_tests.cpp ${CMAKE_SOURCE_DIR}/tests/test_paths.cpp)
  # The only compile unit with the folders in its text (test_paths.h says why).
  set_source_files_properties(${CMAKE_SOURCE_DIR}/tests/test_paths.cpp TARGET_DIRECTORY ${program}
    PROPERTIES SKIP_PRECOMPILE_HEADERS ON SKIP_UNITY_BUILD_INCLUSION ON
               COMPILE_DEFINITIONS "LW_SOURCE_DIR=\"${CMAKE_SOURCE_DIR}\";LW_BINARY_DIR=\"${CMAKE_BINARY_DIR}\"")
  # main() needs neither LibTorch nor the other tests' company.
  set_source_files_properties(${CMAKE_SOURCE_DIR}/tests/test_main.cpp TARGET_DIRECTORY ${program}
                              PROPERTIES SKIP_PRECOMPILE_HEADERS ON SKIP_UNITY_BUILD_INCLUSION ON)
  lw_link_qt_test(${program} PRIVATE)
  target_link_libraries(${program} PRIVATE lw_util ${libs})
  target_include_directories(${program} PRIVATE ${CMAKE_SOURCE_DIR} ${CMAKE_SOURCE_DIR}/tests
                             ${CMAKE_CURRENT_SOURCE_DIR})
  target_compile_options(${program} PRIVATE ${LW_WARNINGS})
  if(ARG_WIDGETS)
    target_link_libraries(${program} PRIVATE Qt6::Widgets)
    set_source_files_properties(${CMAKE_SOURCE_DIR}/tests/test_main.cpp TARGET_DIRECTORY ${program}
                                PROPERTIES COMPILE_DEFINITIONS LW_TEST_WIDGETS)
  endif()
  if(torch)
    lw_use_torch_pch(${program})
  endif()
  if(ARG_DEPENDS)
    add_dependencies(${program} ${ARG_DEPENDS})
  endif()
  set_target_properties(${program} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  foreach(name IN LISTS tests)
    get_property(timeout DIRECTORY PROPERTY LW_TEST_${name}_TIMEOUT)
    get_property(labels DIRECTORY PROPERTY LW_TEST_${name}_LABELS)
    add_test(NAME ${name} COMMAND ${program} ${name})
    set_tests_properties(${name} PROPERTIES
      LABELS "${labels}"
      TIMEOUT ${timeout}
      ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LW_SHARED_DATA=${LW_SHARED_DATA_DIR};LLMWB_BIN_DIR=${CMAKE_BINARY_DIR}/bin")
  endforeach()
endfunction()

# lw_fast_moc(): every target with AUTOMOC runs moc through
# cmake/moc_project_headers_only.sh.in, which keeps system folders (LibTorch, the
# standard library) out of moc's include path. Called once, at the end of the top
# CMakeLists.txt.
function(lw_fast_moc)
  if(NOT TARGET Qt6::moc)
    return()
  endif()
  get_target_property(LW_QT_MOC Qt6::moc IMPORTED_LOCATION)
  set(wrapper ${CMAKE_BINARY_DIR}/moc_project_headers_only.sh)
  configure_file(${CMAKE_SOURCE_DIR}/cmake/moc_project_headers_only.sh.in ${wrapper}
                 FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                                  WORLD_READ WORLD_EXECUTE
                 @ONLY)
  lw_use_moc_below(${CMAKE_SOURCE_DIR} ${wrapper})
endfunction()

function(lw_use_moc_below dir moc)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target IN LISTS targets)
    get_target_property(automoc ${target} AUTOMOC)
    if(automoc)
      set_target_properties(${target} PROPERTIES AUTOMOC_EXECUTABLE ${moc})
    endif()
  endforeach()
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(subdir IN LISTS subdirs)
    lw_use_moc_below(${subdir} ${moc})
  endforeach()
endfunction()

# Unity batches that a clone in another folder finds in ccache. CMake's own unity files
# (before CMake 3.32) include every source by its absolute path, which lands in the
# preprocessed text and so in ccache's key: a fresh clone elsewhere missed on every
# batch. These batches include the sources by their path below the repository root
# (an include root of every target), so their text is the same in every clone. Called
# once, at the end of the top CMakeLists, on every target that asks for a unity build.
function(lw_relocatable_unity)
  lw_relocatable_unity_below(${CMAKE_SOURCE_DIR})
endfunction()

function(lw_relocatable_unity_below dir)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "INTERFACE_LIBRARY" OR type STREQUAL "UTILITY")
      continue()
    endif()
    get_target_property(unity ${target} UNITY_BUILD)
    if(NOT unity)
      continue()
    endif()
    set_target_properties(${target} PROPERTIES UNITY_BUILD OFF)
    lw_write_unity_batches(${target})
  endforeach()
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(subdir IN LISTS subdirs)
    lw_relocatable_unity_below(${subdir})
  endforeach()
endfunction()

function(lw_write_unity_batches target)
  get_target_property(sources ${target} SOURCES)
  get_target_property(target_dir ${target} SOURCE_DIR)
  get_target_property(binary_dir ${target} BINARY_DIR)
  set(members "")
  set(content "")
  set(index 0)
  foreach(source IN LISTS sources)
    if(source MATCHES "^\\$<" OR NOT source MATCHES "\\.(cpp|cc|cxx)$")
      continue()
    endif()
    if(NOT IS_ABSOLUTE "${source}")
      set(source ${target_dir}/${source})
    endif()
    file(RELATIVE_PATH relative ${CMAKE_SOURCE_DIR} ${source})
    if(relative MATCHES "^\\.\\./")
      continue() # generated in the build folder (moc, resources): compiled on its own
    endif()
    # Sources with settings of their own compile on their own, as with CMake's unity build.
    # HEADER_FILE_ONLY counts unless a batch of another target set it (source properties
    # belong to a folder, not to a target: two targets of a folder may share a source).
    get_property(batched GLOBAL PROPERTY LW_UNITY_BATCHED_SOURCES)
    set(properties SKIP_UNITY_BUILD_INCLUSION GENERATED COMPILE_DEFINITIONS COMPILE_OPTIONS COMPILE_FLAGS
                   SKIP_PRECOMPILE_HEADERS)
    if(NOT source IN_LIST batched)
      list(APPEND properties HEADER_FILE_ONLY)
    endif()
    set(own FALSE)
    foreach(property IN LISTS properties)
      get_source_file_property(value ${source} TARGET_DIRECTORY ${target} ${property})
      if(value)
        set(own TRUE)
      endif()
    endforeach()
    if(own)
      continue()
    endif()
    list(APPEND members ${source})
    string(APPEND content "#include \"${relative}\"\n")
    list(LENGTH members count)
    if(count EQUAL LW_UNITY_BATCH_SIZE)
      lw_flush_unity_batch(${target} ${binary_dir} ${index} "${members}" "${content}")
      math(EXPR index "${index} + 1")
      set(members "")
      set(content "")
    endif()
  endforeach()
  list(LENGTH members count)
  if(count GREATER 1)
    lw_flush_unity_batch(${target} ${binary_dir} ${index} "${members}" "${content}")
  endif()
endfunction()

function(lw_flush_unity_batch target binary_dir index members content)
  set(batch ${binary_dir}/${target}_unity/unity_${index}.cpp)
  file(CONFIGURE OUTPUT ${batch} CONTENT "/* unity batch of ${target}, written by CMake */\n${content}")
  target_sources(${target} PRIVATE ${batch})
  target_include_directories(${target} PRIVATE ${CMAKE_SOURCE_DIR})
  set_source_files_properties(${members} TARGET_DIRECTORY ${target} PROPERTIES HEADER_FILE_ONLY ON)
  set_property(GLOBAL APPEND PROPERTY LW_UNITY_BATCHED_SOURCES ${members})
endfunction()
