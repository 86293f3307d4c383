#pragma once
// Corpus BLEU (Papineni et al., 2002) computed as sacreBLEU 2.x computes it, so that our
// figures can be compared with published ones: the 13a tokenizer (mteval-v13a's regular
// expressions, after its unescaping of &quot; &amp; &lt; &gt;), n-grams up to order 4
// counted over the whole corpus, each hypothesis n-gram clipped by its largest count in
// any one reference, the brevity penalty against the closest reference length (ties go
// to the shorter), and sacreBLEU's smoothing methods.
//
// The signature names sacreBLEU version 2.6.0: the figures the tests check were
// published with that release's test suite, and its code computes what this file does.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lw::eval {

// The sacreBLEU version our signatures name (see above).
inline constexpr const char* kSacreBleuVersion = "2.6.0";

enum class BleuSmoothing {
    None,  // a zero n-gram precision gives BLEU 0
    Floor, // a zero match count counts as `value` (default 0.1)
    AddK,  // orders 2..N add `value` (default 1) to matches and totals
    Exp,   // NIST's: the k-th zero precision counts as 1 / (2^k * total)
};

enum class BleuTokenizer { None, Tok13a };

struct BleuOptions {
    BleuSmoothing smoothing = BleuSmoothing::Exp;
    std::optional<double> smoothValue; // for Floor and AddK; their defaults when unset
    BleuTokenizer tokenizer = BleuTokenizer::Tok13a;
    bool lowercase = false;
    int maxNgramOrder = 4;
    bool effectiveOrder = false; // stop at the first order with no n-gram (sentence BLEU)
};

// The corpus-level sufficient statistics: matched and total n-grams per order.
struct BleuStatistics {
    int64_t hypLen = 0, refLen = 0;
    std::vector<int64_t> correct, total; // index n-1 for order n
};

struct BleuResult {
    double score = 0;                  // 0..100
    std::vector<double> precisions;    // percent, per order
    std::vector<int64_t> counts, totals; // matched and total n-grams per order (before add-k)
    double bp = 0;                     // brevity penalty
    double ratio = 0;                  // hypLen / refLen (0 when refLen is 0)
    int64_t hypLen = 0, refLen = 0;
    std::string signature;             // e.g. "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0"
};

// The 13a tokenizer's output: tokens of one segment.
std::vector<std::string> tokenize13a(const std::string& segment);

// BLEU of hypotheses against reference streams: references[k][i] is the k-th reference of
// segment i; every stream has one line per hypothesis (lw::Error naming the stream if not).
BleuResult corpusBleu(const std::vector<std::string>& hypotheses,
                      const std::vector<std::vector<std::string>>& references, const BleuOptions& options = {});

// The score from statistics (sacreBLEU's compute_bleu); leaves the signature empty.
BleuResult computeBleu(const BleuStatistics& statistics, const BleuOptions& options = {});

// "nrefs:N|case:..|eff:..|tok:..|smooth:..|version:..".
std::string bleuSignature(int referenceCount, const BleuOptions& options);

} // namespace lw::eval
