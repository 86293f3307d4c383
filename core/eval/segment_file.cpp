#include "core/eval/segment_file.h"

#include "core/util/error.h"
#include "core/util/text_file.h"

#include <nlohmann/json.hpp>

namespace lw::eval {

namespace {

std::vector<std::string> splitLines(const std::string& text)
{
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        lines.push_back(std::move(line));
        start = end + 1;
    }
    return lines;
}

bool endsWith(const std::string& text, const std::string& suffix)
{
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

std::vector<std::string> readSegmentFile(const std::string& path)
{
    std::vector<std::string> lines = splitLines(util::readTextFileUtf8(path, /*allowEmpty=*/true));
    if (!endsWith(path, ".jsonl"))
        return lines;
    for (size_t i = 0; i < lines.size(); ++i) {
        const auto value = nlohmann::json::parse(lines[i], nullptr, /*allow_exceptions=*/false);
        if (!value.is_string())
            throw Error::inFile(path,
                                value.is_discarded() ? "not valid JSON (a .jsonl segment file holds one JSON string per line)"
                                                     : "a " + std::string(value.type_name()) +
                                                           ", not a JSON string (one segment per line)",
                                int64_t(i + 1));
        lines[i] = value.get<std::string>();
    }
    return lines;
}

} // namespace lw::eval
