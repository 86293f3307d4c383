#include "core/eval/chrf.h"

#include "core/eval/bleu.h"
#include "core/eval/metric_text.h"
#include "core/util/error.h"

#include <fmt/format.h>

#include <string_view>
#include <unordered_map>

namespace lw::eval {

namespace {

// One map per order; char n-grams are keyed by their UTF-32 code points, word n-grams
// by their words joined with spaces, both stored as bytes.
using NgramCounts = std::unordered_map<std::string, int64_t>;

struct SegmentNgrams {
    std::vector<NgramCounts> orders; // charOrder maps, then wordOrder maps
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

SegmentNgrams extractNgrams(const std::string& segment, const ChrfOptions& options)
{
    const std::string text = options.lowercase ? lowercaseUnicode(segment) : segment;
    std::u32string chars;
    if (options.whitespace) {
        chars = decodeUtf8(text);
    } else {
        for (const auto& word : splitPythonWhitespace(text))
            chars += decodeUtf8(word);
    }
    SegmentNgrams out;
    out.orders.resize(options.charOrder + options.wordOrder);
    for (int n = 1; n <= options.charOrder; ++n) {
        NgramCounts& counts = out.orders[n - 1];
        for (size_t i = 0; i + n <= chars.size(); ++i)
            ++counts[std::string(reinterpret_cast<const char*>(chars.data() + i), n * sizeof(char32_t))];
    }
    if (options.wordOrder > 0) {
        const auto words = wordsWithPunctuationSplit(text);
        for (int n = 1; n <= options.wordOrder; ++n) {
            NgramCounts& counts = out.orders[options.charOrder + n - 1];
            for (size_t i = 0; i + n <= words.size(); ++i) {
                std::string key = words[i];
                for (int k = 1; k < n; ++k)
                    key += ' ' + words[i + k];
                ++counts[key];
            }
        }
    }
    return out;
}

MatchStatistics matchStatistics(const SegmentNgrams& hyp, const SegmentNgrams& ref)
{
    MatchStatistics stats;
    for (size_t o = 0; o < hyp.orders.size(); ++o) {
        int64_t hypCount = 0, refCount = 0, matches = 0;
        for (const auto& [ngram, count] : hyp.orders[o]) {
            hypCount += count;
            const auto r = ref.orders[o].find(ngram);
            if (r != ref.orders[o].end())
                matches += std::min(count, r->second);
        }
        for (const auto& entry : ref.orders[o])
            refCount += entry.second;
        // Hypothesis n-grams count only where the reference has n-grams of that order.
        stats.push_back(ref.orders[o].empty() ? 0 : hypCount);
        stats.push_back(refCount);
        stats.push_back(matches);
    }
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
    for (size_t i = 0; i < hypotheses.size(); ++i) {
        const SegmentNgrams hyp = extractNgrams(hypotheses[i], options);
        MatchStatistics best;
        double bestF = -1.0;
        for (const auto& stream : references) {
            MatchStatistics stats = matchStatistics(hyp, extractNgrams(stream[i], options));
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
