#pragma once
// GPT-2-style byte-level BPE files: a vocabulary (vocab.json, or OpenAI's encoder.json:
// a JSON object from token to id) and ranked merges (merges.txt, or OpenAI's vocab.bpe:
// a "#version: 0.2" line, then one "left right" pair per line, most frequent first).
// Tokens are spelled in GPT-2's byte alphabet (see byte_unicode.h). Reading checks the
// shape of both files and reports the file, line and column of the first problem.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lw::tokenizer {

struct BpeFiles {
    std::string vocabPath;
    std::string mergesPath;
    std::vector<std::string> tokens;                          // by id, dense from 0
    std::vector<std::pair<std::string, std::string>> merges; // by rank
    std::vector<int64_t> mergeLines;                          // 1-based line of each merge
};

// Paths of the vocabulary and merges files in a folder (vocab.json before encoder.json,
// merges.txt before vocab.bpe); empty strings for the ones that are missing.
std::pair<std::string, std::string> findBpeFiles(const std::string& folder);

// Reads both files; lw::Error naming the file (and line) when either is missing or malformed.
BpeFiles readBpeFiles(const std::string& folder);

// Writes vocab.json and merges.txt into `folder` (created if needed), each atomically,
// in the layout of GPT-2's encoder.json and vocab.bpe.
void writeBpeFiles(const std::string& folder, const std::vector<std::string>& tokens,
                   const std::vector<std::pair<std::string, std::string>>& merges);

} // namespace lw::tokenizer
