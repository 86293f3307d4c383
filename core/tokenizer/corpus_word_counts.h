#pragma once
// The first pass of byte-level BPE training: read the corpus and count how often each
// GPT-2 pre-tokenized piece occurs. Merges are then learned over distinct pieces weighted
// by their counts, which is what makes training on megabytes take seconds.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace lw::tokenizer {

struct CorpusWordCounts {
    std::vector<std::string> words; // distinct pieces, sorted by bytes so results never depend on hashing
    std::vector<int64_t> counts;    // occurrences of words[i]
    int64_t totalBytes = 0;
};

// Reads each file as UTF-8 (lw::Error with file and line otherwise) and counts its
// pieces; occurrences of `separator` (such as "<|endoftext|>") split documents and are
// not counted. onProgress(fraction of bytes read) returning false stops with lw::Error
// "cancelled".
CorpusWordCounts countCorpusWords(const std::vector<std::string>& files, std::string_view separator,
                                  const std::function<bool(double)>& onProgress);

} // namespace lw::tokenizer
