#pragma once
// FormatError is what the parts of the Parquet reader throw when the bytes they were
// given break the format. They do not know the file, row group or page; the caller that
// does catches it and throws one lw::Error naming all of them.
#include <stdexcept>
#include <string>

namespace lw::parquet {

class FormatError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace lw::parquet
