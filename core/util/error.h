#pragma once
// lw::Error is the one exception type core throws for bad input or failed I/O. It
// names where the problem is (a file and line, or a config field) so that the CLI can
// print one useful line and the GUI can show it where the user acted.
#include <cstdint>
#include <stdexcept>
#include <string>

namespace lw {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}

    // "<path>:<line>: <message>" (line 0 leaves the line out).
    static Error inFile(const std::string& path, const std::string& message, int64_t line = 0);
    // "<field>: <message>", for configuration values.
    static Error inField(const std::string& field, const std::string& message);
    // A failed system call on a path: "<path>: <what>: <strerror(errnum)>".
    static Error fromErrno(const std::string& path, const std::string& what, int errnum);
};

} // namespace lw
