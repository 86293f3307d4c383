// Plain-text and JSON Lines sources (core/data/text_source.h), read in small chunks so
// that every cutting rule is reached. The option byte picks the format (bit 0: .jsonl),
// the chunk size (bits 1-6: 1 to 64 bytes) and an early stop (bit 7). A plain-text file
// that streams must stream exactly the text a whole-file read gives, and the other way
// round; paragraphs are pieces of their chunk.
#include "core/data/text_source.h"
#include "core/util/error.h"
#include "core/util/text_file.h"
#include "fuzz_harness.h"

#include <optional>

namespace {

using lw::fuzz::invariantBroken;

void checkParagraphs(std::string_view chunk, bool documentStart)
{
    lw::data::forEachParagraph(chunk, documentStart, [&](std::string_view paragraph, bool) {
        if (paragraph.empty() || paragraph.data() < chunk.data() ||
            paragraph.data() + paragraph.size() > chunk.data() + chunk.size())
            invariantBroken("a paragraph is empty or lies outside its chunk");
    });
}

std::optional<std::string> wholeFileText(const std::string& path)
{
    try {
        return lw::util::readTextFileUtf8(path);
    } catch (const lw::Error&) {
        return std::nullopt;
    }
}

void fuzzTextSource(std::string_view input)
{
    const unsigned char options = lw::fuzz::takeOptionByte(input);
    const bool jsonLines = options & 1;
    const size_t chunkBytes = 1 + ((options >> 1) & 63);
    const bool stopEarly = options & 128;
    const std::string path = lw::fuzz::writeScratchFile(jsonLines ? "input.jsonl" : "input.txt", input);

    std::string streamed;
    size_t chunks = 0;
    auto sink = [&](const lw::data::TextChunk& chunk) {
        ++chunks;
        streamed.append(chunk.text);
        checkParagraphs(chunk.text, chunk.documentStart);
        return !(stopEarly && chunks == 2);
    };
    if (jsonLines) {
        lw::data::forEachTextChunk(path, sink, chunkBytes);
        return;
    }
    const std::optional<std::string> whole = wholeFileText(path);
    bool finished = false;
    try {
        finished = lw::data::forEachTextChunk(path, sink, chunkBytes);
    } catch (const lw::Error& e) {
        if (whole)
            invariantBroken(std::string("streaming refused a file a whole read accepts: ") + e.what());
        throw;
    }
    if (!finished) { // stopped early: what came is the start of the text, the rest unread
        if (whole && whole->compare(0, streamed.size(), streamed) != 0)
            invariantBroken("the streamed chunks differ from the start of the file's text");
        return;
    }
    if (!whole)
        invariantBroken("streaming accepted a file a whole read refuses");
    if (streamed != *whole)
        invariantBroken("the streamed chunks differ from the file's text");
}

} // namespace

LW_FUZZ_HARNESS(text_source, fuzzTextSource)
