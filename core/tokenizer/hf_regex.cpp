#include "core/tokenizer/hf_regex.h"

#include "core/util/error.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace lw::tokenizer {
namespace {

constexpr const char* kWhiteSpace =
    "\\t\\n\\x{0B}\\f\\r \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}";

pcre2_code* regexCode(void* p)
{
    return static_cast<pcre2_code*>(p);
}

std::string pcreMessage(int errorCode)
{
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(errorCode, message, sizeof message);
    return reinterpret_cast<char*>(message);
}

size_t utf8SequenceLength(unsigned char lead)
{
    if (lead < 0x80)
        return 1;
    if ((lead & 0xE0) == 0xC0)
        return 2;
    if ((lead & 0xF0) == 0xE0)
        return 3;
    if ((lead & 0xF8) == 0xF0)
        return 4;
    return 1;
}

std::string replaceLiteral(std::string_view text, const std::string& pattern, const std::string& content)
{
    if (pattern.empty())
        return std::string(text);
    std::string out;
    size_t pos = 0;
    while (true) {
        size_t hit = text.find(pattern, pos);
        if (hit == std::string_view::npos)
            break;
        out.append(text.substr(pos, hit - pos));
        out += content;
        pos = hit + pattern.size();
    }
    out.append(text.substr(pos));
    return out;
}

} // namespace

std::string withUnicodeWhiteSpace(const std::string& pattern)
{
    std::string out;
    bool inClass = false;
    for (size_t i = 0; i < pattern.size(); ++i) {
        char c = pattern[i];
        if (c == '\\' && i + 1 < pattern.size()) {
            char next = pattern[i + 1];
            if (next == 's') {
                out += inClass ? std::string(kWhiteSpace) : "[" + std::string(kWhiteSpace) + "]";
            } else if (next == 'S' && !inClass) {
                out += "[^" + std::string(kWhiteSpace) + "]";
            } else {
                out += c;
                out += next;
            }
            ++i;
            continue;
        }
        if (c == '[' && !inClass) {
            inClass = true;
            out += c;
            // A ']' right after '[' or '[^' is a literal, not the end of the class.
            if (i + 1 < pattern.size() && pattern[i + 1] == '^')
                out += pattern[++i];
            if (i + 1 < pattern.size() && pattern[i + 1] == ']')
                out += pattern[++i];
            continue;
        }
        if (c == ']' && inClass)
            inClass = false;
        out += c;
    }
    return out;
}

HfRegex::HfRegex(const std::string& pattern, const std::string& field)
{
    const std::string translated = withUnicodeWhiteSpace(pattern);
    int errorCode = 0;
    PCRE2_SIZE errorOffset = 0;
    pcre2_code* compiled = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()), translated.size(),
                                         PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &errorCode, &errorOffset,
                                         nullptr);
    if (!compiled)
        throw Error::inField(field, "the regular expression does not compile: " + pcreMessage(errorCode));
    m_code = compiled;
    uint32_t jitAvailable = 0;
    pcre2_config(PCRE2_CONFIG_JIT, &jitAvailable);
    m_jit = jitAvailable && pcre2_jit_compile(compiled, PCRE2_JIT_COMPLETE) == 0;
}

HfRegex::~HfRegex()
{
    pcre2_code_free(regexCode(m_code));
}

void HfRegex::findAll(std::string_view text, std::vector<Match>& out) const
{
    struct Holder {
        pcre2_match_data* data = pcre2_match_data_create(1, nullptr);
        ~Holder() { pcre2_match_data_free(data); }
    };
    thread_local Holder holder;
    auto subject = reinterpret_cast<PCRE2_SPTR>(text.data());
    size_t from = 0;
    while (from <= text.size()) {
        int rc = m_jit ? pcre2_jit_match(regexCode(m_code), subject, text.size(), from, 0, holder.data, nullptr)
                       : pcre2_match(regexCode(m_code), subject, text.size(), from, 0, holder.data, nullptr);
        if (rc == PCRE2_ERROR_NOMATCH)
            return;
        if (rc < 0)
            throw Error("tokenizer.json regular expression: matching failed at byte " + std::to_string(from) + ": " +
                        pcreMessage(rc));
        const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(holder.data);
        Match m{ovector[0], ovector[1]};
        if (m.end < m.begin) // \K in a lookahead can report that; treat it as empty
            m.end = m.begin;
        out.push_back(m);
        if (m.end > m.begin)
            from = m.end;
        else if (m.end >= text.size())
            return;
        else
            from = m.end + utf8SequenceLength(static_cast<unsigned char>(text[m.end]));
    }
}

std::string replaceMatches(std::string_view text, const std::string& literal, const HfRegex* regex, const std::string& content)
{
    if (!regex)
        return replaceLiteral(text, literal, content);
    thread_local std::vector<HfRegex::Match> matches;
    matches.clear();
    regex->findAll(text, matches);
    std::string out;
    size_t pos = 0;
    for (const auto& m : matches) {
        out.append(text.substr(pos, m.begin - pos));
        out += content;
        pos = m.end;
    }
    out.append(text.substr(pos));
    return out;
}

} // namespace lw::tokenizer
