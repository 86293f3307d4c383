# Every third-party dependency is found here, once, so that folders only name targets.
find_package(Torch REQUIRED)
find_package(Threads REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(fmt REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
find_package(PkgConfig REQUIRED)

# SQLite: the GPU machine has the runtime library but may lack the CMake module's
# expectations; SQLite3_INCLUDE_DIR/SQLite3_LIBRARY can point at unpacked headers.
find_package(SQLite3 REQUIRED)

pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
# sentencepiece is only ever linked into the runtime-loaded tokenizer module (see
# core/tokenizer/sentencepiece_module), never next to LibTorch.
pkg_check_modules(SENTENCEPIECE IMPORTED_TARGET sentencepiece)
pkg_check_modules(HTTPLIB IMPORTED_TARGET cpp-httplib)

# Data preparation (core/records, core/textfix, core/filter, core/ingest): Debian's
# libraries rather than hand-written ones; see ../shared/ENVIRONMENT.md.
pkg_check_modules(UCHARDET REQUIRED IMPORTED_TARGET uchardet)
pkg_check_modules(ICU REQUIRED IMPORTED_TARGET icu-uc icu-i18n)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(SNAPPY REQUIRED IMPORTED_TARGET snappy)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
pkg_check_modules(ZLIB REQUIRED IMPORTED_TARGET zlib)
# CLD2 ships neither a pkg-config file nor a CMake config.
find_path(CLD2_INCLUDE_DIR cld2/public/compact_lang_det.h REQUIRED)
find_library(CLD2_LIBRARY cld2 REQUIRED)
add_library(lw_cld2 INTERFACE)
target_include_directories(lw_cld2 INTERFACE ${CLD2_INCLUDE_DIR})
target_link_libraries(lw_cld2 INTERFACE ${CLD2_LIBRARY})

# LibTorch's interface flags carry the C++ ABI define; core targets add them through
# the torch target. Its libraries are found next to the config.
set(LW_TORCH_VERSION "${Torch_VERSION}")

# Multi-process training (core/distributed): LibTorch exports c10d's TCPStore and
# ProcessGroupGloo; its Gloo header needs USE_C10D_GLOO and Gloo's own headers.
find_path(GLOO_INCLUDE_DIR gloo/algorithm.h REQUIRED)
add_library(lw_c10d_gloo INTERFACE)
target_include_directories(lw_c10d_gloo INTERFACE ${GLOO_INCLUDE_DIR})
target_compile_definitions(lw_c10d_gloo INTERFACE USE_C10D_GLOO)

# at::parallel_for is, in LibTorch 1.x, an inline `#pragma omp parallel` compiled into
# the caller: without -fopenmp our own kernels (fused attention, decoding, norms) would
# run on one thread whatever the thread setting. Every target that uses the torch
# target therefore compiles and links with OpenMP, the same runtime (libgomp) LibTorch uses.
find_package(OpenMP COMPONENTS CXX)
if(OpenMP_CXX_FOUND)
  set_property(TARGET torch APPEND PROPERTY INTERFACE_LINK_LIBRARIES OpenMP::OpenMP_CXX)
else()
  message(WARNING "OpenMP not found: parallel kernels will run on one thread")
endif()
message(STATUS "LibTorch ${Torch_VERSION} at ${TORCH_INSTALL_PREFIX}")

# Direct BLAS calls (fused attention) go through the same libblas.so.3 LibTorch uses.
find_library(LW_BLAS_LIBRARY NAMES blas openblas)
if(NOT LW_BLAS_LIBRARY)
  message(FATAL_ERROR "No BLAS library found (Debian: libopenblas0-openmp)")
endif()

if(WITH_GUI)
  find_package(Qt6 6.2 REQUIRED COMPONENTS Core Gui Widgets Concurrent PrintSupport Sql Test Svg LinguistTools)
  find_package(QCustomPlotQt6 REQUIRED)
  # Qt's signal/slot keywords collide with identifiers in LibTorch headers.
  add_compile_definitions(QT_NO_KEYWORDS)
  set(CMAKE_AUTOMOC ON)
  # moc needs no other target built first (no generated headers here): let it start
  # at once instead of after every library the target links.
  set(CMAKE_AUTOGEN_ORIGIN_DEPENDS OFF)
  set(CMAKE_AUTORCC ON)
endif()
