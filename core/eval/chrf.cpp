#include "core/eval/chrf.h"

#include "core/eval/bleu.h"
#include "core/eval/metric_text.h"
#include "core/util/error.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace lw::eval {

namespace {

// Per order: character n-grams as a sorted list of views into the segment's code
// points (no allocation per n-gram; two sorted lists match by merging), word n-grams
// as counts of their words joined with spaces.
using CharNgramCounts = std::vector<std::u32string_view>;
using WordNgramCounts = std::unordered_map<std::string, int64_t>;

struct SegmentNgrams {
    std::u32string chars; // what the character views point into
    std::vector<CharNgramCounts> charOrders;
    std::vector<WordNgramCounts> wordOrders;
};

// Per order: hypothesis n-grams, reference n-grams, matches.
using MatchStatistics = std::vector<int64_t>;

bool isAsciiPunctuation(char c)
{
    return std::string_view("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~").find(c) != std::string_view::npos;
}

// sacreBLEU's chrF++ word splitting: whitespace-separated words, with one punctuation
// character split off the end of a word, or else off its start ("(hi)" gives "(hi", ")").
std::vector<std::string> wordsWithPunctuationSplit(const std::string& text)
{
    std::vector<std::string> out;
    for (std::string& w : splitPythonWhitespace(text)) {
        const bool oneCharacter = decodeUtf8(w).size() == 1;
        if (oneCharacter) {
            out.push_back(std::move(w));
        } else if (isAsciiPunctuation(w.back())) {
            out.push_back(w.substr(0, w.size() - 1));
            out.push_back(w.substr(w.size() - 1));
        } else if (isAsciiPunctuation(w.front())) {
            out.push_back(w.substr(0, 1));
            out.push_back(w.substr(1));
        } else {
            out.push_back(std::move(w));
        }
    }
    return out;
}

// Filled in place: the maps hold views into `out.chars`, so the struct must not move.
void extractNgrams(const std::string& segment, const ChrfOptions& options, SegmentNgrams& out)
{
    const std::string text = options.lowercase ? lowercaseUnicode(segment) : segment;
    out.chars.clear();
    if (options.whitespace) {
        out.chars = decodeUtf8(text);
    } else {
        for (const auto& word : splitPythonWhitespace(text))
            out.chars += decodeUtf8(word);
    }
    out.charOrders.assign(options.charOrder, {});
    const std::u32string_view chars(out.chars);
    for (int n = 1; n <= options.charOrder; ++n) {
        CharNgramCounts& ngrams = out.charOrders[n - 1];
        ngrams.reserve(chars.size());
        for (size_t i = 0; i + n <= chars.size(); ++i)
            ngrams.push_back(chars.substr(i, n));
        std::sort(ngrams.begin(), ngrams.end());
    }
    out.wordOrders.assign(options.wordOrder, {});
    if (options.wordOrder > 0) {
        const auto words = wordsWithPunctuationSplit(text);
        for (int n = 1; n <= options.wordOrder; ++n) {
            WordNgramCounts& counts = out.wordOrders[n - 1];
            for (size_t i = 0; i + n <= words.size(); ++i) {
                std::string key = words[i];
                for (int k = 1; k < n; ++k)
                    key += ' ' + words[i + k];
                ++counts[key];
            }
        }
    }
}

// Hypothesis n-grams count only where the reference has n-grams of that order.
void appendOrderStatistics(const CharNgramCounts& hyp, const CharNgramCounts& ref, std::vector<int64_t>& stats)
{
    int64_t matches = 0;
    for (size_t i = 0, j = 0; i < hyp.size() && j < ref.size();) {
        const int order = hyp[i].compare(ref[j]);
        i += order <= 0;
        j += order >= 0;
        matches += order == 0;
    }
    stats.push_back(ref.empty() ? 0 : static_cast<int64_t>(hyp.size()));
    stats.push_back(static_cast<int64_t>(ref.size()));
    stats.push_back(matches);
}

void appendOrderStatistics(const WordNgramCounts& hyp, const WordNgramCounts& ref, std::vector<int64_t>& stats)
{
    int64_t hypCount = 0, refCount = 0, matches = 0;
    for (const auto& [ngram, count] : hyp) {
        hypCount += count;
        const auto r = ref.find(ngram);
        if (r != ref.end())
            matches += std::min(count, r->second);
    }
    for (const auto& entry : ref)
        refCount += entry.second;
    stats.push_back(ref.empty() ? 0 : hypCount);
    stats.push_back(refCount);
    stats.push_back(matches);
}

MatchStatistics matchStatistics(const SegmentNgrams& hyp, const SegmentNgrams& ref)
{
    MatchStatistics stats;
    for (size_t o = 0; o < hyp.charOrders.size(); ++o)
        appendOrderStatistics(hyp.charOrders[o], ref.charOrders[o], stats);
    for (size_t o = 0; o < hyp.wordOrders.size(); ++o)
        appendOrderStatistics(hyp.wordOrders[o], ref.wordOrders[o], stats);
    return stats;
}

double fScore(const MatchStatistics& stats, const ChrfOptions& options)
{
    const double eps = 1e-16;
    const double factor = static_cast<double>(options.beta) * options.beta;
    const int orders = options.charOrder + options.wordOrder;
    double score = 0, avgPrecision = 0, avgRecall = 0;
    int effectiveOrder = 0;
    for (int i = 0; i < orders; ++i) {
        const auto hyp = stats[3 * i], ref = stats[3 * i + 1], match = stats[3 * i + 2];
        const double precision = hyp > 0 ? static_cast<double>(match) / hyp : eps;
        const double recall = ref > 0 ? static_cast<double>(match) / ref : eps;
        const double denominator = factor * precision + recall;
        score += denominator > 0 ? (1 + factor) * precision * recall / denominator : eps;
        if (hyp > 0 && ref > 0) {
            avgPrecision += precision;
            avgRecall += recall;
            ++effectiveOrder;
        }
    }
    if (options.epsSmoothing)
        return 100 * score / orders;
    if (effectiveOrder == 0)
        return 0.0;
    avgPrecision /= effectiveOrder;
    avgRecall /= effectiveOrder;
    if (avgPrecision + avgRecall == 0)
        return 0.0;
    double f = (1 + factor) * avgPrecision * avgRecall;
    f /= factor * avgPrecision + avgRecall;
    return 100 * f;
}

} // namespace

std::string chrfSignature(int referenceCount, const ChrfOptions& options)
{
    return fmt::format("nrefs:{}|case:{}|eff:{}|nc:{}|nw:{}|space:{}|version:{}", referenceCount,
                       options.lowercase ? "lc" : "mixed", options.epsSmoothing ? "no" : "yes", options.charOrder,
                       options.wordOrder, options.whitespace ? "yes" : "no", kSacreBleuVersion);
}

ChrfResult corpusChrf(const std::vector<std::string>& hypotheses,
                      const std::vector<std::vector<std::string>>& references, const ChrfOptions& options)
{
    checkReferenceStreams(hypotheses, references);
    if (options.charOrder < 0 || options.wordOrder < 0 || options.charOrder + options.wordOrder < 1)
        throw Error::inField("char_order", "character and word orders must be >= 0 and not both 0");
    if (options.beta < 1)
        throw Error::inField("beta", "must be at least 1");

    const size_t orders = options.charOrder + options.wordOrder;
    MatchStatistics corpus(3 * orders, 0);
    SegmentNgrams hyp, ref;
    for (size_t i = 0; i < hypotheses.size(); ++i) {
        extractNgrams(hypotheses[i], options, hyp);
        MatchStatistics best;
        double bestF = -1.0;
        for (const auto& stream : references) {
            extractNgrams(stream[i], options, ref);
            MatchStatistics stats = matchStatistics(hyp, ref);
            const double f = fScore(stats, options);
            if (f > bestF) {
                bestF = f;
                best = std::move(stats);
            }
        }
        for (size_t s = 0; s < corpus.size(); ++s)
            corpus[s] += best[s];
    }
    ChrfResult result;
    result.score = fScore(corpus, options);
    result.name = "chrF" + std::to_string(options.beta) + std::string(options.wordOrder, '+');
    result.signature = chrfSignature(static_cast<int>(references.size()), options);
    return result;
}

} // namespace lw::eval
