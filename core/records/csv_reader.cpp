#include "core/records/csv_reader.h"

#include "core/util/error.h"

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

    int64_t line = 1, recordLine = 1;
    bool haveHeader = false, atStart = true;
    std::vector<std::string> fields;
    std::string field;
    size_t recordBytes = 0;
    bool inQuotes = false, quotedField = false, fieldStarted = false;

    auto endRecord = [&]() -> bool {
        fields.push_back(std::move(field));
        field.clear();
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
        if (atStart) {
            atStart = false;
            if (c == '\xEF') { // UTF-8 byte-order mark
                char b1, b2;
                if (get(b1) && get(b2) && b1 == '\xBB' && b2 == '\xBF')
                    continue;
                throw Error::inFile(path, "starts with byte 0xEF but no UTF-8 byte-order mark", 1);
            }
        }
        if (++recordBytes > options.maxRecordBytes)
            throw Error::inFile(path, "a record longer than " + std::to_string(options.maxRecordBytes >> 20) +
                                          " MiB (an unclosed quote?)", recordLine);
        if (inQuotes) {
            if (c == '"') {
                char next;
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
            quotedField = fieldStarted = false;
            continue;
        }
        if (c == '\n') {
            if (!field.empty() && field.back() == '\r')
                field.pop_back();
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
        if (!field.empty() && field.back() == '\r')
            field.pop_back();
        return endRecord();
    }
    return true;
}

} // namespace lw::records
