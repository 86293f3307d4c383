// tokenizer.json (core/tokenizer/hf_tokenizer_json.h): the input is the document. A file
// that loads must encode and decode a fixed text without crashing, with every id in range.
#include "core/tokenizer/hf_tokenizer.h"
#include "core/util/error.h"
#include "fuzz_harness.h"

namespace {

using lw::fuzz::invariantBroken;

void fuzzTokenizerJson(std::string_view input)
{
    lw::fuzz::writeScratchFile("hf/tokenizer.json", input);
    const auto tokenizer = lw::tokenizer::HfTokenizer::load(lw::fuzz::scratchFolder() + "/hf/tokenizer.json");
    const std::string text = "Hello  world!\n It's 2024: Vi\xe1\xbb\x87t, \xe6\x97\xa5\xe6\x9c\xac <s></s> \xff";
    for (bool allowSpecial : {true, false}) {
        const std::vector<int32_t> ids = tokenizer->encode(text, allowSpecial);
        for (int32_t id : ids)
            if (id < 0 || id >= tokenizer->vocabSize())
                invariantBroken("encode gave id " + std::to_string(id) + " outside the vocabulary");
        (void)tokenizer->decode(ids);
    }
}

} // namespace

LW_FUZZ_HARNESS(tokenizer_json, fuzzTokenizerJson)
