#include "core/tokenizer/hf_pretokenizer.h"

#include "core/tokenizer/gpt2_pretokenizer.h"
#include "core/tokenizer/hf_unicode.h"
#include "core/util/error.h"

#include <algorithm>
#include <cctype>

namespace lw::tokenizer {
namespace {

using PreKind = HfPreTokenizerStep::Kind;
using Match = HfRegex::Match;

// A literal as a regular expression, as `tokenizers` compiles Split's String patterns.
std::string escapeLiteral(const std::string& literal)
{
    std::string out;
    for (char c : literal) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x80 && !std::isalnum(u))
            out += '\\';
        out += c;
    }
    return out;
}

// `tokenizers`' NormalizedString::split: the matches and the stretches between them
// cover the text; the behaviour decides which are kept and what is glued to what.
template <typename Emit>
void splitByMatches(std::string_view text, const std::vector<Match>& matches, HfSplitBehavior behavior, bool invert,
                    Emit&& emit)
{
    struct Part {
        size_t begin;
        size_t end;
        bool isMatch;
    };
    thread_local std::vector<Part> parts;
    parts.clear();
    if (text.empty())
        return;
    size_t prev = 0;
    for (const Match& m : matches) {
        if (prev != m.begin)
            parts.push_back({prev, m.begin, invert});
        parts.push_back({m.begin, m.end, !invert});
        prev = m.end;
    }
    if (prev != text.size())
        parts.push_back({prev, text.size(), invert});

    thread_local std::vector<Part> kept; // isMatch here means "remove"
    kept.clear();
    bool previousMatch = false;
    switch (behavior) {
    case HfSplitBehavior::Isolated:
        for (const Part& p : parts)
            kept.push_back({p.begin, p.end, false});
        break;
    case HfSplitBehavior::Removed:
        kept = parts;
        break;
    case HfSplitBehavior::Contiguous:
        for (const Part& p : parts) {
            if (p.isMatch == previousMatch && !kept.empty())
                kept.back().end = p.end;
            else
                kept.push_back({p.begin, p.end, false});
            previousMatch = p.isMatch;
        }
        break;
    case HfSplitBehavior::MergedWithPrevious:
        for (const Part& p : parts) {
            if (p.isMatch && !previousMatch && !kept.empty())
                kept.back().end = p.end;
            else
                kept.push_back({p.begin, p.end, false});
            previousMatch = p.isMatch;
        }
        break;
    case HfSplitBehavior::MergedWithNext:
        for (size_t i = parts.size(); i-- > 0;) {
            const Part& p = parts[i];
            if (p.isMatch && !previousMatch && !kept.empty())
                kept.back().begin = p.begin;
            else
                kept.push_back({p.begin, p.end, false});
            previousMatch = p.isMatch;
        }
        std::reverse(kept.begin(), kept.end());
        break;
    }
    for (const Part& p : kept)
        if (!p.isMatch && p.end > p.begin)
            emit(text.substr(p.begin, p.end - p.begin));
}

// Each character satisfying `test` as a match of its own (a `tokenizers` char pattern).
template <typename Test>
void characterMatches(std::string_view text, Test&& test, std::vector<Match>& out)
{
    size_t pos = 0;
    forEachCharacter(text, [&](std::string_view bytes, char32_t c, bool valid) {
        if (valid && test(c))
            out.push_back({pos, pos + bytes.size()});
        pos += bytes.size();
    });
}

bool startsWith(std::string_view text, std::string_view prefix)
{
    return text.substr(0, prefix.size()) == prefix;
}

} // namespace

HfPreTokenizer::HfPreTokenizer(std::vector<HfPreTokenizerStep> steps, const std::string& field) : m_steps(std::move(steps))
{
    for (size_t i = 0; i < m_steps.size(); ++i) {
        const auto& step = m_steps[i];
        const std::string stepField = field + "[" + std::to_string(i) + "]";
        if (m_byteLevel)
            throw Error::inField(stepField, "a pre-tokenizer after ByteLevel is not supported (ByteLevel must come last)");
        std::unique_ptr<HfRegex> regex;
        if (step.kind == PreKind::Split)
            regex = std::make_unique<HfRegex>(step.pattern.isRegex ? step.pattern.text : escapeLiteral(step.pattern.text),
                                              stepField + ".pattern");
        else if (step.kind == PreKind::Whitespace)
            regex = std::make_unique<HfRegex>("\\w+|[^\\w\\s]+", stepField);
        if (step.kind == PreKind::Metaspace && step.replacement.empty())
            throw Error::inField(stepField + ".replacement", "must be one character");
        m_regexes.push_back(std::move(regex));
        if (step.kind == PreKind::ByteLevel)
            m_byteLevel = true;
    }
    m_gpt2Only = m_steps.size() == 1 && m_steps[0].kind == PreKind::ByteLevel && m_steps[0].useRegex &&
                 !m_steps[0].addPrefixSpace;
}

HfPreTokenizer::~HfPreTokenizer() = default;

void HfPreTokenizer::split(std::string_view text, bool atTextStart,
                           const std::function<void(std::string_view)>& onPiece) const
{
    if (text.empty())
        return;
    if (m_gpt2Only) {
        Gpt2PreTokenizer::instance().split(text, onPiece);
        return;
    }
    thread_local Pieces a;
    thread_local Pieces b;
    // A nested call (none today) would clobber the thread-local buffers: copy them out.
    Pieces* in = &a;
    Pieces* out = &b;
    in->clear();
    in->add(text);
    in->firstAtTextStart = atTextStart;
    for (size_t i = 0; i < m_steps.size(); ++i) {
        out->clear();
        out->firstAtTextStart = false;
        applyStep(i, *in, *out);
        std::swap(in, out);
    }
    for (size_t i = 0; i < in->spans.size(); ++i)
        onPiece(in->at(i));
}

void HfPreTokenizer::applyStep(size_t index, const Pieces& in, Pieces& out) const
{
    const HfPreTokenizerStep& step = m_steps[index];
    const HfRegex* regex = m_regexes[index].get();
    auto emit = [&](std::string_view piece) { out.add(piece); };
    thread_local std::vector<Match> matches;
    thread_local std::string scratch;
    for (size_t i = 0; i < in.spans.size(); ++i) {
        std::string_view piece = in.at(i);
        const bool atStart = i == 0 && in.firstAtTextStart;
        const size_t before = out.spans.size();
        matches.clear();
        switch (step.kind) {
        case PreKind::ByteLevel: {
            std::string_view text = piece;
            if (step.addPrefixSpace && !startsWith(piece, " ")) {
                scratch = " ";
                scratch += piece;
                text = scratch;
            }
            if (step.useRegex)
                Gpt2PreTokenizer::instance().split(text, emit);
            else
                out.add(text);
            break;
        }
        case PreKind::Split:
            regex->findAll(piece, matches);
            splitByMatches(piece, matches, step.behavior, step.invert, emit);
            break;
        case PreKind::Whitespace:
            regex->findAll(piece, matches);
            splitByMatches(piece, matches, HfSplitBehavior::Removed, true, emit);
            break;
        case PreKind::WhitespaceSplit:
            characterMatches(piece, isWhiteSpace, matches);
            splitByMatches(piece, matches, HfSplitBehavior::Removed, false, emit);
            break;
        case PreKind::Digits:
            characterMatches(piece, isNumeric, matches);
            splitByMatches(piece, matches,
                           step.individualDigits ? HfSplitBehavior::Isolated : HfSplitBehavior::Contiguous, false, emit);
            break;
        case PreKind::Metaspace: {
            scratch.clear();
            for (char c : piece) {
                if (c == ' ')
                    scratch += step.replacement;
                else
                    scratch += c;
            }
            const bool prepend = step.prependScheme == HfPreTokenizerStep::Prepend::Always ||
                                 (step.prependScheme == HfPreTokenizerStep::Prepend::First && atStart);
            if (prepend && !startsWith(scratch, step.replacement))
                scratch.insert(0, step.replacement);
            if (!step.split) {
                out.add(scratch);
                break;
            }
            for (size_t pos = scratch.find(step.replacement); pos != std::string::npos;
                 pos = scratch.find(step.replacement, pos + step.replacement.size()))
                matches.push_back({pos, pos + step.replacement.size()});
            splitByMatches(scratch, matches, HfSplitBehavior::MergedWithNext, false, emit);
            break;
        }
        }
        // The first piece keeps "begins the input" only if it still starts where it did.
        if (atStart && out.spans.size() > before)
            out.firstAtTextStart = true;
    }
}

} // namespace lw::tokenizer
