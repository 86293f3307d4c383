#pragma once
// A regular expression from a tokenizer.json (Split pre-tokenizers, Replace normalizers
// and decoders), compiled with PCRE2 in UTF and Unicode-property mode, JIT-compiled when
// available. `tokenizers` runs these patterns with Oniguruma; the patterns the model
// families use (GPT-2's, Llama 3's, Qwen2's) mean the same in both, except that PCRE2's
// \s also matches U+180E, so \s and \S are rewritten to Unicode's White_Space set.
// Subjects need not be valid UTF-8: invalid bytes are never part of a match.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lw::tokenizer {

class HfRegex {
public:
    // lw::Error naming `field` when the pattern does not compile.
    HfRegex(const std::string& pattern, const std::string& field);
    ~HfRegex();
    HfRegex(const HfRegex&) = delete;
    HfRegex& operator=(const HfRegex&) = delete;

    struct Match {
        size_t begin;
        size_t end;
    };
    // Every non-overlapping match, left to right, as Oniguruma's iteration finds them:
    // after an empty match the search goes on one character later.
    void findAll(std::string_view text, std::vector<Match>& out) const;

private:
    void* m_code = nullptr; // pcre2_code_8*
    bool m_jit = false;
};

// Every match of `regex` (or, when it is null, every occurrence of `literal`) replaced by
// `content`.
std::string replaceMatches(std::string_view text, const std::string& literal, const HfRegex* regex,
                           const std::string& content);

// The pattern with \s and \S spelled as Unicode's White_Space set (see above).
std::string withUnicodeWhiteSpace(const std::string& pattern);

} // namespace lw::tokenizer
