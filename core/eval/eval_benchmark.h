#pragma once
// Speed of the two evaluation hot paths on a model with random weights (speed does not
// depend on the weights): multiple-choice items scored by ContinuationScorer (a context
// and its endings, HellaSwag-like) and sliding-window perplexity over a token stream.
// The items are random tokens from a seed, so a peer given the same seed's items (see
// evalBenchmarkItemsJson) and the same weights scores exactly the same work.
#include "core/model/transformer.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

namespace lw::eval {

struct EvalBenchmarkOptions {
    int64_t items = 8;           // multiple-choice items
    int64_t contextTokens = 80;  // per item
    int64_t endingTokens = 20;   // per ending
    int64_t endings = 4;
    int64_t perplexityTokens = 3073; // the stream (1024 / 512 windows: 5 windows)
    int64_t window = 1024;
    int64_t stride = 512;
    uint64_t seed = 1;
};

struct EvalBenchmarkItems {
    struct Item {
        std::vector<int32_t> context;
        std::vector<std::vector<int32_t>> endings;
    };
    std::vector<Item> items;
    std::vector<int32_t> stream;
};

EvalBenchmarkItems makeEvalBenchmarkItems(const EvalBenchmarkOptions& options, int64_t vocab);
// {"mc": [{"context": [...], "endings": [[...], ...]}], "perplexity": {"tokens": [...], "window", "stride"}}
nlohmann::json evalBenchmarkItemsJson(const EvalBenchmarkItems& items, const EvalBenchmarkOptions& options);

struct EvalBenchmarkResult {
    double mcSeconds = 0, mcItemsPerSecond = 0;
    double mcLogprobSum = 0; // over every ending of every item (for comparing with a peer)
    double perplexitySeconds = 0, windowsPerSecond = 0, scoredTokensPerSecond = 0;
    int64_t windows = 0, scoredTokens = 0;
    double perplexity = 0;
    int threads = 0;
};

// One untimed item first (allocator and BLAS warm-up), then the timed items, then perplexity.
EvalBenchmarkResult benchmarkEvaluation(model::Transformer model, const EvalBenchmarkItems& items,
                                        const EvalBenchmarkOptions& options);

} // namespace lw::eval
