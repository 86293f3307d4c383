#include "core/quant/calibration.h"

#include "core/quant/input_sums.h"
#include "core/util/caching_cpu_allocator.h"
#include "core/util/error.h"

#include <ATen/CPUGeneratorImpl.h>

#include <chrono>

namespace lw::quant {

namespace {

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Gathers a map's input statistics while computing the map unchanged. The walk throws
// away the outputs of the pass that gathers statistics, so a map whose output reaches
// nothing but the layer's output (the down projection: its result is only added to the
// residual stream) need not compute it: `computeOutput` false gives zeros instead.
class InputRecorder : public model::LinearAdapter {
public:
    InputRecorder(InputStatistics& stats, const StatisticsRequest& request, bool computeOutput)
        : m_stats(stats), m_request(request), m_computeOutput(computeOutput)
    {
    }

    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias) override
    {
        record(x.reshape({-1, x.size(-1)}).to(torch::kFloat));
        if (!m_computeOutput) { // one zero broadcast to the output's shape: nothing to allocate or fill
            std::vector<int64_t> shape = x.sizes().vec();
            shape.back() = weight.size(0);
            return torch::zeros({}, x.options()).expand(shape);
        }
        return torch::nn::functional::linear(x, weight, bias);
    }

    torch::Tensor mergedWeight(const torch::Tensor& weight) const override { return weight.detach().to(torch::kFloat); }

private:
    void record(const torch::Tensor& x) // (n, in)
    {
        const auto start = std::chrono::steady_clock::now();
        InputStatistics& s = m_stats;
        const int64_t in = x.size(1);
        if (!s.absSum.defined()) {
            s.absSum = torch::zeros({in}, x.options());
            s.squareSum = torch::zeros({in}, x.options());
            if (m_request.hessian)
                s.hessian = torch::zeros({in, in}, x.options());
        }
        detail::addColumnSums(x, s.absSum, s.squareSum);
        if (m_request.hessian)
            detail::addUpperGram(s.hessian, x); // completed by the walk after the pass
        const int64_t kept = s.samples.defined() ? s.samples.size(0) : 0;
        if (kept < m_request.keepSamples) {
            const torch::Tensor more = x.narrow(0, 0, std::min(x.size(0), m_request.keepSamples - kept));
            s.samples = kept == 0 ? more.clone() : torch::cat({s.samples, more});
        }
        s.count += x.size(0);
        if (m_request.timings)
            m_request.timings->statisticsSeconds += secondsSince(start);
    }

    InputStatistics& m_stats;
    const StatisticsRequest& m_request;
    bool m_computeOutput;
};

// Token (and, for GPT-2, position) embeddings of the windows, split in micro-batches.
std::vector<torch::Tensor> embedWindows(model::TransformerImpl& model, const torch::Tensor& windows, int64_t microBatch)
{
    const torch::Device device = model.tokenEmbedding->weight.device();
    std::vector<torch::Tensor> hidden;
    for (int64_t b = 0; b < windows.size(0); b += microBatch) {
        const torch::Tensor ids = windows.narrow(0, b, std::min(microBatch, windows.size(0) - b)).to(device);
        torch::Tensor x = model.tokenEmbedding(ids);
        if (model.positionEmbedding)
            x = x + model.positionEmbedding(torch::arange(ids.size(1), torch::TensorOptions(torch::kLong).device(device)));
        hidden.push_back(x);
    }
    return hidden;
}

} // namespace

torch::Tensor calibrationWindows(const std::vector<int32_t>& tokens, const CalibrationSettings& settings)
{
    if (settings.samples < 1)
        throw Error::inField("calibration_samples", "must be at least 1");
    if (settings.length < 1)
        throw Error::inField("calibration_length", "must be at least 1");
    const int64_t n = int64_t(tokens.size());
    if (n < settings.length)
        throw Error::inField("calibration_length", "the calibration text has " + std::to_string(n) +
                                                       " tokens, fewer than one window of " +
                                                       std::to_string(settings.length));
    auto generator = at::make_generator<at::CPUGeneratorImpl>(settings.seed);
    const torch::Tensor starts =
        torch::randint(0, n - settings.length + 1, {settings.samples}, generator, torch::kLong);
    const torch::Tensor stream = torch::from_blob(const_cast<int32_t*>(tokens.data()), {n}, torch::kInt).to(torch::kLong);
    const torch::Tensor offsets = torch::arange(settings.length, torch::kLong);
    return stream.index({starts.unsqueeze(1) + offsets.unsqueeze(0)});
}

std::vector<model::LinearSite> layerSites(model::TransformerImpl& model, int64_t layer)
{
    std::vector<model::LinearSite> sites;
    for (model::LinearSite& site : model::linearSites(model))
        if (site.layer == layer)
            sites.push_back(site);
    return sites;
}

void calibrateLayerByLayer(model::TransformerImpl& model, const torch::Tensor& windows,
                           const StatisticsRequest& request, const LayerStep& step)
{
    if (windows.dim() != 2 || windows.size(0) < 1)
        throw Error::inField("windows", "expected (N, L) token ids");
    if (windows.size(1) > model.config().context_length)
        throw Error::inField("calibration_length", std::to_string(windows.size(1)) +
                                                       " tokens exceed the model's context of " +
                                                       std::to_string(model.config().context_length));
    if (request.microBatch < 1)
        throw Error::inField("micro_batch", "must be at least 1");
    // Every micro-batch allocates the same large activations again (tens of MB, above
    // glibc's mmap threshold): without a cache each is fresh pages the kernel zeroes.
    util::installCachingCpuAllocator();
    torch::NoGradGuard noGrad;
    const bool wasTraining = model.is_training();
    model.eval();
    CalibrationTimings* timings = request.timings;
    const double statisticsBefore = timings ? timings->statisticsSeconds : 0;
    auto start = std::chrono::steady_clock::now();
    std::vector<torch::Tensor> hidden = embedWindows(model, windows, request.microBatch);
    for (int64_t i = 0; i < model.config().n_layer; ++i) {
        auto block = model.layers[i]->as<model::Block>();
        std::vector<model::LinearSite> sites = layerSites(model, i);
        std::vector<InputStatistics> stats(sites.size());
        std::vector<model::LinearAdapterPtr> previous;
        for (size_t k = 0; k < sites.size(); ++k) {
            previous.push_back(*sites[k].slot);
            if (previous.back())
                throw Error::inField(sites[k].name, "has an adapter attached; merge or remove it before calibrating");
            const bool feedsOnlyTheResidual = sites[k].role == model::LinearRole::Down;
            *sites[k].slot = std::make_shared<InputRecorder>(stats[k], request, !feedsOnlyTheResidual);
        }
        try {
            for (const torch::Tensor& x : hidden)
                block->forward(x, nullptr, i);
        } catch (...) {
            for (size_t k = 0; k < sites.size(); ++k)
                *sites[k].slot = previous[k];
            throw;
        }
        for (size_t k = 0; k < sites.size(); ++k) {
            *sites[k].slot = previous[k];
            if (stats[k].hessian.defined()) {
                detail::mirrorUpperGram(stats[k].hessian);
                stats[k].hessian.mul_(2.0 / double(stats[k].count));
            }
        }
        if (timings)
            timings->forwardSeconds += secondsSince(start);
        start = std::chrono::steady_clock::now();
        step(i, sites, stats);
        stats.clear();
        if (timings)
            timings->stepSeconds += secondsSince(start);
        start = std::chrono::steady_clock::now();
        if (i + 1 == model.config().n_layer)
            break; // nothing reads the last layer's outputs
        for (torch::Tensor& x : hidden)
            x = block->forward(x, nullptr, i);
    }
    if (timings) // the statistics were gathered inside the forward passes
        timings->forwardSeconds += secondsSince(start) - (timings->statisticsSeconds - statisticsBefore);
    if (wasTraining)
        model.train();
}

} // namespace lw::quant
