#include "core/quant/gptq_storage_plan.h"

#include "core/quant/block_grid.h"
#include "core/util/error.h"

#include <algorithm>
#include <utility>

namespace lw::quant {

namespace {

const std::string kWeightSuffix = ".weight";

} // namespace

GptqStoragePlan::GptqStoragePlan(const model::ModelConfig& config, const std::string& roundingMethod,
                                 std::map<std::string, std::vector<float>> importance)
    : m_importance(std::move(importance))
{
    for (const MatrixPlan& p : planMatrices(config, roundingMethod))
        if (p.ours.size() > kWeightSuffix.size())
            m_plans[p.ours.substr(0, p.ours.size() - kWeightSuffix.size())].push_back(p);
    for (auto& [matrix, plans] : m_plans)
        std::sort(plans.begin(), plans.end(),
                  [](const MatrixPlan& a, const MatrixPlan& b) { return a.rowStart < b.rowStart; });
}

std::vector<RowFormat> GptqStoragePlan::rowFormats(const std::string& matrix) const
{
    std::vector<RowFormat> ranges;
    auto it = m_plans.find(matrix);
    if (it == m_plans.end())
        return ranges;
    for (const MatrixPlan& p : it->second) {
        if (!calibratedFormatSupported(p.encoding.type))
            throw Error::inField(p.tensor, "is stored as " + p.encoding.name() + " (rows of " + std::to_string(p.cols) +
                                               " values), which GPTQ cannot target");
        const gguf::GgmlType format = p.encoding.type;
        auto weights = m_importance.find(p.tensor);
        const std::vector<float> importance = weights != m_importance.end() ? weights->second : std::vector<float>{};
        if (!importance.empty())
            checkImportanceVector(p, importance);
        if (!ranges.empty() && ranges.back().format == format && ranges.back().importance == importance &&
            ranges.back().rowStart + ranges.back().rows == p.rowStart)
            ranges.back().rows += p.rows;
        else
            ranges.push_back({p.rowStart, p.rows, format, importance});
    }
    return ranges;
}

std::map<std::string, int64_t> GptqStoragePlan::groupSizes() const
{
    std::map<std::string, int64_t> sizes;
    for (const auto& [matrix, plans] : m_plans)
        for (const MatrixPlan& p : plans)
            if (calibratedFormatSupported(p.encoding.type))
                sizes[p.encoding.name()] = valuesPerScale(p.encoding.type);
    return sizes;
}

int64_t GptqStoragePlan::dominantGroupSize() const
{
    std::map<gguf::GgmlType, int64_t> weights;
    for (const auto& [matrix, plans] : m_plans)
        for (const MatrixPlan& p : plans)
            if (calibratedFormatSupported(p.encoding.type))
                weights[p.encoding.type] += p.rows * p.cols;
    auto most = std::max_element(weights.begin(), weights.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    return most == weights.end() ? 0 : valuesPerScale(most->first);
}

void GptqStoragePlan::store(const QuantizedMatrix& m, QuantizeOptions& options) const
{
    auto it = m_plans.find(m.name);
    int64_t matrixRows = 0;
    if (it != m_plans.end())
        for (const MatrixPlan& p : it->second)
            matrixRows += p.rows;
    if (it == m_plans.end() || (m.rowStart == 0 && m.rows == matrixRows)) {
        options.precomputed[m.name + kWeightSuffix] = {m.type, m.blocks};
        return;
    }
    // Rows are independent in every block format: a tensor's rows are a byte range.
    const int64_t rowBytes = m.blocks.numel() / m.rows;
    for (const MatrixPlan& p : it->second)
        if (p.rowStart >= m.rowStart && p.rowStart + p.rows <= m.rowStart + m.rows)
            options.precomputedTensors[p.tensor] = {
                m.type, m.blocks.narrow(0, (p.rowStart - m.rowStart) * rowBytes, p.rows * rowBytes).contiguous()};
}

} // namespace lw::quant
