#include "core/records/line_reader.h"

#include "core/util/error.h"
#include "core/util/text_file.h"

#include <cstring>

namespace lw::records {

LineReader::LineReader(ByteSource& source, std::string path, size_t maxLineBytes)
    : m_source(source), m_path(std::move(path)), m_maxLineBytes(maxLineBytes), m_buffer(size_t(1) << 20)
{
}

void LineReader::refuseLongLine() const
{
    const std::string limit = m_maxLineBytes >= (size_t(1) << 20) ? std::to_string(m_maxLineBytes >> 20) + " MiB"
                                                                   : std::to_string(m_maxLineBytes) + " bytes";
    throw Error::inFile(m_path, "line is longer than " + limit, m_lineNumber + 1);
}

bool LineReader::fill()
{
    if (m_eof)
        return false;
    if (m_begin > 0) {
        std::memmove(m_buffer.data(), m_buffer.data() + m_begin, m_end - m_begin);
        m_end -= m_begin;
        m_begin = 0;
    }
    if (m_end == m_buffer.size()) {
        // The line fills the buffer; room for its "\r" past the limit is all it may need.
        if (m_end > m_maxLineBytes + 1)
            refuseLongLine();
        m_buffer.resize(m_buffer.size() * 2);
    }
    const size_t n = m_source.read(m_buffer.data() + m_end, m_buffer.size() - m_end);
    if (n == 0) {
        m_eof = true;
        return false;
    }
    m_end += n;
    return true;
}

bool LineReader::next(std::string_view& line)
{
    size_t scanFrom = m_begin;
    for (;;) {
        const char* start = m_buffer.data() + scanFrom;
        const void* newline = std::memchr(start, '\n', m_end - scanFrom);
        if (newline) {
            const size_t at = static_cast<size_t>(static_cast<const char*>(newline) - m_buffer.data());
            size_t length = at - m_begin;
            if (length > 0 && m_buffer[at - 1] == '\r')
                --length;
            if (length > m_maxLineBytes)
                refuseLongLine();
            line = std::string_view(m_buffer.data() + m_begin, length);
            m_begin = at + 1;
            ++m_lineNumber;
            return true;
        }
        const size_t scanned = m_end - m_begin;
        if (!fill()) {
            if (m_begin == m_end)
                return false;
            size_t length = m_end - m_begin;
            if (m_buffer[m_begin + length - 1] == '\r')
                --length;
            if (length > m_maxLineBytes)
                refuseLongLine();
            line = std::string_view(m_buffer.data() + m_begin, length);
            m_begin = m_end;
            ++m_lineNumber;
            return true;
        }
        scanFrom = m_begin + scanned; // fill() moved the line to the front
    }
}

bool isValidUtf8(std::string_view bytes)
{
    return util::findInvalidUtf8(bytes) == std::string_view::npos;
}

} // namespace lw::records
