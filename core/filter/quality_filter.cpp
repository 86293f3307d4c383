#include "core/filter/quality_filter.h"

#include "core/filter/instruction_sanity.h"
#include "core/filter/language_filter.h"
#include "core/filter/quality_stats.h"
#include "core/filter/step_fields.h"
#include "core/filter/stop_words.h"
#include "core/filter/text_scan.h"

#include <fmt/format.h>

namespace lw::filter {

namespace {

struct Scratch {
    std::vector<WordSpan> words;
    HashCounter first;
    HashCounter second;
    NgramHashes grams;
};

Scratch& threadScratch()
{
    thread_local Scratch scratch;
    return scratch;
}

double ratio(int64_t part, int64_t whole) { return whole == 0 ? 0.0 : static_cast<double>(part) / whole; }

bool above(const std::optional<double>& maximum, double value) { return maximum && value > *maximum; }
bool below(const std::optional<double>& minimum, double value) { return minimum && value < *minimum; }

// Case-insensitive (ASCII) search, for the C4 phrases.
bool containsIgnoringCase(std::string_view text, std::string_view lowerNeedle)
{
    if (lowerNeedle.size() > text.size())
        return false;
    for (size_t i = 0; i + lowerNeedle.size() <= text.size(); ++i) {
        size_t k = 0;
        while (k < lowerNeedle.size() && (text[i + k] | 0x20) == lowerNeedle[k])
            ++k;
        if (k == lowerNeedle.size())
            return true;
    }
    return false;
}

std::string_view stripPunctuation(std::string_view word)
{
    size_t begin = 0;
    while (begin < word.size()) {
        size_t next = begin;
        const char32_t cp = nextCodePoint(word, next);
        if (isAlphabetic(cp) || isDecimalDigit(cp))
            break;
        begin = next;
    }
    size_t end = begin;
    for (size_t pos = begin; pos < word.size();) {
        const char32_t cp = nextCodePoint(word, pos);
        if (isAlphabetic(cp) || isDecimalDigit(cp))
            end = pos;
    }
    return word.substr(begin, end - begin);
}

int64_t countStopWords(std::string_view text, const std::vector<WordSpan>& words,
                       const std::vector<std::string_view>& list, int64_t enough)
{
    int64_t found = 0;
    for (const WordSpan& span : words) {
        const std::string_view word = stripPunctuation(text.substr(span.offset, span.bytes));
        if (word.empty() || word.size() > 8)
            continue; // every listed word is at most 8 bytes; skip the rest cheaply
        for (std::string_view stop : list) {
            if (sameNormalisedText(word, stop)) {
                if (++found >= enough)
                    return found;
                break;
            }
        }
    }
    return found;
}

} // namespace

QualityFilter QualityFilter::fromJson(const nlohmann::json& step, const std::string& where)
{
    QualityFilter filter(QualitySettings::fromJson(step, where));
    filter.m_field = readString(step, "field", where, "");
    return filter;
}

Decision QualityFilter::check(std::string_view text) const
{
    const QualitySettings& s = m_settings;
    if (s.dropEmpty && trimSpace(text).empty())
        return Decision::dropped("empty text");

    Scratch& scratch = threadScratch();
    WordStats w;
    collectWords(text, scratch.words, w);
    const auto words = static_cast<double>(w.words);
    if (below(s.minWords, words))
        return Decision::dropped(fmt::format("too few words: {} < min {}", w.words, *s.minWords));
    if (above(s.maxWords, words))
        return Decision::dropped(fmt::format("too many words: {} > max {}", w.words, *s.maxWords));
    const double meanLength = ratio(w.wordChars, w.words);
    if (w.words > 0 && below(s.minMeanWordLength, meanLength))
        return Decision::dropped(fmt::format("mean word length {:.2f} < min {}", meanLength, *s.minMeanWordLength));
    if (above(s.maxMeanWordLength, meanLength))
        return Decision::dropped(fmt::format("mean word length {:.2f} > max {}", meanLength, *s.maxMeanWordLength));
    if (above(s.maxSymbolWordRatio, ratio(w.hashSymbols, w.words)))
        return Decision::dropped(fmt::format("'#' per word {:.3f} > max {}", ratio(w.hashSymbols, w.words),
                                             *s.maxSymbolWordRatio));
    if (above(s.maxSymbolWordRatio, ratio(w.ellipses, w.words)))
        return Decision::dropped(fmt::format("ellipses per word {:.3f} > max {}", ratio(w.ellipses, w.words),
                                             *s.maxSymbolWordRatio));

    LineStats l;
    collectLines(text, scratch.first, scratch.second, l);
    if (above(s.maxBulletLines, ratio(l.bulletLines, l.lines)))
        return Decision::dropped(fmt::format("bullet lines {:.3f} > max {}", ratio(l.bulletLines, l.lines),
                                             *s.maxBulletLines));
    if (above(s.maxEllipsisLines, ratio(l.ellipsisLines, l.lines)))
        return Decision::dropped(fmt::format("lines ending in an ellipsis {:.3f} > max {}",
                                             ratio(l.ellipsisLines, l.lines), *s.maxEllipsisLines));
    if (w.words > 0 && below(s.minAlphaWords, ratio(w.alphaWords, w.words)))
        return Decision::dropped(fmt::format("words with a letter {:.3f} < min {}", ratio(w.alphaWords, w.words),
                                             *s.minAlphaWords));

    if (s.stopWords != "none" && s.minStopWords > 0 && w.words >= s.stopWordsMinWords) {
        const char* language = s.stopWords.c_str();
        if (s.stopWords == "auto") {
            const LanguageGuess guess = detectLanguage(text);
            language = guess.reliable ? guess.code : "";
        }
        if (const auto* list = stopWordsFor(language)) {
            const int64_t found = countStopWords(text, scratch.words, *list, s.minStopWords);
            if (found < s.minStopWords)
                return Decision::dropped(fmt::format("stop words ({}): {} < min {}", language, found, s.minStopWords));
        }
    }

    if (s.loremIpsum && containsIgnoringCase(text, "lorem ipsum"))
        return Decision::dropped("contains 'lorem ipsum'");
    if (s.javascript && containsIgnoringCase(text, "javascript"))
        return Decision::dropped("contains 'javascript'");
    if (s.curlyBrace && text.find('{') != std::string_view::npos)
        return Decision::dropped("contains '{'");

    if (above(s.maxDuplicateLines, ratio(l.duplicateLines, l.lines)))
        return Decision::dropped(fmt::format("duplicate lines {:.3f} > max {}", ratio(l.duplicateLines, l.lines),
                                             *s.maxDuplicateLines));
    if (above(s.maxDuplicateLineChars, ratio(l.duplicateLineChars, l.lineChars)))
        return Decision::dropped(fmt::format("characters in duplicate lines {:.3f} > max {}",
                                             ratio(l.duplicateLineChars, l.lineChars), *s.maxDuplicateLineChars));
    if (above(s.maxDuplicateParagraphs, ratio(l.duplicateParagraphs, l.paragraphs)))
        return Decision::dropped(fmt::format("duplicate paragraphs {:.3f} > max {}",
                                             ratio(l.duplicateParagraphs, l.paragraphs), *s.maxDuplicateParagraphs));
    if (above(s.maxDuplicateParagraphChars, ratio(l.duplicateParagraphChars, l.paragraphChars)))
        return Decision::dropped(fmt::format("characters in duplicate paragraphs {:.3f} > max {}",
                                             ratio(l.duplicateParagraphChars, l.paragraphChars),
                                             *s.maxDuplicateParagraphChars));

    // Gopher's two n-gram rules: the most repeated short n-gram, and all repeated long
    // ones. The n-gram hashes grow from n = 1 up to the largest n with a threshold.
    int largestN = 0;
    for (int n = QualitySettings::kMinTopNgram; n <= QualitySettings::kMaxDuplicateNgram; ++n) {
        if (n <= QualitySettings::kMaxTopNgram ? bool(s.maxTopNgramChars[n]) : bool(s.maxDuplicateNgramChars[n]))
            largestN = n;
    }
    if (largestN > 0)
        scratch.grams.reset(scratch.words);
    for (int n = 2; n <= largestN; ++n) {
        scratch.grams.grow(scratch.words);
        const bool top = n <= QualitySettings::kMaxTopNgram;
        const std::optional<double>& limit = top ? s.maxTopNgramChars[n] : s.maxDuplicateNgramChars[n];
        if (!limit)
            continue;
        const double fraction = top ? topNgramCharFraction(scratch.words, scratch.grams, w.wordChars, scratch.first)
                                    : duplicateNgramCharFraction(scratch.words, scratch.grams, w.wordChars, scratch.first);
        if (fraction > *limit)
            return Decision::dropped(fmt::format("{} {}-gram characters {:.3f} > max {}", top ? "top" : "duplicate", n,
                                                 fraction, *limit));
    }
    if (above(s.maxDigitFraction, ratio(w.digits, w.wordChars)))
        return Decision::dropped(fmt::format("digits {:.3f} > max {}", ratio(w.digits, w.wordChars),
                                             *s.maxDigitFraction));
    return Decision::kept();
}

} // namespace lw::filter
