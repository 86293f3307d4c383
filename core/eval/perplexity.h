#pragma once
// Sliding-window perplexity of a token stream.
//
// The model reads windows of `context` tokens (N) that start every `stride` tokens (S,
// 1 <= S <= N). Window j reads tokens [jS, min(jS + N, L - 1)) of the L-token stream
// and predicts the token after each of them; it scores only the targets no earlier
// window scored, so every token after the first is scored exactly once (the first has
// nothing to be predicted from). Window 0 scores tokens 1..N; each later one the S
// tokens after the previous window's last, each with at least N - S tokens of context.
// The default stride is N/2, as in Hugging Face's perplexity guide (1024 / 512 for
// GPT-2): every scored token sees at least half a window, at twice the cost of
// non-overlapping windows (stride N), which score a window's early tokens from little
// context and so report a higher perplexity.
//
// Result: perplexity = exp(total NLL / scored tokens), token-weighted (not a mean of
// window means); bits per byte = total NLL / ln 2 / UTF-8 bytes of the text, which
// compares models whose tokenizers cut the same text into different numbers of tokens.
#include "core/model/transformer.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace lw::eval {

struct PerplexityOptions {
    int64_t context = 0; // N; 0: the model's context length
    int64_t stride = 0;  // S; 0: N / 2 (at least 1)
};

// The inputs [begin, end) of one window and the targets it scores, [firstTarget, end + 1).
struct WindowSpan {
    int64_t begin = 0, end = 0, firstTarget = 0;
    int64_t scored() const { return end + 1 - firstTarget; }
};

struct PerplexityWindow {
    int64_t begin = 0;  // first input token
    int64_t scored = 0; // targets it scored
    double nll = 0;     // their summed negative log-likelihood (nats)
};

struct PerplexityResult {
    double perplexity = 0;
    double nll = 0;         // summed over all scored tokens (nats)
    int64_t tokens = 0;     // scored tokens: the stream's length - 1
    int64_t bytes = 0;      // UTF-8 bytes of the text
    double bitsPerByte = 0;
    int64_t context = 0, stride = 0; // as used (defaults resolved)
    std::vector<PerplexityWindow> windows;
};

// N and S with defaults resolved; lw::Error naming the field when S > N, either is < 1,
// or N is larger than the model's context.
PerplexityOptions resolvePerplexityOptions(const PerplexityOptions& options, int64_t modelContext);

// The windows over a stream of `tokens` tokens (at least 2).
std::vector<WindowSpan> perplexityWindows(int64_t tokens, int64_t context, int64_t stride);

// Windows [first, last) of equal length that go through a model in one forward pass,
// and the rows of its flattened (batch * length) output that score targets, in window
// order. Every scorer of the windows (perplexity, the quantization report's comparison
// of two models) runs the same passes, so they score the same tokens from the same context.
struct WindowPass {
    size_t first = 0, last = 0;
    torch::Tensor input;   // (batch, length) int64 on the CPU
    torch::Tensor rows;    // (R) int64 on the CPU
    torch::Tensor targets; // (R) int64 on the CPU: the token each row predicts
};

// The pass that starts at window `first`: the windows after it of the same length, up
// to about a full window's positions.
WindowPass windowPass(const std::vector<int32_t>& tokens, const std::vector<WindowSpan>& windows, size_t first);

// The final hidden states of the pass's scoring rows, (R, d_model) on the model's device.
// Call under inference mode, with the model in eval mode.
torch::Tensor scoringHidden(model::Transformer& model, const WindowPass& pass);

// progress(fraction of windows done) returning false cancels: lw::Error "cancelled".
// textBytes: the UTF-8 bytes of the text `tokens` encode (for bits per byte).
PerplexityResult computePerplexity(model::Transformer model, const std::vector<int32_t>& tokens, int64_t textBytes,
                                   const PerplexityOptions& options,
                                   const std::function<bool(double)>& progress = {});

} // namespace lw::eval
