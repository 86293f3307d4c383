#pragma once
// Lines of a ByteSource, one at a time, through a bounded buffer. A line longer than the
// limit is an error naming the file and line, never an unbounded allocation.
#include "core/records/byte_source.h"

#include <string>
#include <string_view>
#include <vector>

namespace lw::records {

class LineReader {
public:
    LineReader(ByteSource& source, std::string path, size_t maxLineBytes = size_t(64) << 20);
    // The next line without its "\n" (or "\r\n"); false at the end. The view is valid
    // until the next call.
    bool next(std::string_view& line);
    int64_t lineNumber() const { return m_lineNumber; } // of the line last returned, from 1
    const std::string& path() const { return m_path; }

private:
    bool fill();
    [[noreturn]] void refuseLongLine() const;

    ByteSource& m_source;
    std::string m_path;
    size_t m_maxLineBytes;
    std::vector<char> m_buffer;
    size_t m_begin = 0, m_end = 0;
    bool m_eof = false;
    int64_t m_lineNumber = 0;
};

// True when `bytes` is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
bool isValidUtf8(std::string_view bytes);

} // namespace lw::records
