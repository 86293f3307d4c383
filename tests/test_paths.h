#pragma once
// Where the tests find the sources and the build. The folders are compiled into one small
// file (test_paths.cpp) and nowhere else: a compile unit with an absolute path in its
// text gets another ccache key in every clone, and every test compile unit would miss
// the cache of an earlier clone in another folder.
namespace lw::test {

const char* sourceDir(); // the repository root
const char* binaryDir(); // the build folder (programs in <binaryDir>/bin)

} // namespace lw::test
