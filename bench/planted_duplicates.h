#pragma once
// A corpus with planted duplicates for bench_near_dedup: one row per line, about 1 KB each,
// all from one seed. Most rows are originals (130 to 170 random words from a 30,000-word
// vocabulary, in sentences with capitals, commas and full stops); the rest copy an earlier
// original:
//   exact_variant  the same words in another case and spacing (Jaccard 1; exact dedup finds it)
//   near_edit      one word replaced inside the text and two punctuation marks changed (Jaccard about 0.93)
//   near_tail      1 to 3 words appended or removed at the end (Jaccard about 0.97 to 0.99)
//   far_copy       10% of the words replaced (Jaccard about 0.4: must be kept)
// Each original is rebuilt from its row number, so the generator holds no texts.
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace lw::bench {

enum class RowKind { Original, ExactVariant, NearEdit, NearTail, FarCopy };

inline const char* kindName(RowKind k)
{
    switch (k) {
    case RowKind::Original: return "original";
    case RowKind::ExactVariant: return "exact_variant";
    case RowKind::NearEdit: return "near_edit";
    case RowKind::NearTail: return "near_tail";
    case RowKind::FarCopy: return "far_copy";
    }
    return "?";
}

class PlantedCorpus {
public:
    explicit PlantedCorpus(uint64_t seed) : m_seed(seed), m_rng(seed)
    {
        std::mt19937_64 vocabularyRng(seed ^ 0x5EEDF00Dull);
        for (int i = 0; i < 30000; ++i) {
            std::string w;
            const int length = 2 + static_cast<int>(vocabularyRng() % 9);
            for (int c = 0; c < length; ++c)
                w.push_back(static_cast<char>('a' + vocabularyRng() % 26));
            m_vocabulary.push_back(w);
        }
    }

    // The next row's text (no newline), its kind and the original it copies (-1 for originals).
    void next(std::string& text, RowKind& kind, int64_t& original)
    {
        const int64_t row = m_row++;
        const uint64_t dice = m_rng() % 100;
        kind = m_originals.empty() || dice < 84 ? RowKind::Original
               : dice < 88                       ? RowKind::ExactVariant
               : dice < 93                       ? RowKind::NearEdit
               : dice < 96                       ? RowKind::NearTail
                                                 : RowKind::FarCopy;
        if (kind == RowKind::Original) {
            m_originals.push_back(row);
            original = -1;
            render(document(row), text);
            return;
        }
        original = m_originals[m_rng() % m_originals.size()];
        std::vector<Token> tokens = document(original);
        switch (kind) {
        case RowKind::ExactVariant:
            renderVariant(tokens, text);
            return;
        case RowKind::NearEdit: {
            const size_t at = 5 + m_rng() % (tokens.size() - 10);
            tokens[at].word = otherWord(tokens[at].word);
            for (int i = 0; i < 2; ++i)
                tokens[m_rng() % tokens.size()].mark = "!?;,."[m_rng() % 5];
            break;
        }
        case RowKind::NearTail: {
            const int count = 1 + static_cast<int>(m_rng() % 3);
            const bool append = m_rng() % 2;
            for (int i = 0; i < count; ++i) {
                if (append)
                    tokens.push_back({static_cast<uint32_t>(m_rng() % m_vocabulary.size()), 0});
                else
                    tokens.pop_back();
            }
            break;
        }
        case RowKind::FarCopy:
            for (size_t i = 0; i < tokens.size() / 10; ++i) {
                const size_t at = m_rng() % tokens.size();
                tokens[at].word = otherWord(tokens[at].word);
            }
            break;
        default:
            break;
        }
        render(tokens, text);
    }

private:
    struct Token {
        uint32_t word;
        char mark; // punctuation after the word, 0 for none
    };

    uint64_t m_seed;
    std::mt19937_64 m_rng;
    std::vector<std::string> m_vocabulary;
    std::vector<int64_t> m_originals;
    int64_t m_row = 0;

    std::vector<Token> document(int64_t row) const
    {
        std::mt19937_64 rng(m_seed * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(row));
        std::vector<Token> tokens(130 + rng() % 41);
        for (auto& t : tokens) {
            t.word = static_cast<uint32_t>(rng() % m_vocabulary.size());
            const uint64_t r = rng() % 24;
            t.mark = r < 2 ? '.' : r < 3 ? ',' : 0;
        }
        tokens.back().mark = '.';
        return tokens;
    }

    uint32_t otherWord(uint32_t word)
    {
        uint32_t w;
        do
            w = static_cast<uint32_t>(m_rng() % m_vocabulary.size());
        while (w == word);
        return w;
    }

    void render(const std::vector<Token>& tokens, std::string& text) const
    {
        text.clear();
        bool sentenceStart = true;
        for (const Token& t : tokens) {
            if (!text.empty())
                text.push_back(' ');
            const size_t start = text.size();
            text += m_vocabulary[t.word];
            if (sentenceStart)
                text[start] = static_cast<char>(text[start] - 'a' + 'A');
            sentenceStart = t.mark == '.' || t.mark == '!' || t.mark == '?';
            if (t.mark)
                text.push_back(t.mark);
        }
    }

    // Same words and marks; other case and spacing.
    void renderVariant(const std::vector<Token>& tokens, std::string& text)
    {
        std::string plain;
        render(tokens, plain);
        text = m_rng() % 2 ? "  " : "";
        for (char c : plain) {
            if (c == ' ') {
                const uint64_t r = m_rng() % 20;
                text += r == 0 ? "\t" : r == 1 ? "   " : " ";
            } else {
                text.push_back(m_rng() % 4 == 0 && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
            }
        }
    }
};

} // namespace lw::bench
