#include "core/data/text_source.h"

#include "core/util/error.h"
#include "core/util/json_io.h"
#include "core/util/text_file.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace lw::data {

namespace fs = std::filesystem;

namespace {

bool hasTextExtension(const fs::path& p)
{
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
    return ext == ".txt" || ext == ".md" || ext == ".text" || ext == ".jsonl";
}

int64_t countNewlines(std::string_view s)
{
    return std::count(s.begin(), s.end(), '\n');
}

bool isSpace(char ch)
{
    unsigned char c = static_cast<unsigned char>(ch);
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Largest cut position <= limit right after a newline that stands alone between two
// non-space characters ("word\nWord"): GPT-2's pre-tokeniser splits there whatever
// follows, whereas a longer run of white space at the end of a chunk would be grouped
// differently than in the whole text.
size_t safeCut(std::string_view buffer, size_t limit)
{
    const size_t start = std::min(limit, buffer.size() - 1);
    for (size_t i = start; i > 1; --i)
        if (buffer[i - 1] == '\n' && !isSpace(buffer[i]) && !isSpace(buffer[i - 2]))
            return i;
    // A line longer than a chunk: cut before " word" (a single space between a non-space
    // character and an ASCII letter), where the pre-tokeniser also splits.
    for (size_t i = std::min(start, buffer.size() - 2); i > 0; --i) {
        const unsigned char next = static_cast<unsigned char>(buffer[i + 1]);
        if (buffer[i] == ' ' && !isSpace(buffer[i - 1]) && ((next | 0x20) >= 'a' && (next | 0x20) <= 'z'))
            return i;
    }
    return 0;
}

using FilePtr = std::unique_ptr<FILE, int (*)(FILE*)>;

FilePtr openForReading(const std::string& path)
{
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f)
        throw Error::fromErrno(path, "cannot open", errno);
    return FilePtr(f, &std::fclose);
}

bool streamPlainText(const std::string& path, const std::function<bool(const TextChunk&)>& sink, size_t chunkBytes)
{
    FilePtr file = openForReading(path);
    std::string head(4, '\0');
    size_t headBytes = std::fread(head.data(), 1, 4, file.get());
    head.resize(headBytes);
    const bool utf16 = headBytes >= 2 && ((uint8_t(head[0]) == 0xFF && uint8_t(head[1]) == 0xFE) ||
                                          (uint8_t(head[0]) == 0xFE && uint8_t(head[1]) == 0xFF));
    if (utf16) {
        // UTF-16 cannot be cut at arbitrary bytes: convert the whole file.
        std::string text = util::readTextFileUtf8(path);
        return sink({text, true});
    }
    std::string buffer = head;
    if (buffer.compare(0, 3, "\xEF\xBB\xBF") == 0)
        buffer.erase(0, 3);
    int64_t lineBase = 0;
    bool first = true, any = false, eof = false;
    bool completeCharacter = false; // the buffer holds only the start of a character: read on
    std::vector<char> block(chunkBytes);
    while (!eof || !buffer.empty()) {
        if (!eof && (buffer.size() < chunkBytes || completeCharacter)) {
            completeCharacter = false;
            size_t n = std::fread(block.data(), 1, block.size(), file.get());
            if (n == 0) {
                if (std::ferror(file.get()))
                    throw Error::fromErrno(path, "cannot read", errno);
                eof = true;
            }
            buffer.append(block.data(), n);
            continue;
        }
        size_t cut = eof ? buffer.size() : safeCut(buffer, chunkBytes);
        if (cut == 0)
            cut = buffer.size(); // a huge line without a safe cut: take what we have
        std::string_view chunk(buffer.data(), cut);
        if (chunk.find('\0') != std::string_view::npos) {
            auto [line, column] = util::lineAndColumn(chunk, chunk.find('\0'));
            throw Error::inFile(path, "column " + std::to_string(column) +
                                          ": contains a NUL byte: binary data or UTF-16 without a byte-order mark",
                                lineBase + line);
        }
        size_t bad = util::findInvalidUtf8(chunk);
        // A multi-byte character cut by the block boundary is completed by the next read.
        if (bad != std::string_view::npos && !(cut == buffer.size() && !eof && bad + 4 > cut)) {
            auto [line, column] = util::lineAndColumn(chunk, bad);
            throw Error::inFile(path, "column " + std::to_string(column) +
                                          ": not valid UTF-8 (convert the file to UTF-8, e.g. with iconv)",
                                lineBase + line);
        }
        if (bad != std::string_view::npos)
            cut = bad, chunk = std::string_view(buffer.data(), cut);
        if (cut == 0) { // chunks shorter than a character: nothing to give before it is complete
            completeCharacter = true;
            continue;
        }
        if (!chunk.empty()) {
            any = true;
            if (!sink({chunk, first}))
                return false;
            first = false;
        }
        lineBase += countNewlines(chunk);
        buffer.erase(0, cut);
        if (eof && buffer.empty())
            break;
    }
    if (!any)
        throw Error::inFile(path, "the file is empty");
    return true;
}

bool streamJsonLines(const std::string& path, const std::function<bool(const TextChunk&)>& sink)
{
    FilePtr file = openForReading(path);
    std::string line;
    int64_t lineNumber = 0;
    int64_t documents = 0;
    std::vector<char> block(1 << 16);
    auto handleLine = [&](std::string& text) -> bool {
        ++lineNumber;
        if (!text.empty() && text.back() == '\r')
            text.pop_back();
        if (text.find_first_not_of(" \t") == std::string::npos)
            return true;
        if (util::findInvalidUtf8(text) != std::string::npos)
            throw Error::inFile(path, "not valid UTF-8", lineNumber);
        nlohmann::json record;
        try {
            record = nlohmann::json::parse(text);
        } catch (const nlohmann::json::exception& e) {
            throw Error::inFile(path, std::string("invalid JSON: ") + e.what(), lineNumber);
        }
        if (!record.is_object() || !record.contains("text") || !record["text"].is_string())
            throw Error::inFile(path, "expected an object with a string field \"text\"", lineNumber);
        const std::string doc = record["text"].get<std::string>();
        ++documents;
        return sink({doc, true});
    };
    for (;;) {
        size_t n = std::fread(block.data(), 1, block.size(), file.get());
        if (n == 0) {
            if (std::ferror(file.get()))
                throw Error::fromErrno(path, "cannot read", errno);
            break;
        }
        for (size_t i = 0; i < n; ++i) {
            if (block[i] == '\n') {
                if (!handleLine(line))
                    return false;
                line.clear();
            } else {
                line.push_back(block[i]);
            }
        }
    }
    if (!line.empty() && !handleLine(line))
        return false;
    if (documents == 0)
        throw Error::inFile(path, "no documents (the file is empty)");
    return true;
}

} // namespace

std::vector<std::string> expandInputPaths(const std::vector<std::string>& inputs)
{
    std::vector<std::string> files;
    for (const auto& input : inputs) {
        std::error_code ec;
        auto status = fs::status(input, ec);
        if (ec || !fs::exists(status))
            throw Error(input + ": no such file or folder");
        if (fs::is_directory(status)) {
            std::vector<std::string> found;
            for (auto it = fs::recursive_directory_iterator(input, ec); !ec && it != fs::recursive_directory_iterator();
                 it.increment(ec))
                if (it->is_regular_file() && hasTextExtension(it->path()))
                    found.push_back(it->path().string());
            std::sort(found.begin(), found.end());
            if (found.empty())
                throw Error(input + ": the folder holds no .txt, .md, .text or .jsonl files");
            files.insert(files.end(), found.begin(), found.end());
        } else {
            files.push_back(input);
        }
    }
    if (files.empty())
        throw Error("no input files given");
    return files;
}

bool forEachTextChunk(const std::string& path, const std::function<bool(const TextChunk&)>& sink, size_t chunkBytes)
{
    if (isJsonLinesFile(path))
        return streamJsonLines(path, sink);
    return streamPlainText(path, sink, chunkBytes);
}

bool isJsonLinesFile(const std::string& path)
{
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
    return ext == ".jsonl";
}

void forEachParagraph(std::string_view chunk, bool atDocumentStart,
                      const std::function<void(std::string_view, bool)>& sink)
{
    auto isBlank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    bool needStart = false; // a blank line ended the document that had text
    bool hasText = !atDocumentStart; // the current document has text already
    size_t start = 0;
    auto emit = [&](size_t end) {
        std::string_view paragraph = chunk.substr(start, end - start);
        while (!paragraph.empty() && paragraph.back() == '\r')
            paragraph.remove_suffix(1);
        if (paragraph.empty())
            return;
        sink(paragraph, needStart);
        needStart = false;
        hasText = true;
    };
    for (size_t newline = chunk.find('\n'); newline != std::string_view::npos;) {
        // Does a line of white space only follow this line break?
        size_t end = newline + 1, blankLines = 0;
        for (;;) {
            size_t q = end;
            while (q < chunk.size() && isBlank(chunk[q]))
                ++q;
            if (q >= chunk.size() || chunk[q] != '\n')
                break;
            end = q + 1;
            ++blankLines;
        }
        if (blankLines == 0) {
            newline = chunk.find('\n', newline + 1);
            continue;
        }
        emit(newline);
        if (hasText)
            needStart = true;
        hasText = false;
        start = end;
        newline = chunk.find('\n', end);
    }
    if (start < chunk.size())
        emit(chunk.size());
}

} // namespace lw::data
