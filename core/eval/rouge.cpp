#include "core/eval/rouge.h"

#include "core/eval/metric_text.h"
#include "core/eval/porter_stemmer.h"
#include "core/util/error.h"

#include <fmt/format.h>

#include <map>
#include <set>
#include <unordered_map>

namespace lw::eval {

namespace {

using Tokens = std::vector<std::string>;

double f1(double precision, double recall)
{
    return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
}

RougeScore makeScore(double precision, double recall)
{
    return {precision, recall, f1(precision, recall)};
}

std::unordered_map<std::string, int64_t> countNgrams(const Tokens& tokens, size_t n)
{
    std::unordered_map<std::string, int64_t> counts;
    for (size_t i = 0; i + n <= tokens.size(); ++i) {
        std::string key = tokens[i];
        for (size_t k = 1; k < n; ++k)
            key += ' ' + tokens[i + k];
        ++counts[key];
    }
    return counts;
}

RougeScore scoreNgrams(const Tokens& target, const Tokens& prediction, size_t n)
{
    const auto targetCounts = countNgrams(target, n);
    const auto predictionCounts = countNgrams(prediction, n);
    int64_t overlap = 0, targetTotal = 0, predictionTotal = 0;
    for (const auto& [ngram, count] : targetCounts) {
        targetTotal += count;
        const auto p = predictionCounts.find(ngram);
        if (p != predictionCounts.end())
            overlap += std::min(count, p->second);
    }
    for (const auto& entry : predictionCounts)
        predictionTotal += entry.second;
    return makeScore(static_cast<double>(overlap) / std::max<int64_t>(predictionTotal, 1),
                     static_cast<double>(overlap) / std::max<int64_t>(targetTotal, 1));
}

// table[i][j]: LCS length of ref[0, i) and candidate[0, j).
std::vector<std::vector<int32_t>> lcsTable(const Tokens& ref, const Tokens& candidate)
{
    std::vector<std::vector<int32_t>> table(ref.size() + 1, std::vector<int32_t>(candidate.size() + 1, 0));
    for (size_t i = 1; i <= ref.size(); ++i)
        for (size_t j = 1; j <= candidate.size(); ++j)
            table[i][j] = ref[i - 1] == candidate[j - 1] ? table[i - 1][j - 1] + 1
                                                         : std::max(table[i - 1][j], table[i][j - 1]);
    return table;
}

RougeScore scoreLcs(const Tokens& target, const Tokens& prediction)
{
    if (target.empty() || prediction.empty())
        return {};
    const double lcs = lcsTable(target, prediction).back().back();
    return makeScore(lcs / static_cast<double>(prediction.size()), lcs / static_cast<double>(target.size()));
}

std::vector<Tokens> sentenceTokens(std::string_view text, bool useStemmer)
{
    std::vector<Tokens> sentences;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        if (end > start)
            sentences.push_back(rougeTokenize(text.substr(start, end - start), useStemmer));
        start = end + 1;
    }
    return sentences;
}

// Summary-level LCS: for each reference sentence, the union of its LCS positions with
// every candidate sentence; a token is a hit only while unused counts of it remain on
// both sides (ROUGE-1.5.5 does not double count).
RougeScore scoreSummaryLcs(const std::vector<Tokens>& refSentences, const std::vector<Tokens>& candidateSentences)
{
    if (refSentences.empty() || candidateSentences.empty())
        return {};
    int64_t m = 0, n = 0;
    std::map<std::string, int64_t> refCounts, candidateCounts;
    for (const auto& s : refSentences) {
        m += static_cast<int64_t>(s.size());
        for (const auto& t : s)
            ++refCounts[t];
    }
    for (const auto& s : candidateSentences) {
        n += static_cast<int64_t>(s.size());
        for (const auto& t : s)
            ++candidateCounts[t];
    }
    if (m == 0 || n == 0)
        return {};
    int64_t hits = 0;
    for (const auto& ref : refSentences) {
        std::set<size_t> unionPositions;
        for (const auto& candidate : candidateSentences)
            for (size_t i : lcsIndices(ref, candidate))
                unionPositions.insert(i);
        for (size_t i : unionPositions) {
            const std::string& token = ref[i];
            if (candidateCounts[token] > 0 && refCounts[token] > 0) {
                ++hits;
                --candidateCounts[token];
                --refCounts[token];
            }
        }
    }
    return makeScore(static_cast<double>(hits) / static_cast<double>(n), static_cast<double>(hits) / static_cast<double>(m));
}

void accumulate(RougeScore& sum, const RougeScore& s)
{
    sum.precision += s.precision;
    sum.recall += s.recall;
    sum.fmeasure += s.fmeasure;
}

void divide(RougeScore& s, double n)
{
    s.precision /= n;
    s.recall /= n;
    s.fmeasure /= n;
}

} // namespace

std::vector<std::string> rougeTokenize(std::string_view text, bool useStemmer)
{
    // Lowercasing can turn a non-ASCII letter into an ASCII one (U+212A KELVIN SIGN is
    // "k"), so it comes first; afterwards only ASCII letters and digits belong to tokens.
    const std::string lower = lowercaseUnicode(text);
    Tokens tokens;
    std::string current;
    const auto flush = [&] {
        if (current.empty())
            return;
        tokens.push_back(useStemmer && current.size() > 3 ? porterStem(current) : current);
        current.clear();
    };
    for (char c : lower) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            current += c;
        else
            flush();
    }
    flush();
    return tokens;
}

std::vector<size_t> lcsIndices(const std::vector<std::string>& ref, const std::vector<std::string>& candidate)
{
    const auto table = lcsTable(ref, candidate);
    std::vector<size_t> reversed;
    size_t i = ref.size(), j = candidate.size();
    while (i > 0 && j > 0) {
        if (ref[i - 1] == candidate[j - 1]) {
            reversed.push_back(i - 1);
            --i;
            --j;
        } else if (table[i][j - 1] > table[i - 1][j]) {
            --j;
        } else {
            --i;
        }
    }
    return {reversed.rbegin(), reversed.rend()};
}

RougeScores scoreRouge(std::string_view target, std::string_view prediction, const RougeOptions& options)
{
    const Tokens targetTokens = rougeTokenize(target, options.useStemmer);
    const Tokens predictionTokens = rougeTokenize(prediction, options.useStemmer);
    RougeScores s;
    s.rouge1 = scoreNgrams(targetTokens, predictionTokens, 1);
    s.rouge2 = scoreNgrams(targetTokens, predictionTokens, 2);
    s.rougeL = scoreLcs(targetTokens, predictionTokens);
    s.rougeLsum = scoreSummaryLcs(sentenceTokens(target, options.useStemmer), sentenceTokens(prediction, options.useStemmer));
    return s;
}

RougeScores scoreRougeMulti(const std::vector<std::string>& targets, std::string_view prediction, const RougeOptions& options)
{
    if (targets.empty())
        throw Error::inField("targets", "at least one target is needed");
    RougeScores best = scoreRouge(targets[0], prediction, options);
    for (size_t k = 1; k < targets.size(); ++k) {
        const RougeScores s = scoreRouge(targets[k], prediction, options);
        for (auto member : {&RougeScores::rouge1, &RougeScores::rouge2, &RougeScores::rougeL, &RougeScores::rougeLsum})
            if ((s.*member).fmeasure > (best.*member).fmeasure)
                best.*member = s.*member;
    }
    return best;
}

RougeCorpusResult corpusRouge(const std::vector<std::string>& hypotheses,
                              const std::vector<std::vector<std::string>>& references, const RougeOptions& options)
{
    checkReferenceStreams(hypotheses, references);
    RougeCorpusResult result;
    result.segments = static_cast<int64_t>(hypotheses.size());
    std::vector<std::string> targets(references.size());
    for (size_t i = 0; i < hypotheses.size(); ++i) {
        for (size_t k = 0; k < references.size(); ++k)
            targets[k] = references[k][i];
        const RougeScores s = scoreRougeMulti(targets, hypotheses[i], options);
        accumulate(result.mean.rouge1, s.rouge1);
        accumulate(result.mean.rouge2, s.rouge2);
        accumulate(result.mean.rougeL, s.rougeL);
        accumulate(result.mean.rougeLsum, s.rougeLsum);
    }
    if (result.segments > 0)
        for (RougeScore* s : {&result.mean.rouge1, &result.mean.rouge2, &result.mean.rougeL, &result.mean.rougeLsum})
            divide(*s, static_cast<double>(result.segments));
    return result;
}

} // namespace lw::eval
