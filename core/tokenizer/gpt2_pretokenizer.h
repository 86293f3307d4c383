#pragma once
// GPT-2's pre-tokenizer: before byte-pair merging, text is cut into pieces (words with
// their leading space, runs of digits, runs of punctuation, whitespace, contractions)
// by one regular expression, and merges never cross a piece boundary. The pattern is
// compiled once per process with PCRE2 (JIT when available) and shared by every
// tokenizer; matching is thread-safe.
#include <cstddef>
#include <string_view>

namespace lw::tokenizer {

class Gpt2PreTokenizer {
public:
    static const Gpt2PreTokenizer& instance();

    // Calls onPiece(std::string_view) for each piece, in order. The pieces cover the
    // text exactly: bytes that are not valid UTF-8 (which the pattern cannot match)
    // come out as pieces of their own, so byte-level encoding stays lossless.
    template <typename OnPiece>
    void split(std::string_view text, OnPiece&& onPiece) const
    {
        size_t pos = 0;
        while (pos < text.size()) {
            size_t begin = 0;
            size_t end = 0;
            if (!findNext(text, pos, begin, end)) {
                onPiece(text.substr(pos));
                return;
            }
            if (begin > pos)
                onPiece(text.substr(pos, begin - pos));
            onPiece(text.substr(begin, end - begin));
            pos = end;
        }
    }

    // The next match at or after `from`; false when there is none.
    bool findNext(std::string_view text, size_t from, size_t& begin, size_t& end) const;

    bool usesJit() const { return m_jit; }

    Gpt2PreTokenizer(const Gpt2PreTokenizer&) = delete;
    Gpt2PreTokenizer& operator=(const Gpt2PreTokenizer&) = delete;

private:
    Gpt2PreTokenizer();
    ~Gpt2PreTokenizer();

    void* m_code = nullptr; // pcre2_code_8*, kept opaque so that users need no PCRE2 headers
    bool m_jit = false;
};

} // namespace lw::tokenizer
