#include "core/records/json_array_reader.h"

#include "core/util/error.h"

#include <vector>

namespace lw::records {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

// Pulls bytes one at a time from a buffered ByteSource and counts lines.
class Cursor {
public:
    Cursor(ByteSource& source) : m_source(source), m_buffer(size_t(1) << 20) { }
    bool get(char& c)
    {
        if (m_pos == m_end) {
            m_end = m_source.read(m_buffer.data(), m_buffer.size());
            m_pos = 0;
            if (m_end == 0)
                return false;
        }
        c = m_buffer[m_pos++];
        if (c == '\n')
            ++m_line;
        return true;
    }
    int64_t line() const { return m_line; }

private:
    ByteSource& m_source;
    std::vector<char> m_buffer;
    size_t m_pos = 0, m_end = 0;
    int64_t m_line = 1;
};

} // namespace

bool forEachJsonArrayElement(ByteSource& source, const std::string& path,
                             const std::function<bool(std::string_view, int64_t)>& sink, size_t maxElementBytes)
{
    Cursor in(source);
    char c = 0;
    bool first = true;
    // Skip white space and a UTF-8 byte-order mark.
    for (;;) {
        if (!in.get(c))
            throw Error::inFile(path, "the file is empty");
        if (first && c == '\xEF') {
            char b1, b2;
            if (!in.get(b1) || !in.get(b2) || b1 != '\xBB' || b2 != '\xBF')
                throw Error::inFile(path, "not JSON: starts with byte 0xEF", 1);
            first = false;
            continue;
        }
        first = false;
        if (!isSpace(c))
            break;
    }
    const bool singleObject = c == '{';
    if (c != '[' && !singleObject)
        throw Error::inFile(path, std::string("not a JSON array or object: starts with '") + c + "'", in.line());

    std::string element;
    int depth = 0;
    bool inString = false, escaped = false;
    int64_t elementLine = 0;
    auto refuseLongElement = [&] {
        const std::string limit = maxElementBytes >= (size_t(1) << 20) ? std::to_string(maxElementBytes >> 20) + " MiB"
                                                                        : std::to_string(maxElementBytes) + " bytes";
        throw Error::inFile(path, "an element longer than " + limit, elementLine);
    };
    auto finish = [&]() -> bool {
        const bool go = sink(element, elementLine);
        element.clear();
        return go;
    };
    if (singleObject) {
        element.push_back(c);
        depth = 1;
        elementLine = in.line();
    }
    bool expectValue = true; // after '[' or ','
    while (in.get(c)) {
        if (depth == 0) {
            if (isSpace(c))
                continue;
            if (c == ']') {
                // Anything after the closing bracket other than white space is an error.
                while (in.get(c))
                    if (!isSpace(c))
                        throw Error::inFile(path, std::string("unexpected '") + c + "' after the closing ']'", in.line());
                return true;
            }
            if (c == ',') {
                if (expectValue)
                    throw Error::inFile(path, "unexpected ',' in the array", in.line());
                expectValue = true;
                continue;
            }
            if (!expectValue)
                throw Error::inFile(path, std::string("expected ',' or ']' but found '") + c + "'", in.line());
            expectValue = false;
            elementLine = in.line();
            element.push_back(c);
            if (c == '{' || c == '[') {
                depth = 1;
            } else if (c == '"') {
                depth = 1; // a string element: ends at its closing quote
                inString = true;
            } else {
                // A bare scalar element: read up to the next delimiter.
                char d;
                while (in.get(d)) {
                    if (d == ',' || d == ']' || isSpace(d)) {
                        if (!finish())
                            return false;
                        if (d == ',')
                            expectValue = true;
                        else if (d == ']') {
                            while (in.get(d))
                                if (!isSpace(d))
                                    throw Error::inFile(path, "unexpected text after the closing ']'", in.line());
                            return true;
                        }
                        break;
                    }
                    element.push_back(d);
                    if (element.size() > maxElementBytes) // a bare scalar is bounded too
                        refuseLongElement();
                }
            }
            continue;
        }
        element.push_back(c);
        if (element.size() > maxElementBytes)
            refuseLongElement();
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"') {
                inString = false;
                if (depth == 1 && element.front() == '"') {
                    depth = 0;
                    if (!finish())
                        return false;
                }
            }
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '{' || c == '[')
            ++depth;
        else if (c == '}' || c == ']') {
            --depth;
            if (depth == 0) {
                if (!finish())
                    return false;
                if (singleObject) {
                    while (in.get(c))
                        if (!isSpace(c))
                            throw Error::inFile(path, std::string("unexpected '") + c + "' after the object", in.line());
                    return true;
                }
            }
        }
    }
    throw Error::inFile(path, singleObject ? "the object is not closed" : "the array is not closed (no final ']')",
                        in.line());
}

} // namespace lw::records
