#include "core/tokenizer/hf_added_tokens.h"

#include "core/tokenizer/hf_normalizer.h"
#include "core/tokenizer/hf_unicode.h"

#include <algorithm>

namespace lw::tokenizer {
namespace {

bool endsWithWordCharacter(std::string_view text)
{
    if (text.empty())
        return false;
    auto [c, length] = decodeCharacter(text, previousCharacterStart(text, text.size()));
    return length > 0 && isWordCharacter(c);
}

bool startsWithWordCharacter(std::string_view text)
{
    if (text.empty())
        return false;
    auto [c, length] = decodeCharacter(text, 0);
    return length > 0 && isWordCharacter(c);
}

// Start of the white space that ends `text`.
size_t trailingSpaceStart(std::string_view text)
{
    size_t pos = text.size();
    while (pos > 0) {
        size_t start = previousCharacterStart(text, pos);
        auto [c, length] = decodeCharacter(text, start);
        if (length == 0 || start + length != pos || !isWhiteSpace(c))
            break;
        pos = start;
    }
    return pos;
}

// Length of the white space that starts `text`.
size_t leadingSpaceLength(std::string_view text)
{
    size_t pos = 0;
    while (pos < text.size()) {
        auto [c, length] = decodeCharacter(text, pos);
        if (length == 0 || !isWhiteSpace(c))
            break;
        pos += length;
    }
    return pos;
}

} // namespace

HfAddedTokens::HfAddedTokens(const std::vector<HfAddedToken>& tokens, const HfNormalizer& normalizer) : m_tokens(tokens)
{
    for (const HfAddedToken& t : tokens) {
        if (t.content.empty())
            continue;
        Set& target = t.normalized ? m_normalized : m_raw;
        std::string pattern = t.normalized ? normalizer.apply(t.content) : t.content;
        if (pattern.empty())
            continue;
        target.firstByte[static_cast<unsigned char>(pattern[0])] = true;
        target.entries.push_back(Entry{std::move(pattern), t});
    }
    for (Set* s : {&m_raw, &m_normalized})
        std::stable_sort(s->entries.begin(), s->entries.end(),
                         [](const Entry& a, const Entry& b) { return a.pattern.size() > b.pattern.size(); });
}

void HfAddedTokens::split(std::string_view text, bool normalizedSet, bool allowSpecial, std::vector<Segment>& out) const
{
    const Set& s = set(normalizedSet);
    size_t done = 0; // end of the last token taken
    size_t pos = 0;
    auto push = [&](size_t begin, size_t end, int32_t id) {
        if (end > begin)
            out.push_back(Segment{begin, end, id});
    };
    while (pos < text.size() && !s.entries.empty()) {
        if (!s.firstByte[static_cast<unsigned char>(text[pos])]) {
            ++pos;
            continue;
        }
        const Entry* found = nullptr;
        for (const Entry& e : s.entries)
            if (text.compare(pos, e.pattern.size(), e.pattern) == 0) {
                found = &e;
                break;
            }
        if (!found) {
            ++pos;
            continue;
        }
        size_t start = pos;
        size_t stop = pos + found->pattern.size();
        pos = stop; // matches never overlap, even the ones passed over below
        const HfAddedToken& token = found->token;
        if (token.special && !allowSpecial)
            continue;
        if (token.singleWord) {
            const bool spaceBefore = start == 0 || !endsWithWordCharacter(text.substr(0, start));
            const bool spaceAfter = stop == text.size() || !startsWithWordCharacter(text.substr(stop));
            if (!spaceBefore || !spaceAfter)
                continue;
        }
        if (token.lstrip)
            start = std::max(trailingSpaceStart(text.substr(0, start)), done);
        if (token.rstrip)
            stop += leadingSpaceLength(text.substr(stop));
        push(done, start, -1);
        push(start, stop, token.id);
        done = stop;
        pos = std::max(pos, stop);
    }
    push(done, text.size(), -1);
}

} // namespace lw::tokenizer
