#pragma once
// tokenizer.json normalizers: Unicode normal forms (ICU), Lowercase, Strip, Replace,
// Prepend, applied in order to each stretch of text between added tokens. Bytes that
// are not valid UTF-8 (which `tokenizers` never sees: its input is a Rust string) pass
// through every step unchanged, so byte-level tokenizers stay lossless.
#include "core/tokenizer/hf_regex.h"
#include "core/tokenizer/hf_tokenizer_spec.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lw::tokenizer {

class HfNormalizer {
public:
    // `field` names the steps in errors ("tokenizer.json: normalizer.normalizers[1]").
    HfNormalizer(std::vector<HfNormalizerStep> steps, const std::string& field);
    ~HfNormalizer();

    bool empty() const { return m_steps.empty(); }
    std::string apply(std::string_view text) const;

private:
    std::vector<HfNormalizerStep> m_steps;
    std::vector<std::unique_ptr<HfRegex>> m_regexes; // per step; null unless a Replace with a Regex
};

} // namespace lw::tokenizer
