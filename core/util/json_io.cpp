#include "core/util/json_io.h"

#include "core/util/atomic_file.h"
#include "core/util/error.h"

namespace lw::util {

std::pair<int64_t, int64_t> lineAndColumn(std::string_view text, size_t offset)
{
    offset = std::min(offset, text.size());
    int64_t line = 1;
    size_t lineStart = 0;
    for (size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    return {line, static_cast<int64_t>(offset - lineStart) + 1};
}

Json parseJson(std::string_view text, const std::string& origin)
{
    try {
        return Json::parse(text.begin(), text.end());
    } catch (const Json::parse_error& e) {
        // e.byte is 1-based and points just past the offending character.
        size_t offset = e.byte > 0 ? e.byte - 1 : 0;
        auto [line, column] = lineAndColumn(text, offset);
        std::string reason = e.what();
        // nlohmann's message starts with "[json.exception.parse_error.101] parse error at line..".
        auto colon = reason.find(": ");
        if (colon != std::string::npos)
            reason = reason.substr(colon + 2);
        if (text.empty())
            reason = "the file is empty, expected JSON";
        throw Error::inFile(origin, "column " + std::to_string(column) + ": invalid JSON: " + reason, line);
    } catch (const Json::exception& e) {
        // Errors without a position: a number too large for a double (out_of_range.406).
        std::string reason = e.what();
        const size_t prefixEnd = reason.find("] ");
        if (prefixEnd != std::string::npos)
            reason.erase(0, prefixEnd + 2);
        throw Error::inFile(origin, "invalid JSON: " + reason);
    }
}

Json readJsonFile(const std::string& path)
{
    return parseJson(readFile(path), path);
}

void writeJsonFileAtomic(const std::string& path, const Json& value, int indent)
{
    writeFileAtomic(path, value.dump(indent) + "\n");
}

const Json& requireField(const Json& object, const std::string& key, const std::string& context)
{
    if (!object.is_object())
        throw Error::inField(context, "expected a JSON object");
    auto it = object.find(key);
    if (it == object.end())
        throw Error::inField(context + "." + key, "missing");
    return *it;
}

} // namespace lw::util
