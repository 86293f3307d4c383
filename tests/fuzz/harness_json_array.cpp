// The streaming reader of JSON array files (core/records/json_array_reader.h), its bytes
// arriving in chunks of 1 to 32 bytes (option byte, bits 1-5). Bit 0 picks the input:
//   0: the file itself, read with an element limit of 8 to 256 bytes (second option
//      byte): no element handed out is longer than the limit, lines start at 1 and
//      never go back, and when the whole file is a JSON array (or object) by
//      nlohmann::json, the elements handed out parse alone to exactly its elements;
//   1: a file the harness writes by dumping an array of objects made from the input's
//      lines, with white space, indentation and a byte-order mark chosen by the input:
//      it streams back exactly those objects, each with the line it starts on.
#include "core/records/json_array_reader.h"
#include "core/util/error.h"
#include "core/util/text_file.h"
#include "fuzz_harness.h"
#include "memory_byte_source.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

namespace {

using lw::fuzz::invariantBroken;
using Json = nlohmann::json;

struct Element {
    std::string text;
    int64_t line = 0;
};

std::vector<Element> stream(std::string_view file, const std::string& path, size_t chunkBytes, size_t maxElementBytes)
{
    lw::fuzz::MemoryByteSource source(file, chunkBytes);
    std::vector<Element> elements;
    const int64_t lines = 1 + std::count(file.begin(), file.end(), '\n');
    lw::records::forEachJsonArrayElement(
        source, path,
        [&](std::string_view element, int64_t line) {
            if (element.empty() || element.size() > maxElementBytes)
                invariantBroken("an element is empty or longer than the limit");
            if (line < 1 || line > lines || (!elements.empty() && line < elements.back().line))
                invariantBroken("an element's line is outside the file or goes back");
            elements.push_back({std::string(element), line});
            return true;
        },
        maxElementBytes);
    return elements;
}

void checkAgainstWholeParse(std::string_view file, const std::vector<Element>& elements)
{
    const Json whole = Json::parse(file, nullptr, false);
    if (whole.is_discarded() || !(whole.is_array() || whole.is_object()))
        return; // the streaming reader is lenient; each element is judged when parsed
    const Json expected = whole.is_array() ? whole : Json::array({whole});
    if (elements.size() != expected.size())
        invariantBroken("another number of elements than the whole file's array holds");
    for (size_t i = 0; i < elements.size(); ++i) {
        const Json alone = Json::parse(elements[i].text, nullptr, false);
        if (alone.is_discarded() || alone != expected[i])
            invariantBroken("element " + std::to_string(i) + " does not parse alone to the array's element");
    }
}

void fuzzJsonFile(std::string_view input, size_t chunkBytes)
{
    const size_t maxElementBytes = 8 + lw::fuzz::takeOptionByte(input);
    const std::string path = lw::fuzz::writeScratchFile("input.json", input);
    const std::vector<Element> elements = stream(input, path, chunkBytes, maxElementBytes);
    checkAgainstWholeParse(input, elements);
}

// Separators between elements, chosen by the bytes of the input.
constexpr std::string_view kSeparators[] = {",", ", ", ",\n", "\n,\n", " ,\t", ",\r\n  "};

void fuzzDumpedArray(std::string_view input, size_t chunkBytes, unsigned char options)
{
    std::vector<Json> objects;
    std::string file = (options & 64) ? "\xEF\xBB\xBF[" : "  [";
    if (options & 128)
        file += "\n";
    std::vector<int64_t> lines;
    const int indent = int(input.size() % 4) - 1; // -1 (one line) to 2
    size_t index = 0;
    for (std::string_view rest = input; !rest.empty() || index == 0; ++index) {
        const size_t newline = rest.find('\n');
        const std::string_view piece = rest.substr(0, newline);
        rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
        Json object = {{"text", lw::util::withValidUtf8(piece)}, {"row", index}};
        const Json value = Json::parse(piece, nullptr, false);
        if (!value.is_discarded())
            object["value"] = value;
        if (index > 0)
            file += kSeparators[static_cast<unsigned char>(piece.empty() ? 0 : piece[0]) % std::size(kSeparators)];
        lines.push_back(1 + std::count(file.begin(), file.end(), '\n'));
        file += object.dump(indent);
        objects.push_back(std::move(object));
    }
    file += "\n]\n";
    const std::string path = lw::fuzz::writeScratchFile("dumped.json", file);
    std::vector<Element> elements;
    try {
        elements = stream(file, path, chunkBytes, size_t(64) << 20);
    } catch (const lw::Error& e) {
        invariantBroken(std::string("a dumped array was refused: ") + e.what());
    }
    if (elements.size() != objects.size())
        invariantBroken("another number of elements than the dumped array holds");
    for (size_t i = 0; i < elements.size(); ++i) {
        if (Json::parse(elements[i].text, nullptr, false) != objects[i])
            invariantBroken("element " + std::to_string(i) + " differs from the object dumped");
        if (elements[i].line != lines[i])
            invariantBroken("element " + std::to_string(i) + " starts on line " + std::to_string(lines[i]) +
                            ", not " + std::to_string(elements[i].line));
    }
}

void fuzzJsonArray(std::string_view input)
{
    const unsigned char options = lw::fuzz::takeOptionByte(input);
    const size_t chunkBytes = 1 + ((options >> 1) & 31);
    if (options & 1)
        fuzzDumpedArray(input, chunkBytes, options);
    else
        fuzzJsonFile(input, chunkBytes);
}

} // namespace

LW_FUZZ_HARNESS(json_array, fuzzJsonArray)
