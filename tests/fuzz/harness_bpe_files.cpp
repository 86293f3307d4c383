// GPT-2 byte-level BPE files (core/tokenizer/bpe_files.h): the input holds vocab.json,
// merges.txt and a text, separated by kPartSeparator lines. A tokenizer that loads must
// encode any bytes losslessly: decode(encode(text)) == text, with every id in range.
#include "core/tokenizer/byte_level_bpe_tokenizer.h"
#include "core/util/error.h"
#include "fuzz_harness.h"

namespace {

using lw::fuzz::invariantBroken;

void checkRoundTrip(const lw::tokenizer::ByteLevelBpeTokenizer& tokenizer, std::string_view text, bool allowSpecial)
{
    const std::vector<int32_t> ids = tokenizer.encode(text, allowSpecial);
    std::string joined;
    for (int32_t id : ids) {
        if (id < 0 || id >= tokenizer.vocabSize())
            invariantBroken("encode gave id " + std::to_string(id) + " outside the vocabulary");
        joined += tokenizer.tokenBytes(id);
    }
    if (tokenizer.decode(ids) != text || joined != text)
        invariantBroken(std::string("decode(encode(text)) differs from the text") +
                        (allowSpecial ? " (special tokens allowed)" : ""));
}

void fuzzBpeFiles(std::string_view input)
{
    const auto parts = lw::fuzz::splitParts(input, 3);
    lw::fuzz::writeScratchFile("bpe/vocab.json", parts[0]);
    lw::fuzz::writeScratchFile("bpe/merges.txt", parts[1]);
    const auto tokenizer = lw::tokenizer::ByteLevelBpeTokenizer::load(lw::fuzz::scratchFolder() + "/bpe");
    checkRoundTrip(*tokenizer, parts[2], true);
    checkRoundTrip(*tokenizer, parts[2], false);
    for (const auto& [text, id] : tokenizer->specialTokens())
        if (tokenizer->encode(text, true) != std::vector<int32_t>{id})
            invariantBroken("special token " + std::to_string(id) + " does not encode to itself");
    // Ids out of range are refused with lw::Error, never read.
    for (int32_t id : {-1, tokenizer->vocabSize()}) {
        try {
            tokenizer->decode({id});
            invariantBroken("decode accepted id " + std::to_string(id));
        } catch (const lw::Error&) {
        }
    }
}

} // namespace

LW_FUZZ_HARNESS(bpe_files, fuzzBpeFiles)
