#pragma once
// The elements of a JSON file holding one array (as most instruction sets are shipped),
// one at a time with the line each starts on, without parsing the whole file at once:
// a scanner finds each element's bytes (tracking strings and nesting only), then each
// element is parsed alone. A file holding one object is read as a single element.
#include "core/records/byte_source.h"

#include <functional>
#include <string>
#include <string_view>

namespace lw::records {

// sink(elementText, line) returning false stops early. lw::Error naming the file and
// line when the file is not an array or an object, or its brackets do not match.
bool forEachJsonArrayElement(ByteSource& source, const std::string& path,
                             const std::function<bool(std::string_view element, int64_t line)>& sink,
                             size_t maxElementBytes = size_t(64) << 20);

} // namespace lw::records
