#pragma once
// tokenizer.json pre-tokenizers: they cut each normalized stretch of text into pieces
// that BPE merges never cross. Steps run in order, each on the pieces of the one before,
// with the `tokenizers` library's rules for delimiters (Removed, Isolated, Merged...) and
// for dropping empty pieces. A ByteLevel step must be the last one: our BPE works on raw
// bytes, so the byte-to-character mapping it implies happens in the model instead.
#include "core/tokenizer/hf_regex.h"
#include "core/tokenizer/hf_tokenizer_spec.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lw::tokenizer {

class HfPreTokenizer {
public:
    // `field` names the steps in errors ("tokenizer.json: pre_tokenizer.pretokenizers").
    HfPreTokenizer(std::vector<HfPreTokenizerStep> steps, const std::string& field);
    ~HfPreTokenizer();

    // True when a ByteLevel step is present: the vocabulary is in GPT-2's byte alphabet.
    bool byteLevel() const { return m_byteLevel; }

    // Calls onPiece for each piece of `text`. `atTextStart` says that the text begins
    // the input (Metaspace's prepend_scheme "first" adds its prefix only there).
    void split(std::string_view text, bool atTextStart, const std::function<void(std::string_view)>& onPiece) const;

    // Pieces as a list of spans into one buffer, passed from step to step.
    struct Pieces {
        std::string buffer;
        std::vector<std::pair<uint32_t, uint32_t>> spans; // [begin, end) in buffer
        bool firstAtTextStart = false;
        std::string_view at(size_t i) const
        {
            return std::string_view(buffer).substr(spans[i].first, spans[i].second - spans[i].first);
        }
        void add(std::string_view piece)
        {
            if (piece.empty())
                return;
            spans.emplace_back(static_cast<uint32_t>(buffer.size()), static_cast<uint32_t>(buffer.size() + piece.size()));
            buffer.append(piece);
        }
        void clear()
        {
            buffer.clear();
            spans.clear();
        }
    };

private:
    void applyStep(size_t index, const Pieces& in, Pieces& out) const;

    std::vector<HfPreTokenizerStep> m_steps;
    std::vector<std::unique_ptr<HfRegex>> m_regexes; // per step; null where a step has none
    bool m_byteLevel = false;
    bool m_gpt2Only = false; // exactly GPT-2's ByteLevel: the shared hand-tuned splitter does it
};

} // namespace lw::tokenizer
