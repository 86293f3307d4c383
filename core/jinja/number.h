#pragma once
// Python's numbers inside JSON values: bool counts as an int (True + 1 == 2), and
// integers stay exact in 64 bits (an operation that would need more is refused).
#include "core/jinja/builtins.h"

#include <cstdint>

namespace lw::jinja {

inline bool isIntLike(const Value& v)
{
    return v.isData() && (v.data.is_number_integer() || v.data.is_boolean());
}

inline bool isNumeric(const Value& v)
{
    return v.isData() && (v.data.is_number() || v.data.is_boolean());
}

inline int64_t asInt(const Value& v)
{
    if (v.data.is_boolean())
        return v.data.get<bool>() ? 1 : 0;
    if (v.data.is_number_unsigned() && v.data.get<uint64_t>() > uint64_t(INT64_MAX))
        throw BuiltinError("integer " + std::to_string(v.data.get<uint64_t>()) + " is too large");
    return v.data.get<int64_t>();
}

inline double asDouble(const Value& v)
{
    return v.data.is_boolean() ? (v.data.get<bool>() ? 1.0 : 0.0) : v.data.get<double>();
}

// An index or count argument: int (or bool), else a TypeError in Python's words.
inline int64_t requireInt(const Value& v, const char* what)
{
    if (!isIntLike(v))
        throw BuiltinError(std::string(what) + " must be an integer, not '" + pythonTypeName(v) + "'");
    return asInt(v);
}

[[noreturn]] inline void throwUndefined(const Value& v)
{
    throw BuiltinError(v.undefinedHint.empty() ? "a value is undefined" : v.undefinedHint);
}

} // namespace lw::jinja
