#pragma once
// AdamW (decoupled weight decay, as torch.optim.AdamW computes it) with the gradient
// clipping scale folded in, updating each parameter, its two moments and reading its
// gradient in a single pass. On CPU a vectorised kernel; elsewhere tensor operations.
#include <torch/torch.h>

#include <string>
#include <vector>

namespace lw::train {

struct AdamWOptions {
    double beta1 = 0.9, beta2 = 0.95, eps = 1e-8, weightDecay = 0.1;
};

class FusedAdamW {
public:
    FusedAdamW(AdamWOptions options) : m_options(options) {}

    // Parameters are registered once, with whether weight decay applies to them and a
    // factor on the learning rate (LoRA+ trains B faster than A).
    void addParameter(const std::string& name, torch::Tensor parameter, bool decay, double lrScale = 1.0);

    // sqrt of the sum of squared gradients of every parameter (missing gradients count 0).
    double gradientNorm() const;
    // One update at learning rate lr, gradients multiplied by gradScale first.
    void step(double lr, double gradScale = 1.0);
    void zeroGrad(); // drops gradients (the next backward pass allocates them fresh)

    int64_t stepCount() const { return m_step; }
    // Moments by parameter name ("m.<name>", "v.<name>") and the step count.
    std::vector<std::pair<std::string, torch::Tensor>> stateTensors() const;
    void loadState(const std::map<std::string, torch::Tensor>& tensors, int64_t stepCount);

private:
    struct Slot {
        std::string name;
        torch::Tensor param, expAvg, expAvgSq;
        bool decay;
        double lrScale = 1.0;
    };
    // Every CPU float32 parameter cut into spans of at most 64K elements, in parameter
    // order: the norm and the update each run as one parallel loop over all spans (one
    // fork/join per step, not one per parameter), and the norm adds the spans' sums in
    // this fixed order, so it does not depend on the thread count.
    struct Span {
        size_t slot;
        int64_t begin, end;
    };
    bool onCpuPath(const Slot& slot, const torch::Tensor& grad) const;

    AdamWOptions m_options;
    std::vector<Slot> m_slots;
    std::vector<Span> m_spans;
    int64_t m_step = 0;
};

namespace kernels {
// p, g, m, v of n floats; see FusedAdamW::step for the arithmetic.
void adamwUpdate(float* p, const float* g, float* m, float* v, int64_t n, float lr, float weightDecay, float beta1,
                 float beta2, float eps, float stepSize, float biasCorrection2Sqrt, float gradScale);
double sumOfSquares(const float* x, int64_t n);
} // namespace kernels

} // namespace lw::train
