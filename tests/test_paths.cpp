#include "test_paths.h"

namespace lw::test {

const char* sourceDir()
{
    return LW_SOURCE_DIR;
}

const char* binaryDir()
{
    return LW_BINARY_DIR;
}

} // namespace lw::test
