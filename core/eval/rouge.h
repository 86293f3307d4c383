#pragma once
// ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum (Lin, 2004) as Google's rouge-score package
// computes them: its default tokenizer (lowercase, every run of characters other than
// a-z and 0-9 is a separator, optionally the Porter stemmer on tokens longer than three
// characters), n-gram overlap for ROUGE-N, the longest common subsequence for ROUGE-L,
// and for ROUGE-Lsum the summary-level union LCS over sentences separated by newlines,
// each token counted at most as often as it occurs on both sides. With several
// references, each metric takes the reference with the best F1 (rouge-score's
// score_multi; the first one on ties). A corpus figure is the mean over segments.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lw::eval {

struct RougeScore {
    double precision = 0, recall = 0, fmeasure = 0;
};

struct RougeScores {
    RougeScore rouge1, rouge2, rougeL, rougeLsum;
};

struct RougeOptions {
    bool useStemmer = false;
};

struct RougeCorpusResult {
    RougeScores mean; // each precision, recall and F1 averaged over segments
    int64_t segments = 0;
};

// rouge-score's default tokenizer.
std::vector<std::string> rougeTokenize(std::string_view text, bool useStemmer);

// One prediction against one target.
RougeScores scoreRouge(std::string_view target, std::string_view prediction, const RougeOptions& options = {});

// One prediction against several targets: per metric, the target with the best F1.
RougeScores scoreRougeMulti(const std::vector<std::string>& targets, std::string_view prediction,
                            const RougeOptions& options = {});

// references[k][i] is the k-th reference of segment i.
RougeCorpusResult corpusRouge(const std::vector<std::string>& hypotheses,
                              const std::vector<std::vector<std::string>>& references, const RougeOptions& options = {});

// The LCS's positions in `ref` that rouge-score's backtracking reads out (exposed for tests).
std::vector<size_t> lcsIndices(const std::vector<std::string>& ref, const std::vector<std::string>& candidate);

} // namespace lw::eval
