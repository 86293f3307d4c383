#pragma once
// What GPTQ's column loop starts from and what it ends with, shared by the fast loop
// (gptq.cpp) and the straightforward one kept as its reference (gptq_reference.cpp):
// the checks, dead inputs, the grid, act-order, the inverse Hessian's upper Cholesky
// factor; then the blocks and the output error from the levels the loop chose.
#include "core/quant/block_grid.h"
#include "core/quant/gptq.h"

#include <chrono>
#include <torch/torch.h>

namespace lw::quant::detail {

// Adds the seconds from its construction to its end (or to the next start()) to a
// phase's total, when there is one.
class PhaseTimer {
public:
    explicit PhaseTimer(double* total) : m_total(total), m_start(std::chrono::steady_clock::now()) { }
    ~PhaseTimer() { stop(); }
    PhaseTimer(const PhaseTimer&) = delete;
    PhaseTimer& operator=(const PhaseTimer&) = delete;

    // Ends the current phase and starts timing another.
    void start(double* total)
    {
        stop();
        m_total = total;
        m_start = std::chrono::steady_clock::now();
    }

private:
    void stop()
    {
        if (m_total)
            *m_total += std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
        m_total = nullptr;
    }

    double* m_total;
    std::chrono::steady_clock::time_point m_start;
};

struct GptqProblem {
    torch::ScalarType dtype = torch::kFloat; // float64 for a float64 weight, float32 otherwise
    int64_t rows = 0, cols = 0;
    torch::Tensor original;        // (rows, cols) the weight as given, in dtype
    torch::Tensor hessian;         // (cols, cols) undamped, in dtype
    BlockGrid grid;                // from the weight with dead inputs zeroed
    torch::Tensor order;           // (cols) int64: the column order the loop follows
    torch::Tensor inverseOrder;    // (cols) int64: back to the weight's order
    torch::Tensor weight;          // (rows, cols) contiguous, dead inputs zeroed, columns in `order`
    torch::Tensor factor;          // (cols, cols) contiguous upper Cholesky factor of the damped inverse, in `order`
    torch::Tensor scales, offsets; // (rows, cols) contiguous, each column's block scale and offset, in `order`
};

// Checks the inputs (lw::Error naming the field) and prepares the loop.
GptqProblem prepareGptq(const torch::Tensor& weight, const torch::Tensor& hessian, const GptqSettings& settings);

// levels, quantized: (rows, cols) in the problem's dtype and column order.
GptqResult finishGptq(const GptqProblem& problem, const torch::Tensor& levels, const torch::Tensor& quantized,
                      GptqTimings* timings);

} // namespace lw::quant::detail
