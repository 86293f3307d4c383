#include "core/util/error.h"

#include <cstring>

namespace lw {

Error Error::inFile(const std::string& path, const std::string& message, int64_t line)
{
    std::string where = path;
    if (line > 0)
        where += ":" + std::to_string(line);
    return Error(where + ": " + message);
}

Error Error::inField(const std::string& field, const std::string& message)
{
    return Error(field + ": " + message);
}

Error Error::fromErrno(const std::string& path, const std::string& what, int errnum)
{
    std::string reason = std::strerror(errnum);
    if (errnum == ENOSPC)
        reason = "the disk is full (" + reason + ")";
    return Error(path + ": " + what + ": " + reason);
}

} // namespace lw
