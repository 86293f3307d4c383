#include "core/tokenizer/gpt2_pretokenizer.h"

#include "core/util/error.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace lw::tokenizer {
namespace {

// GPT-2's pattern is
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// as run by Python's `regex` module. PCRE2's \s (with UCP) also counts U+180E, which
// Unicode dropped from White_Space in 6.3 and Python does not match, so \s is spelled
// out below as the White_Space set. \p{L} and \p{N} come from PCRE2's Unicode tables:
// letters assigned after that Unicode version (PCRE2 10.42: Unicode 14) may split
// differently from a Python with newer tables.
#define LW_WHITE_SPACE "\\t\\n\\x{0B}\\f\\r \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}"
constexpr const char* kGpt2Pattern =
    "'s|'t|'re|'ve|'m|'ll|'d"
    "| ?\\p{L}+"
    "| ?\\p{N}+"
    "| ?[^" LW_WHITE_SPACE "\\p{L}\\p{N}]+"
    "|[" LW_WHITE_SPACE "]+(?![^" LW_WHITE_SPACE "])"
    "|[" LW_WHITE_SPACE "]+";
#undef LW_WHITE_SPACE

pcre2_code* code(void* p)
{
    return static_cast<pcre2_code*>(p);
}

// One match-data block per thread, shared by all matches on that thread: the pattern
// has no capture groups, so one ovector pair is enough for any compiled pattern.
pcre2_match_data* threadMatchData()
{
    struct Holder {
        pcre2_match_data* data = pcre2_match_data_create(1, nullptr);
        ~Holder() { pcre2_match_data_free(data); }
    };
    thread_local Holder holder;
    return holder.data;
}

} // namespace

Gpt2PreTokenizer::Gpt2PreTokenizer()
{
    int errorCode = 0;
    PCRE2_SIZE errorOffset = 0;
    // MATCH_INVALID_UTF lets arbitrary bytes through: invalid sequences simply never
    // match, instead of making every match call fail.
    pcre2_code* compiled = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(kGpt2Pattern), PCRE2_ZERO_TERMINATED,
                                         PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &errorCode,
                                         &errorOffset, nullptr);
    if (!compiled) {
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(errorCode, message, sizeof message);
        throw std::logic_error("GPT-2 pre-tokenizer pattern does not compile at offset " +
                               std::to_string(errorOffset) + ": " + reinterpret_cast<char*>(message));
    }
    m_code = compiled;
    uint32_t jitAvailable = 0;
    pcre2_config(PCRE2_CONFIG_JIT, &jitAvailable);
    m_jit = jitAvailable && pcre2_jit_compile(compiled, PCRE2_JIT_COMPLETE) == 0;
}

Gpt2PreTokenizer::~Gpt2PreTokenizer()
{
    pcre2_code_free(code(m_code));
}

const Gpt2PreTokenizer& Gpt2PreTokenizer::instance()
{
    static const Gpt2PreTokenizer pretokenizer;
    return pretokenizer;
}

bool Gpt2PreTokenizer::findNext(std::string_view text, size_t from, size_t& begin, size_t& end) const
{
    pcre2_match_data* matchData = threadMatchData();
    auto subject = reinterpret_cast<PCRE2_SPTR>(text.data());
    int rc = m_jit ? pcre2_jit_match(code(m_code), subject, text.size(), from, 0, matchData, nullptr)
                   : pcre2_match(code(m_code), subject, text.size(), from, 0, matchData, nullptr);
    if (rc == PCRE2_ERROR_NOMATCH)
        return false;
    if (rc < 0) { // resource limits; not expected for this pattern, but never silently wrong
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(rc, message, sizeof message);
        throw Error("GPT-2 pre-tokenizer: matching failed at byte " + std::to_string(from) + ": " +
                    reinterpret_cast<char*>(message));
    }
    const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(matchData);
    begin = ovector[0];
    end = ovector[1];
    return end > begin;
}

} // namespace lw::tokenizer
