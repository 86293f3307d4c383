#pragma once
// Streams documents out of user files without loading them whole: plain text (UTF-8,
// or UTF-16 with a byte-order mark) in chunks cut at safe places, and JSON Lines whose
// "text" field holds one document per line. Errors name the file and line.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace lw::data {

// Files named directly are kept; folders contribute their *.txt, *.md, *.text and
// *.jsonl files, recursively, in sorted order. lw::Error for missing paths or when no
// file is found.
std::vector<std::string> expandInputPaths(const std::vector<std::string>& inputs);

struct TextChunk {
    std::string_view text;
    bool documentStart = false; // first chunk of a new document
};

// Calls `sink` with consecutive chunks of each document in `path`. Plain-text chunks
// are cut right after a newline between two non-space characters, where byte-level BPE
// pre-tokenisation splits anyway (or, in lines longer than a chunk, before " word"), so
// chunked encoding equals encoding the whole file. `sink` returning false stops early (returns false).
bool forEachTextChunk(const std::string& path, const std::function<bool(const TextChunk&)>& sink,
                      size_t chunkBytes = 4 << 20);

// True for the files forEachTextChunk reads as JSON Lines (one document per line).
bool isJsonLinesFile(const std::string& path);

// Splits a plain-text chunk at its blank lines (lines of white space only, which are
// dropped): `sink(paragraph, startsDocument)` gets the text between them in order, the
// first piece continuing the current document (which has no text yet when
// `atDocumentStart`). Chunks from forEachTextChunk never cut a run of blank lines in two.
void forEachParagraph(std::string_view chunk, bool atDocumentStart,
                      const std::function<void(std::string_view, bool)>& sink);

} // namespace lw::data
