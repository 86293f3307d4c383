#pragma once
// chrF (Popović, 2015) and chrF++ (Popović, 2017) computed as sacreBLEU 2.x computes them
// (the version its signature names is kSacreBleuVersion, bleu.h): character n-grams of
// orders 1..charOrder over code points with whitespace removed, optionally word n-grams
// of orders 1..wordOrder (chrF++: 2) after splitting punctuation off word ends, an
// F-beta score averaged over the orders. Statistics are summed over the corpus; with
// several references, each segment uses the reference that gives it the best F-score.
//
// sacreBLEU's default ("eff:yes") averages precision and recall over the orders that
// have both hypothesis and reference n-grams before taking F-beta; epsSmoothing instead
// averages per-order F-scores with missing orders counted as ~0, as chrF++.py, NLTK and
// Moses do ("eff:no").
#include <string>
#include <vector>

namespace lw::eval {

struct ChrfOptions {
    int charOrder = 6;
    int wordOrder = 0; // 2 for chrF++
    int beta = 2;
    bool lowercase = false;
    bool whitespace = false; // keep whitespace inside character n-grams
    bool epsSmoothing = false;
};

struct ChrfResult {
    double score = 0;      // 0..100
    std::string name;      // "chrF2", "chrF2++"
    std::string signature; // e.g. "nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0"
};

// references[k][i] is the k-th reference of segment i (lw::Error when a stream's length
// differs from the hypotheses').
ChrfResult corpusChrf(const std::vector<std::string>& hypotheses,
                      const std::vector<std::vector<std::string>>& references, const ChrfOptions& options = {});

std::string chrfSignature(int referenceCount, const ChrfOptions& options);

} // namespace lw::eval
