// writeTokenizerJson: a byte-level BPE vocabulary trained or loaded here, written in the
// `tokenizers` library's format (GPT-2's configuration), so exported models carry a
// tokenizer.json that transformers loads.
#include "core/tokenizer/byte_level_bpe_tokenizer.h"
#include "core/tokenizer/byte_unicode.h"
#include "core/tokenizer/hf_tokenizer.h"
#include "core/util/atomic_file.h"
#include "core/util/json_io.h"

namespace lw::tokenizer {

void writeTokenizerJson(const ByteLevelBpeTokenizer& tokenizer, const std::string& path)
{
    using util::Json;
    const int32_t count = tokenizer.vocabSize();
    std::vector<char> isSpecial(static_cast<size_t>(count), 0);
    Json added = Json::array();
    for (const auto& [content, id] : tokenizer.specialTokens()) {
        isSpecial[id] = 1;
        added.push_back({{"id", id},         {"content", content}, {"single_word", false}, {"lstrip", false},
                         {"rstrip", false},  {"normalized", false}, {"special", true}});
    }
    std::vector<std::string> spelled(static_cast<size_t>(count));
    Json vocab = Json::object();
    for (int32_t id = 0; id < count; ++id) {
        spelled[id] = isSpecial[id] ? tokenizer.tokenBytes(id) : bytesToTokenText(tokenizer.tokenBytes(id));
        vocab[spelled[id]] = id;
    }
    Json merges = Json::array();
    for (const auto& [left, right, merged] : tokenizer.mergeTable().mergesByRank()) {
        (void)merged;
        merges.push_back(Json::array({spelled[left], spelled[right]}));
    }
    const Json byteLevel = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}};
    Json root = {
        {"version", "1.0"},
        {"truncation", nullptr},
        {"padding", nullptr},
        {"added_tokens", added},
        {"normalizer", nullptr},
        {"pre_tokenizer", byteLevel},
        {"post_processor", byteLevel},
        {"decoder", byteLevel},
        {"model",
         {{"type", "BPE"},
          {"dropout", nullptr},
          {"unk_token", nullptr},
          {"continuing_subword_prefix", nullptr},
          {"end_of_word_suffix", nullptr},
          {"fuse_unk", false},
          {"byte_fallback", false},
          {"ignore_merges", false},
          {"vocab", vocab},
          {"merges", merges}}},
    };
    util::writeFileAtomic(path, root.dump(2, ' ', false, Json::error_handler_t::strict));
}

} // namespace lw::tokenizer
