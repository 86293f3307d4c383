#include "core/tokenizer/hf_decoder.h"

#include "core/tokenizer/byte_unicode.h"
#include "core/tokenizer/hf_unicode.h"

namespace lw::tokenizer {
namespace {

using DecKind = HfDecoderStep::Kind;

std::string joined(const std::vector<std::string>& tokens, const std::string& separator = {})
{
    std::string out;
    for (size_t i = 0; i < tokens.size(); ++i) {
        if (i > 0)
            out += separator;
        out += tokens[i];
    }
    return out;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// "<0xNN>" -> the byte, as ByteFallback reads it; -1 for any other token.
int byteOfToken(const std::string& token)
{
    if (token.size() != 6 || token.compare(0, 3, "<0x") != 0 || token[5] != '>')
        return -1;
    int high = hexValue(token[3]);
    int low = hexValue(token[4]);
    return high < 0 || low < 0 ? -1 : high * 16 + low;
}

// Strip: up to `start` leading and `stop` trailing copies of one character, per token.
std::string stripped(const std::string& token, const std::string& character, int32_t start, int32_t stop)
{
    if (character.empty())
        return token;
    size_t begin = 0;
    size_t end = token.size();
    for (int32_t i = 0; i < start && token.compare(begin, character.size(), character) == 0 && begin < end; ++i)
        begin += character.size();
    for (int32_t i = 0; i < stop && end >= begin + character.size() &&
                        token.compare(end - character.size(), character.size(), character) == 0;
         ++i)
        end -= character.size();
    return token.substr(begin, end - begin);
}

} // namespace

HfDecoder::HfDecoder(std::vector<HfDecoderStep> steps, const std::string& field) : m_steps(std::move(steps))
{
    for (size_t i = 0; i < m_steps.size(); ++i)
        m_regexes.push_back(m_steps[i].kind == DecKind::Replace && m_steps[i].pattern.isRegex
                                ? std::make_unique<HfRegex>(m_steps[i].pattern.text,
                                                            field + "[" + std::to_string(i) + "].pattern")
                                : nullptr);
}

HfDecoder::~HfDecoder() = default;

void HfDecoder::applyStep(size_t index, std::vector<std::string>& tokens, bool inMiddle) const
{
    const HfDecoderStep& step = m_steps[index];
    switch (step.kind) {
    case DecKind::ByteLevel: {
        std::string bytes;
        for (const std::string& t : tokens) {
            std::optional<std::string> b = tokenTextToBytes(t);
            bytes += b ? *b : t;
        }
        tokens.assign(1, std::move(bytes));
        break;
    }
    case DecKind::Replace:
        for (std::string& t : tokens)
            t = replaceMatches(t, step.pattern.text, m_regexes[index].get(), step.content);
        break;
    case DecKind::ByteFallback: {
        std::vector<std::string> out;
        std::string pendingBytes;
        for (std::string& t : tokens) {
            int byte = byteOfToken(t);
            if (byte >= 0) {
                pendingBytes += static_cast<char>(byte);
                continue;
            }
            if (!pendingBytes.empty())
                out.push_back(std::move(pendingBytes));
            pendingBytes.clear();
            out.push_back(std::move(t));
        }
        if (!pendingBytes.empty())
            out.push_back(std::move(pendingBytes));
        tokens = std::move(out);
        break;
    }
    case DecKind::Fuse:
        if (!inMiddle)
            tokens.assign(1, joined(tokens));
        break;
    case DecKind::Strip:
        if (!inMiddle)
            for (std::string& t : tokens)
                t = stripped(t, step.content, step.stripStart, step.stripStop);
        break;
    case DecKind::Metaspace:
        for (size_t i = 0; i < tokens.size(); ++i) {
            // The first token of a text loses its replacement characters: they stand for
            // the space the pre-tokenizer prepended.
            const bool first = i == 0 && !inMiddle && step.prependScheme != HfPreTokenizerStep::Prepend::Never;
            tokens[i] = replaceMatches(tokens[i], step.replacement, nullptr, first ? "" : " ");
        }
        break;
    }
}

std::string HfDecoder::decode(std::vector<std::string> tokens) const
{
    if (m_steps.empty())
        return joined(tokens, " ");
    for (size_t i = 0; i < m_steps.size(); ++i)
        applyStep(i, tokens, false);
    return joined(tokens);
}

std::string HfDecoder::decodeOne(const std::string& token) const
{
    std::vector<std::string> tokens{token};
    for (size_t i = 0; i < m_steps.size(); ++i)
        applyStep(i, tokens, true);
    return joined(tokens);
}

} // namespace lw::tokenizer
