#pragma once
// tokenizer.json decoders: token strings back to text, step by step as the `tokenizers`
// library does (ByteLevel, Replace, ByteFallback, Fuse, Strip, Metaspace). One
// difference on purpose: byte tokens that do not form valid UTF-8 come back as those
// bytes rather than as U+FFFD, so that decode(encode(bytes)) gives the bytes back.
#include "core/tokenizer/hf_regex.h"
#include "core/tokenizer/hf_tokenizer_spec.h"

#include <memory>
#include <string>
#include <vector>

namespace lw::tokenizer {

class HfDecoder {
public:
    HfDecoder(std::vector<HfDecoderStep> steps, const std::string& field);
    ~HfDecoder();

    // True when the steps are exactly one ByteLevel decoder.
    bool onlyByteLevel() const { return m_steps.size() == 1 && m_steps[0].kind == HfDecoderStep::Kind::ByteLevel; }
    // Runs every step on the token strings and joins what is left (with spaces when there
    // are no steps at all, as `tokenizers` does).
    std::string decode(std::vector<std::string> tokens) const;
    // One token on its own, for display: the per-token steps only (no Strip, no Fuse),
    // as it would read in the middle of a text.
    std::string decodeOne(const std::string& token) const;

private:
    void applyStep(size_t index, std::vector<std::string>& tokens, bool inMiddle) const;

    std::vector<HfDecoderStep> m_steps;
    std::vector<std::unique_ptr<HfRegex>> m_regexes;
};

} // namespace lw::tokenizer
