#include "core/records/csv_reader.h"

#include "core/util/error.h"

#include <cstring>

namespace lw::records {

bool forEachCsvRecord(ByteSource& source, const std::string& path, const CsvOptions& options,
                      const std::function<bool(const std::vector<std::string>&)>& header,
                      const std::function<bool(std::vector<std::string>&, int64_t)>& row)
{
    std::vector<char> buffer(size_t(1) << 20);
    size_t pos = 0, end = 0;
    auto get = [&](char& c) {
        if (pos == end) {
            end = source.read(buffer.data(), buffer.size());
            pos = 0;
            if (end == 0)
                return false;
        }
        c = buffer[pos++];
        return true;
    };

    // A UTF-8 byte-order mark is skipped; any other first bytes are data (a header may
    // start with a character such as U+FF03, whose UTF-8 starts with 0xEF too).
    while (end < 3) {
        const size_t n = source.read(buffer.data() + end, buffer.size() - end);
        if (n == 0)
            break;
        end += n;
    }
    if (end >= 3 && std::memcmp(buffer.data(), "\xEF\xBB\xBF", 3) == 0)
        pos = 3;

    int64_t line = 1, recordLine = 1;
    bool haveHeader = false;
    std::vector<std::string> fields;
    std::string field;
    size_t quotedBytes = 0; // of `field`, inside quotes: a "\r" there is data, not a line end
    size_t recordBytes = 0;
    bool inQuotes = false, quotedField = false, fieldStarted = false;
    auto dropCarriageReturn = [&] {
        if (field.size() > quotedBytes && field.back() == '\r')
            field.pop_back();
    };

    auto endRecord = [&]() -> bool {
        fields.push_back(std::move(field));
        field.clear();
        quotedBytes = 0;
        bool go;
        const bool blank = fields.size() == 1 && fields[0].empty() && !quotedField;
        if (blank) {
            go = true; // blank lines carry no record
        } else if (!haveHeader) {
            haveHeader = true;
            go = header(fields);
        } else {
            go = row(fields, recordLine);
        }
        fields.clear();
        recordBytes = 0;
        quotedField = fieldStarted = false;
        recordLine = line;
        return go;
    };

    char c;
    while (get(c)) {
        if (++recordBytes > options.maxRecordBytes)
            throw Error::inFile(path, "a record longer than " + std::to_string(options.maxRecordBytes >> 20) +
                                          " MiB (an unclosed quote?)", recordLine);
        if (inQuotes) {
            if (c == '"') {
                char next;
                quotedBytes = field.size();
                if (!get(next)) {
                    inQuotes = false;
                    break;
                }
                if (next == '"') {
                    field.push_back('"');
                    continue;
                }
                inQuotes = false;
                c = next; // handled below as the character after the closing quote
            } else {
                if (c == '\n')
                    ++line;
                field.push_back(c);
                continue;
            }
        }
        if (c == '"' && !fieldStarted) {
            inQuotes = quotedField = fieldStarted = true;
            continue;
        }
        if (c == options.delimiter) {
            fields.push_back(std::move(field));
            field.clear();
            quotedBytes = 0;
            quotedField = fieldStarted = false;
            continue;
        }
        if (c == '\n') {
            dropCarriageReturn();
            ++line;
            if (!endRecord())
                return false;
            continue;
        }
        field.push_back(c);
        fieldStarted = true;
    }
    if (inQuotes)
        throw Error::inFile(path, "a quoted field is not closed", recordLine);
    if (!field.empty() || !fields.empty() || quotedField) {
        dropCarriageReturn();
        return endRecord();
    }
    return true;
}

} // namespace lw::records
