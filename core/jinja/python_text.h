#pragma once
// How Python writes numbers, strings and JSON, so that rendered templates match
// Python's jinja2 byte for byte: repr(1e-05) is "1e-05", repr(0.1) is "0.1", repr of a
// string picks its quote like Python does, and json.dumps puts ", " and ": " between
// items and keeps non-ASCII text as it is (transformers' tojson: ensure_ascii=False).
#include "core/jinja/value.h"

#include <optional>
#include <string>

namespace lw::jinja {

// repr() of a float: shortest round-trip digits; scientific below 1e-4 and from 1e16.
std::string formatPythonFloat(double value);
// repr() of a str: 'text' or "it's", with Python's escapes.
std::string pythonStringRepr(const std::string& text);

struct JsonDumpOptions {
    std::optional<std::string> indent; // none: one line
    std::string itemSeparator = ", ";  // "," when indented, as Python does
    std::string keySeparator = ": ";
    bool sortKeys = false;
    bool ensureAscii = false;          // \uXXXX for every non-ASCII character
};
// json.dumps(value, ensure_ascii=False, ...) of data values.
std::string pythonJsonDumps(const Json& value, const JsonDumpOptions& options);

} // namespace lw::jinja
