#include "core/tokenizer/hf_normalizer.h"

#include "core/tokenizer/hf_unicode.h"
#include "core/util/error.h"
#include "core/util/text_file.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/ustring.h>

namespace lw::tokenizer {
namespace {

using NormKind = HfNormalizerStep::Kind;

const icu::Normalizer2* normalForm(NormKind kind)
{
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = nullptr;
    switch (kind) {
    case NormKind::Nfc: n = icu::Normalizer2::getNFCInstance(status); break;
    case NormKind::Nfkc: n = icu::Normalizer2::getNFKCInstance(status); break;
    case NormKind::Nfd: n = icu::Normalizer2::getNFDInstance(status); break;
    case NormKind::Nfkd: n = icu::Normalizer2::getNFKDInstance(status); break;
    default: break;
    }
    if (U_FAILURE(status) || !n)
        throw Error(std::string("ICU normalizer unavailable: ") + u_errorName(status));
    return n;
}

std::string normalizeValid(const icu::Normalizer2& normalizer, std::string_view text)
{
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString source = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    icu::UnicodeString result = normalizer.normalize(source, status);
    if (U_FAILURE(status))
        throw Error(std::string("Unicode normalization failed: ") + u_errorName(status));
    std::string out;
    result.toUTF8String(out);
    return out;
}

// Rust's char::to_lowercase, one character at a time (no context such as a final sigma).
void appendLowercase(char32_t c, std::string& out)
{
    if (c < 0x80) {
        out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
        return;
    }
    UChar source[2];
    int32_t length = 0;
    U16_APPEND_UNSAFE(source, length, static_cast<UChar32>(c));
    UChar lowered[8];
    UErrorCode status = U_ZERO_ERROR;
    int32_t n = u_strToLower(lowered, 8, source, length, "", &status);
    if (U_FAILURE(status) || n > 8) {
        util::appendUtf8(out, c);
        return;
    }
    for (int32_t i = 0; i < n;) {
        UChar32 cp;
        U16_NEXT(lowered, i, n, cp);
        util::appendUtf8(out, static_cast<char32_t>(cp));
    }
}

std::string lowercase(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    forEachCharacter(text, [&](std::string_view bytes, char32_t c, bool valid) {
        if (valid)
            appendLowercase(c, out);
        else
            out += bytes;
    });
    return out;
}

std::string strip(std::string_view text, bool left, bool right)
{
    size_t begin = 0;
    size_t end = text.size();
    if (left)
        while (begin < end) {
            auto [c, length] = decodeCharacter(text, begin);
            if (length == 0 || !isWhiteSpace(c))
                break;
            begin += length;
        }
    if (right)
        while (end > begin) {
            size_t start = previousCharacterStart(text, end);
            auto [c, length] = decodeCharacter(text, start);
            if (length == 0 || start + length != end || !isWhiteSpace(c))
                break;
            end = start;
        }
    return std::string(text.substr(begin, end - begin));
}

} // namespace

HfNormalizer::HfNormalizer(std::vector<HfNormalizerStep> steps, const std::string& field) : m_steps(std::move(steps))
{
    for (size_t i = 0; i < m_steps.size(); ++i) {
        const auto& step = m_steps[i];
        m_regexes.push_back(step.kind == NormKind::Replace && step.pattern.isRegex
                                ? std::make_unique<HfRegex>(step.pattern.text, field + "[" + std::to_string(i) + "].pattern")
                                : nullptr);
        if (step.kind == NormKind::Nfc || step.kind == NormKind::Nfkc || step.kind == NormKind::Nfd || step.kind == NormKind::Nfkd)
            normalForm(step.kind); // fail at load time, not at the first encode
    }
}

HfNormalizer::~HfNormalizer() = default;

std::string HfNormalizer::apply(std::string_view input) const
{
    std::string text(input);
    for (size_t i = 0; i < m_steps.size(); ++i) {
        const auto& step = m_steps[i];
        switch (step.kind) {
        case NormKind::Nfc:
        case NormKind::Nfkc:
        case NormKind::Nfd:
        case NormKind::Nfkd: {
            if (isAscii(text))
                break; // ASCII is in every normal form
            const icu::Normalizer2& normalizer = *normalForm(step.kind);
            std::string out;
            out.reserve(text.size());
            forEachValidRun(text, [&](std::string_view run, bool valid) {
                out += valid ? normalizeValid(normalizer, run) : std::string(run);
            });
            text = std::move(out);
            break;
        }
        case NormKind::Lowercase: text = lowercase(text); break;
        case NormKind::Strip: text = strip(text, step.stripLeft, step.stripRight); break;
        case NormKind::Replace: text = replaceMatches(text, step.pattern.text, m_regexes[i].get(), step.content); break;
        case NormKind::Prepend:
            if (!text.empty())
                text = step.content + text;
            break;
        }
    }
    return text;
}

} // namespace lw::tokenizer
