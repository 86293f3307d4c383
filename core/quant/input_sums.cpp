#include "core/quant/input_sums.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <vector>

extern "C" {
// From the system BLAS (OpenBLAS on Debian), the library LibTorch multiplies with.
enum CBLAS_ORDER { CblasRowMajor = 101 };
enum CBLAS_UPLO { CblasUpper = 121 };
enum CBLAS_TRANSPOSE { CblasTrans = 112 };
void cblas_ssyrk(CBLAS_ORDER order, CBLAS_UPLO uplo, CBLAS_TRANSPOSE trans, int n, int k, float alpha, const float* a,
                 int lda, float beta, float* c, int ldc);
}

namespace lw::quant::detail {

namespace {

// Rows of the Gram matrix per block row: small enough that the skipped blocks below
// the diagonal are most of the lower half (8 block rows: 44% of the products saved),
// large enough that each product runs at full speed.
int64_t gramBlockRows(int64_t in)
{
    return std::max<int64_t>(128, (in + 7) / 8);
}

} // namespace

void addUpperGram(torch::Tensor& gram, const torch::Tensor& x)
{
    const int64_t in = x.size(1);
    const bool blas = x.device().is_cpu() && gram.device().is_cpu() && x.scalar_type() == torch::kFloat &&
                      gram.scalar_type() == torch::kFloat && gram.is_contiguous() && x.stride(1) == 1 &&
                      x.stride(0) >= std::max<int64_t>(in, 1) && in <= INT32_MAX && x.size(0) <= INT32_MAX &&
                      x.stride(0) <= INT32_MAX;
    if (blas) {
        // One rank-k update with beta 1: the sum grows in place, only the upper triangle
        // is computed, and no product is allocated or zeroed first.
        cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, int(in), int(x.size(0)), 1.0f, x.data_ptr<float>(),
                    int(x.stride(0)), 1.0f, gram.data_ptr<float>(), int(in));
        return;
    }
    const int64_t block = gramBlockRows(in);
    for (int64_t r = 0; r < in; r += block) {
        const int64_t rows = std::min(block, in - r);
        gram.narrow(0, r, rows).narrow(1, r, in - r).addmm_(x.narrow(1, r, rows).t(), x.narrow(1, r, in - r));
    }
}

void mirrorUpperGram(torch::Tensor& gram)
{
    gram.copy_(gram.triu() + gram.triu(1).t());
}

void addColumnSums(const torch::Tensor& x, torch::Tensor& absSum, torch::Tensor& squareSum)
{
    const bool raw = x.device().is_cpu() && x.scalar_type() == torch::kFloat && absSum.is_contiguous() &&
                     squareSum.is_contiguous() && absSum.scalar_type() == torch::kFloat;
    if (!raw) {
        absSum.add_(x.abs().sum(0));
        squareSum.add_(x.square().sum(0));
        return;
    }
    const torch::Tensor xc = x.contiguous();
    const int64_t n = xc.size(0), in = xc.size(1);
    const float* data = xc.data_ptr<float>();
    float* absOut = absSum.data_ptr<float>();
    float* squareOut = squareSum.data_ptr<float>();
    // Each task owns a range of columns and walks all rows over it: the sums of a column
    // stay in one task, summed in row order in double precision.
    constexpr int64_t kColumnGrain = 64;
    at::parallel_for(0, in, kColumnGrain, [&](int64_t begin, int64_t end) {
        std::vector<double> a(size_t(end - begin), 0.0), s(size_t(end - begin), 0.0);
        for (int64_t row = 0; row < n; ++row) {
            const float* v = data + row * in + begin;
            for (int64_t j = 0; j < end - begin; ++j) {
                const double value = v[j];
                a[size_t(j)] += std::fabs(value);
                s[size_t(j)] += value * value;
            }
        }
        for (int64_t j = 0; j < end - begin; ++j) {
            absOut[begin + j] += float(a[size_t(j)]);
            squareOut[begin + j] += float(s[size_t(j)]);
        }
    });
}

} // namespace lw::quant::detail
