#pragma once
// Byte-level BPE training, GPT-2 style: count the pre-tokenized words of a corpus, then
// repeatedly merge the most frequent adjacent pair of tokens. The vocabulary is the 256
// byte tokens, one token per merge, and "<|endoftext|>" last, as in GPT-2.
#include "core/tokenizer/tokenizer.h"

namespace lw::tokenizer {

// Trains on options.inputFiles and writes vocab.json and merges.txt into
// options.outputPath (atomically; ByteLevelBpeTokenizer::load reads them back).
// lw::Error for a vocabulary size outside what the corpus supports, unreadable or
// non-UTF-8 input (with file and line), or "cancelled" when progress returns false.
void trainByteLevelBpe(const TrainTokenizerOptions& options, const TrainProgressCallback& progress);

} // namespace lw::tokenizer
