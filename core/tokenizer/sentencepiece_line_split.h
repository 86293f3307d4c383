#pragma once
// Whether a sentencepiece model may encode a text line by line, and the copy of the model
// that encodes the lines after the first.
//
// Why: sentencepiece encodes one "sentence" per call, and its BPE merge queue and unigram
// lattice are arrays as long as that sentence. Handed a 5 MB text in one call it ran at a
// fifth of its speed on the same text line by line (cache misses and page faults in those
// arrays), and its unigram search sums path scores in float, so over megabytes the sums
// lose the precision that decides near ties.
//
// Cutting after each newline gives the ids of the whole text when nothing in the model
// can see across a newline:
//  - normalisation goes character by character: no precompiled character map, no removal
//    of extra white space (it looks at neighbours), and the dummy "▁" goes in front of the
//    text, not behind it;
//  - no piece contains a newline, so no BPE merge and no unigram path spans one;
//  - the model is BPE or unigram (a word model reads from one space to the next, newlines
//    included).
// Lines after the first must not get the dummy "▁": modelWithoutDummyPrefix makes the copy
// that encodes them. Without byte fallback sentencepiece merges a run of unknown characters
// into one <unk>; where a cut falls inside such a run, the caller drops the <unk> that
// starts the next line.
#include <string>
#include <string_view>

namespace lw::tokenizer {

struct SentencePieceLineSplit {
    bool allowed = false;         // the conditions above hold
    bool addsDummyPrefix = true;  // the first line starts with "▁" (normalizer_spec.add_dummy_prefix)
    bool byteFallback = false;    // unknown characters become byte pieces, never a merged <unk>
};

// Reads the conditions from the bytes of a .model file that checkSentencePieceModel accepted.
SentencePieceLineSplit sentencePieceLineSplit(std::string_view modelBytes);

// The model with add_dummy_prefix off, and without its self-test samples (sentencepiece
// checks them on load, and they were encoded with the prefix).
std::string modelWithoutDummyPrefix(std::string_view modelBytes);

} // namespace lw::tokenizer
