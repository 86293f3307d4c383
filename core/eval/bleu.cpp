#include "core/eval/bleu.h"

#include "core/eval/metric_text.h"
#include "core/util/error.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string_view>
#include <unordered_map>

namespace lw::eval {

namespace {

void replaceAll(std::string& text, std::string_view from, std::string_view to)
{
    size_t at = 0;
    while ((at = text.find(from, at)) != std::string::npos) {
        text.replace(at, from.size(), to);
        at += to.size();
    }
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isPeriodOrComma(char c) { return c == '.' || c == ','; }

// 13a's first expression: ASCII punctuation and symbols other than . , - ' and the
// digits get a space on each side: [{-~] [[-`] [ -&] [(-+] [:-@] and '/'.
bool isSeparatedSymbol(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return (u >= 0x7B && u <= 0x7E) || (u >= 0x5B && u <= 0x60) || (u >= 0x20 && u <= 0x26) ||
           (u >= 0x28 && u <= 0x2B) || (u >= 0x3A && u <= 0x40) || u == '/';
}

// The pairwise expressions of 13a, each applied left to right without overlaps as
// Python's re.sub does. Bytes of multi-byte UTF-8 characters are never digits, periods
// or commas, so working on bytes matches working on code points.
std::string separatePeriodsAndDashes(const std::string& in)
{
    std::string a;
    a.reserve(in.size() * 2);
    // ([^0-9])([\.,]) -> "\1 \2 "
    for (size_t i = 0; i < in.size();) {
        if (i + 1 < in.size() && !isDigit(in[i]) && isPeriodOrComma(in[i + 1])) {
            a += in[i]; a += ' '; a += in[i + 1]; a += ' ';
            i += 2;
        } else {
            a += in[i++];
        }
    }
    std::string b;
    b.reserve(a.size() * 2);
    // ([\.,])([^0-9]) -> " \1 \2"
    for (size_t i = 0; i < a.size();) {
        if (i + 1 < a.size() && isPeriodOrComma(a[i]) && !isDigit(a[i + 1])) {
            b += ' '; b += a[i]; b += ' '; b += a[i + 1];
            i += 2;
        } else {
            b += a[i++];
        }
    }
    std::string c;
    c.reserve(b.size() * 2);
    // ([0-9])(-) -> "\1 \2 "
    for (size_t i = 0; i < b.size();) {
        if (i + 1 < b.size() && isDigit(b[i]) && b[i + 1] == '-') {
            c += b[i]; c += " - ";
            i += 2;
        } else {
            c += b[i++];
        }
    }
    return c;
}

std::vector<std::string> tokenizeFor(const std::string& segment, const BleuOptions& options)
{
    std::string text(rstripPythonWhitespace(segment));
    if (options.lowercase)
        text = lowercaseUnicode(text);
    return options.tokenizer == BleuTokenizer::Tok13a ? tokenize13a(text) : splitPythonWhitespace(text);
}

// All n-grams of orders 1..maxOrder as views into `joined` (the tokens joined with
// single spaces; tokens hold no whitespace, so a view is unambiguous), with their order.
struct Ngrams {
    std::string joined;
    std::unordered_map<std::string_view, std::pair<int64_t, int>> counts; // count, order
};

void countNgrams(const std::vector<std::string>& tokens, int maxOrder, Ngrams& out)
{
    out.joined.clear();
    std::vector<size_t> starts;
    for (const auto& t : tokens) {
        if (!out.joined.empty())
            out.joined += ' ';
        starts.push_back(out.joined.size());
        out.joined += t;
    }
    out.counts.clear();
    const std::string_view joined(out.joined);
    for (size_t start = 0; start < tokens.size(); ++start)
        for (int n = 1; n <= maxOrder && start + n <= tokens.size(); ++n) {
            const size_t last = start + n - 1;
            auto& entry = out.counts[joined.substr(starts[start], starts[last] + tokens[last].size() - starts[start])];
            ++entry.first;
            entry.second = n;
        }
}

// The reference length closest to the hypothesis length; ties go to the shorter.
int64_t closestReferenceLength(int64_t hypLen, const std::vector<int64_t>& refLens)
{
    int64_t bestDiff = -1, best = -1;
    for (int64_t refLen : refLens) {
        const int64_t diff = std::llabs(hypLen - refLen);
        if (bestDiff == -1 || diff < bestDiff) {
            bestDiff = diff;
            best = refLen;
        } else if (diff == bestDiff && refLen < best) {
            best = refLen;
        }
    }
    return best;
}

double defaultSmoothValue(BleuSmoothing smoothing)
{
    return smoothing == BleuSmoothing::Floor ? 0.1 : smoothing == BleuSmoothing::AddK ? 1.0 : 0.0;
}

// sacreBLEU's my_log: log(0) floored to a very low number so that exp() gives 0.
double flooredLog(double x)
{
    return x == 0.0 ? -9999999999.0 : std::log(x);
}

} // namespace

std::vector<std::string> tokenize13a(const std::string& segment)
{
    std::string line = segment;
    replaceAll(line, "<skipped>", "");
    replaceAll(line, "-\n", "");
    replaceAll(line, "\n", " ");
    if (line.find('&') != std::string::npos) {
        replaceAll(line, "&quot;", "\"");
        replaceAll(line, "&amp;", "&");
        replaceAll(line, "&lt;", "<");
        replaceAll(line, "&gt;", ">");
    }
    std::string spaced;
    spaced.reserve(line.size() * 2 + 2);
    spaced += ' ';
    for (char c : line) {
        if (isSeparatedSymbol(c)) {
            spaced += ' '; spaced += c; spaced += ' ';
        } else {
            spaced += c;
        }
    }
    spaced += ' ';
    return splitPythonWhitespace(separatePeriodsAndDashes(spaced));
}

BleuResult computeBleu(const BleuStatistics& statistics, const BleuOptions& options)
{
    const int maxOrder = options.maxNgramOrder;
    if (maxOrder < 1 || statistics.correct.size() != static_cast<size_t>(maxOrder) ||
        statistics.total.size() != static_cast<size_t>(maxOrder))
        throw Error::inField("max_ngram_order", "statistics do not hold " + std::to_string(maxOrder) + " orders");
    const double smoothValue = options.smoothValue.value_or(defaultSmoothValue(options.smoothing));

    BleuResult r;
    r.hypLen = statistics.hypLen;
    r.refLen = statistics.refLen;
    r.counts = statistics.correct;
    r.totals = statistics.total;
    r.ratio = r.refLen ? static_cast<double>(r.hypLen) / static_cast<double>(r.refLen) : 0.0;
    r.bp = 1.0;
    if (r.hypLen < r.refLen)
        r.bp = r.hypLen > 0 ? std::exp(1.0 - static_cast<double>(r.refLen) / static_cast<double>(r.hypLen)) : 0.0;
    r.precisions.assign(maxOrder, 0.0);

    // No match at any order: 0, whatever the smoothing (sacreBLEU issue #141).
    if (std::all_of(r.counts.begin(), r.counts.end(), [](int64_t c) { return c == 0; }))
        return r;

    double smoothMteval = 1.0;
    int effectiveOrder = maxOrder;
    for (int n = 1; n <= maxOrder; ++n) {
        double correct = static_cast<double>(r.counts[n - 1]);
        double total = static_cast<double>(r.totals[n - 1]);
        if (options.smoothing == BleuSmoothing::AddK && n > 1) {
            correct += smoothValue;
            total += smoothValue;
        }
        if (total == 0)
            break;
        if (options.effectiveOrder)
            effectiveOrder = n;
        if (correct == 0) {
            if (options.smoothing == BleuSmoothing::Exp) {
                smoothMteval *= 2;
                r.precisions[n - 1] = 100.0 / (smoothMteval * total);
            } else if (options.smoothing == BleuSmoothing::Floor) {
                r.precisions[n - 1] = 100.0 * smoothValue / total;
            }
        } else {
            r.precisions[n - 1] = 100.0 * correct / total;
        }
    }
    double logSum = 0;
    for (int n = 0; n < effectiveOrder; ++n)
        logSum += flooredLog(r.precisions[n]);
    r.score = r.bp * std::exp(logSum / effectiveOrder);
    return r;
}

std::string bleuSignature(int referenceCount, const BleuOptions& options)
{
    std::string smooth;
    switch (options.smoothing) {
    case BleuSmoothing::None: smooth = "none"; break;
    case BleuSmoothing::Exp: smooth = "exp"; break;
    case BleuSmoothing::Floor:
    case BleuSmoothing::AddK:
        smooth = fmt::format("{}[{:.2f}]", options.smoothing == BleuSmoothing::Floor ? "floor" : "add-k",
                             options.smoothValue.value_or(defaultSmoothValue(options.smoothing)));
        break;
    }
    return fmt::format("nrefs:{}|case:{}|eff:{}|tok:{}|smooth:{}|version:{}", referenceCount,
                       options.lowercase ? "lc" : "mixed", options.effectiveOrder ? "yes" : "no",
                       options.tokenizer == BleuTokenizer::Tok13a ? "13a" : "none", smooth, kSacreBleuVersion);
}

BleuResult corpusBleu(const std::vector<std::string>& hypotheses,
                      const std::vector<std::vector<std::string>>& references, const BleuOptions& options)
{
    checkReferenceStreams(hypotheses, references);
    const int maxOrder = options.maxNgramOrder;
    if (maxOrder < 1)
        throw Error::inField("max_ngram_order", "must be at least 1");

    BleuStatistics stats;
    stats.correct.assign(maxOrder, 0);
    stats.total.assign(maxOrder, 0);
    std::vector<int64_t> refLens(references.size());
    // The reference maps are keyed by views into their own joined text, so each
    // reference keeps its Ngrams while the segment's maximum counts are taken.
    std::vector<Ngrams> refNgrams(references.size());
    Ngrams hypNgrams;
    std::unordered_map<std::string_view, int64_t> refMax;
    for (size_t i = 0; i < hypotheses.size(); ++i) {
        // Each reference n-gram may be matched as often as it occurs in any one reference.
        refMax.clear();
        for (size_t k = 0; k < references.size(); ++k) {
            const auto tokens = tokenizeFor(references[k][i], options);
            refLens[k] = static_cast<int64_t>(tokens.size());
            countNgrams(tokens, maxOrder, refNgrams[k]);
            for (const auto& [ngram, entry] : refNgrams[k].counts) {
                int64_t& best = refMax[ngram];
                best = std::max(best, entry.first);
            }
        }
        const auto hypTokens = tokenizeFor(hypotheses[i], options);
        const auto hypLen = static_cast<int64_t>(hypTokens.size());
        stats.hypLen += hypLen;
        stats.refLen += closestReferenceLength(hypLen, refLens);
        countNgrams(hypTokens, maxOrder, hypNgrams);
        for (const auto& [ngram, entry] : hypNgrams.counts) {
            const int n = entry.second - 1;
            stats.total[n] += entry.first;
            const auto ref = refMax.find(ngram);
            if (ref != refMax.end())
                stats.correct[n] += std::min(entry.first, ref->second);
        }
    }
    BleuResult result = computeBleu(stats, options);
    result.signature = bleuSignature(static_cast<int>(references.size()), options);
    return result;
}

} // namespace lw::eval
