#include "core/eval/exact_match.h"

#include "core/eval/metric_text.h"


namespace lw::eval {

namespace {

bool isAsciiPunctuation(unsigned char c)
{
    // Python's string.punctuation: !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~
    return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

bool isAsciiSpace(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// A byte of a word for \b: ASCII letters, digits, '_' and every byte of a non-ASCII
// character (letters of other scripts count as word characters, as in Python's re).
bool isWordByte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

std::string removePunctuation(std::string_view text)
{
    std::string out;
    for (char c : text)
        if (!isAsciiPunctuation(static_cast<unsigned char>(c)))
            out += c;
    return out;
}

// Each whole word "a", "an" or "the" becomes one space, as re.sub(r'\b(a|an|the)\b', ' ').
std::string removeArticles(std::string_view text)
{
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        const bool atStart = i == 0 || !isWordByte(static_cast<unsigned char>(text[i - 1]));
        if (atStart) {
            size_t matched = 0;
            for (std::string_view article : {"the", "an", "a"}) {
                const size_t end = i + article.size();
                if (text.substr(i, article.size()) == article &&
                    (end == text.size() || !isWordByte(static_cast<unsigned char>(text[end])))) {
                    matched = article.size();
                    break;
                }
            }
            if (matched > 0) {
                out += ' ';
                i += matched;
                continue;
            }
        }
        out += text[i++];
    }
    return out;
}

std::string collapseWhitespace(std::string_view text)
{
    std::string out;
    bool pendingSpace = false;
    for (char c : text) {
        if (isAsciiSpace(static_cast<unsigned char>(c))) {
            pendingSpace = !out.empty();
            continue;
        }
        if (pendingSpace)
            out += ' ';
        pendingSpace = false;
        out += c;
    }
    return out;
}

} // namespace

std::string normaliseAnswer(std::string_view text, const AnswerNormalisation& o)
{
    std::string s = o.ignoreCase ? lowercaseUnicode(text) : std::string(text);
    if (o.ignorePunctuation)
        s = removePunctuation(s);
    if (o.ignoreArticles)
        s = removeArticles(s);
    if (o.ignoreWhitespace)
        s = collapseWhitespace(s);
    return s;
}

bool exactMatch(std::string_view answer, std::string_view reference, const AnswerNormalisation& options)
{
    return normaliseAnswer(answer, options) == normaliseAnswer(reference, options);
}

} // namespace lw::eval
