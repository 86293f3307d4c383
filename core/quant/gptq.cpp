#include "core/quant/gptq.h"

#include "core/quant/block_grid.h"
#include "core/quant/gptq_problem.h"
#include "core/util/error.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <dlfcn.h>
#include <string>
#include <type_traits>

namespace lw::quant {

namespace detail {

namespace {

using torch::indexing::Slice;

template <typename T>
// The two trailing lengths are the hidden lengths of the character arguments that
// gfortran-built LAPACKs expect; OpenBLAS's C implementation ignores them.
using TriangularInverseFn = void (*)(const char* uplo, const char* diag, const int* n, T* a, const int* lda, int* info,
                                     size_t uploLength, size_t diagLength);

// LAPACK's triangular inverse (strtri_, dtrtri_) from the LAPACK LibTorch factorises
// with (OpenBLAS's on Debian), looked up in the loaded libraries; null without one.
template <typename T>
TriangularInverseFn<T> lapackTriangularInverse()
{
    static const auto fn =
        reinterpret_cast<TriangularInverseFn<T>>(::dlsym(RTLD_DEFAULT, std::is_same_v<T, float> ? "strtri_" : "dtrtri_"));
    return fn;
}

template <typename T>
bool invertInPlaceWithLapack(torch::Tensor& a)
{
    const TriangularInverseFn<T> trtri = lapackTriangularInverse<T>();
    if (!trtri)
        return false;
    // LAPACK reads column-major: the row-major lower L is its upper L^T, and the inverse
    // of L^T, read back row-major, is L^-1. The strictly upper part stays zero.
    const char uplo = 'U', diag = 'N';
    const int n = int(a.size(0));
    int info = 0;
    trtri(&uplo, &diag, &n, a.data_ptr<T>(), &n, &info, 1, 1);
    if (info != 0)
        throw Error::inField("hessian", "its Cholesky factor is singular (LAPACK trtri info " + std::to_string(info) + ")");
    return true;
}

// L^-1 of a lower triangular L: LAPACK's trtri on the CPU (a third of the work of a
// triangular solve against the identity), else that solve.
torch::Tensor invertLowerTriangular(const torch::Tensor& lower)
{
    if (lower.device().is_cpu() && lower.size(0) <= INT32_MAX) {
        torch::Tensor inverse = lower.contiguous().clone();
        if (lower.scalar_type() == torch::kFloat && invertInPlaceWithLapack<float>(inverse))
            return inverse;
        if (lower.scalar_type() == torch::kDouble && invertInPlaceWithLapack<double>(inverse))
            return inverse;
    }
    return torch::linalg_solve_triangular(lower, torch::eye(lower.size(0), lower.options()), /*upper=*/false);
}

// The upper Cholesky factor U of the inverse of the damped Hessian (U^T U = H^-1),
// from one factorisation and one triangular inverse rather than factor, invert, factor
// again: with J the reversal of the order, let J H J = M M^T (lower Cholesky); then
// H^-1 = J M^-T M^-1 J = (J M^-1 J)^T (J M^-1 J), and J M^-1 J is upper triangular
// with a positive diagonal, so it is the factor (which is unique).
torch::Tensor inverseHessianFactor(torch::Tensor h, double dampPercent)
{
    const double damp = dampPercent * h.diagonal().mean().item<double>();
    h.diagonal().add_(damp);
    auto [lower, info] = torch::linalg_cholesky_ex(h.flip({0, 1}));
    if (info.item<int64_t>() != 0)
        throw Error::inField("hessian", "is not positive definite after damping; raise the damping");
    return invertLowerTriangular(lower).flip({0, 1}).contiguous();
}

// tr(d H d^T) / 2: the mean of ||d x||^2 over the inputs H was accumulated from.
double outputError(const torch::Tensor& delta, const torch::Tensor& h)
{
    return (delta.mm(h) * delta).sum().item<double>() / 2.0;
}

} // namespace

GptqProblem prepareGptq(const torch::Tensor& weight, const torch::Tensor& hessian, const GptqSettings& settings)
{
    if (weight.dim() != 2 || hessian.dim() != 2 || hessian.size(0) != weight.size(1) ||
        hessian.size(1) != weight.size(1))
        throw Error::inField("hessian", "must be (cols, cols) for a (rows, cols) weight");
    if (settings.batchColumns < 1)
        throw Error::inField("batch_columns", "must be at least 1");
    if (settings.dampPercent < 0)
        throw Error::inField("damp_percent", "must not be negative");
    GptqProblem p;
    p.dtype = weight.scalar_type() == torch::kDouble ? torch::kDouble : torch::kFloat;
    p.rows = weight.size(0);
    p.cols = weight.size(1);
    p.original = weight.detach().to(torch::kCPU, p.dtype);
    p.hessian = hessian.detach().to(torch::kCPU, p.dtype);
    torch::Tensor w = p.original.clone();
    torch::Tensor h = p.hessian.clone();

    // An input that never fires carries no information: its weights are set to zero
    // and its diagonal to one, so the factorisation stays defined.
    const torch::Tensor dead = h.diagonal().eq(0);
    h.diagonal().masked_fill_(dead, 1);
    w.index_put_({Slice(), dead}, 0);
    p.grid = blockGridOf(w, settings.format, settings.importance);

    p.order = settings.actOrder ? std::get<1>(h.diagonal().sort(/*stable=*/true, 0, /*descending=*/true))
                                : torch::arange(p.cols, torch::kLong);
    p.inverseOrder = p.order.argsort();
    p.weight = w.index_select(1, p.order).contiguous();
    p.factor = inverseHessianFactor(h.index_select(0, p.order).index_select(1, p.order), settings.dampPercent);
    const torch::Tensor blockOfColumn = p.order.div(p.grid.blockSize, "floor");
    p.scales = p.grid.scale.index_select(1, blockOfColumn).to(p.dtype).contiguous();
    p.offsets = p.grid.offset.index_select(1, blockOfColumn).to(p.dtype).contiguous();
    return p;
}

GptqResult finishGptq(const GptqProblem& p, const torch::Tensor& levels, const torch::Tensor& quantized,
                      GptqTimings* timings)
{
    PhaseTimer phase(timings ? &timings->columnSeconds : nullptr);
    GptqResult r;
    const torch::Tensor q = quantized.index_select(1, p.inverseOrder);
    r.blocks = packBlocks(levels.index_select(1, p.inverseOrder), p.grid);
    r.dequantized = q.to(torch::kFloat);
    phase.start(timings ? &timings->errorSeconds : nullptr);
    r.error = outputError(p.original - q, p.hessian);
    r.reference = outputError(p.original, p.hessian);
    r.relativeError = r.reference > 0 ? r.error / r.reference : 0.0;
    return r;
}

} // namespace detail

namespace {

// Rows per task of the column loop: each row of a lazy batch costs about batch^2 / 2
// multiply-adds, so a few rows already pay for a task.
constexpr int64_t kRowGrain = 8;

// The column loop on raw rows. Rows are independent in GPTQ (the Hessian is shared,
// the weights of one row only move within that row), so each task walks its rows
// through a lazy batch of columns: choose the level of column i, push the scaled error
// onto the batch's later columns; the batch's errors then move the columns after the
// batch in one matrix product. Level choice as nearestLevels(): round half to even of
// (w - offset) / scale, clamped; level 0 where the scale is 0.
template <typename T>
void runColumnLoop(const detail::GptqProblem& p, int64_t batchColumns, torch::Tensor& levels, torch::Tensor& quantized)
{
    const int64_t rows = p.rows, cols = p.cols;
    const T qmin = T(p.grid.qmin), qmax = T(p.grid.qmax);
    torch::Tensor w = p.weight.clone();
    T* wData = w.data_ptr<T>();
    const T* u = p.factor.data_ptr<T>();
    const T* scales = p.scales.data_ptr<T>();
    const T* offsets = p.offsets.data_ptr<T>();
    T* levelData = levels.data_ptr<T>();
    T* quantizedData = quantized.data_ptr<T>();
    torch::Tensor errors = torch::empty({rows, batchColumns}, p.dtype);
    T* errorData = errors.data_ptr<T>();

    for (int64_t i1 = 0; i1 < cols; i1 += batchColumns) {
        const int64_t count = std::min(batchColumns, cols - i1), i2 = i1 + count;
        at::parallel_for(0, rows, kRowGrain, [&](int64_t begin, int64_t end) {
            for (int64_t r = begin; r < end; ++r) {
                T* row = wData + r * cols;
                T* rowErrors = errorData + r * batchColumns;
                const int64_t at = r * cols;
                for (int64_t i = i1; i < i2; ++i) {
                    const T s = scales[at + i], m = offsets[at + i];
                    T q = 0;
                    if (s != 0)
                        q = std::min(std::max(std::nearbyint((row[i] - m) / s), qmin), qmax);
                    const T value = q * s + m;
                    levelData[at + i] = q;
                    quantizedData[at + i] = value;
                    const T* ui = u + i * cols;
                    const T err = (row[i] - value) / ui[i];
                    rowErrors[i - i1] = err;
                    for (int64_t j = i + 1; j < i2; ++j)
                        row[j] -= err * ui[j];
                }
            }
        });
        if (i2 < cols)
            w.narrow(1, i2, cols - i2)
                .addmm_(errors.narrow(1, 0, count), p.factor.narrow(0, i1, count).narrow(1, i2, cols - i2),
                        /*beta=*/1, /*alpha=*/-1);
    }
}

// The row ranges of one matrix and their formats: settings.rowFormats', or every row in
// settings.format (with round-to-nearest's fallback for rows that are not whole blocks).
std::vector<RowFormat> rowFormatsOf(const model::LinearSite& site, const GptqSettings& settings)
{
    const int64_t rows = site.weight.size(0), cols = site.weight.size(1);
    std::vector<RowFormat> ranges;
    if (settings.rowFormats)
        ranges = settings.rowFormats(site.name);
    if (ranges.empty())
        return {RowFormat{0, rows, calibratedFormatFor(settings.format, cols, site.name), {}}};
    int64_t next = 0;
    for (const RowFormat& range : ranges) {
        if (range.rowStart != next || range.rows < 1)
            break;
        next += range.rows;
    }
    if (next != rows)
        throw Error::inField(site.name, "the row formats do not cover its " + std::to_string(rows) + " rows in order");
    return ranges;
}

// GPTQ of one matrix, range of rows by range, each against the matrix's Hessian; the
// weights are replaced by their quantized values.
void quantizeSite(const model::LinearSite& site, int64_t layer, const torch::Tensor& hessian,
                  const GptqSettings& settings, GptqTimings* timings, std::vector<QuantizedMatrix>& out)
{
    for (const RowFormat& range : rowFormatsOf(site, settings)) {
        GptqSettings rangeSettings = settings;
        rangeSettings.format = range.format;
        rangeSettings.importance = range.importance;
        torch::Tensor rows = site.weight.narrow(0, range.rowStart, range.rows);
        GptqResult r = gptqQuantizeMatrix(rows, hessian, rangeSettings, timings);
        rows.copy_(r.dequantized.to(rows.dtype()));
        QuantizedMatrix m;
        m.name = site.name;
        m.layer = layer;
        m.type = range.format;
        m.rowStart = range.rowStart;
        m.rows = range.rows;
        m.cols = site.weight.size(1);
        m.blocks = std::move(r.blocks);
        m.error = r.error;
        m.relativeError = r.relativeError;
        m.reference = r.reference;
        out.push_back(std::move(m));
    }
}

} // namespace

GptqResult gptqQuantizeMatrix(const torch::Tensor& weight, const torch::Tensor& hessian, const GptqSettings& settings,
                              GptqTimings* timings)
{
    detail::PhaseTimer phase(timings ? &timings->factorSeconds : nullptr);
    const detail::GptqProblem p = detail::prepareGptq(weight, hessian, settings);
    phase.start(timings ? &timings->columnSeconds : nullptr);
    torch::Tensor levels = torch::empty({p.rows, p.cols}, p.dtype);
    torch::Tensor quantized = torch::empty({p.rows, p.cols}, p.dtype);
    if (p.dtype == torch::kDouble)
        runColumnLoop<double>(p, settings.batchColumns, levels, quantized);
    else
        runColumnLoop<float>(p, settings.batchColumns, levels, quantized);
    phase.start(nullptr);
    return detail::finishGptq(p, levels, quantized, timings);
}

std::vector<QuantizedMatrix> gptqQuantizeModel(model::TransformerImpl& model, const torch::Tensor& windows,
                                               const GptqSettings& settings, const MatrixProgress& progress,
                                               GptqTimings* timings)
{
    checkCalibratedFormat(settings.format);
    std::vector<QuantizedMatrix> out;
    int64_t done = 0;
    const int64_t total = model.config().n_layer * int64_t(model.config().family == model::Family::Llama ? 5 : 4);
    StatisticsRequest request;
    request.hessian = true;
    request.microBatch = settings.microBatch;
    request.timings = timings ? &timings->calibration : nullptr;
    torch::NoGradGuard noGrad;
    calibrateLayerByLayer(model, windows, request,
                          [&](int64_t layer, const std::vector<model::LinearSite>& sites,
                              std::vector<InputStatistics>& stats) {
                              for (size_t k = 0; k < sites.size(); ++k) {
                                  quantizeSite(sites[k], layer, stats[k].hessian, settings, timings, out);
                                  stats[k] = InputStatistics{}; // the Hessian is no longer needed
                                  if (progress && !progress(++done, total, sites[k].name))
                                      throw Error("cancelled");
                              }
                          });
    return out;
}

} // namespace lw::quant
