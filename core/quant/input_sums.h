#pragma once
// The sums calibration gathers over a map's inputs x (n, in), computed with half the
// work of the plain formulas: the Gram matrix X^T X is symmetric, so only its upper
// triangle is accumulated (float32 on the CPU: one BLAS rank-k update, ssyrk, into the
// running sum; otherwise one matrix product per block row on and above the diagonal),
// and the lower triangle is copied from the upper once all inputs are in; |x| and x^2 per
// column are summed in one pass over x without temporaries.
#include <torch/torch.h>

namespace lw::quant::detail {

// gram (in, in) += the upper triangle (at least) of x^T x (x float32, (n, in)).
void addUpperGram(torch::Tensor& gram, const torch::Tensor& x);

// Completes a Gram matrix built by addUpperGram: lower triangle = upper transposed.
void mirrorUpperGram(torch::Tensor& gram);

// absSum (in) += sum over rows of |x|, squareSum (in) += sum over rows of x^2.
void addColumnSums(const torch::Tensor& x, torch::Tensor& absSum, torch::Tensor& squareSum);

} // namespace lw::quant::detail
