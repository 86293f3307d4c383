#include "core/quant/gptq_storage_plan.h"

#include "core/quant/block_grid.h"
#include "core/util/error.h"

#include <algorithm>

namespace lw::quant {

namespace {

const std::string kWeightSuffix = ".weight";

} // namespace

GptqStoragePlan::GptqStoragePlan(const model::ModelConfig& config, const std::string& roundingMethod)
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
        if (!ranges.empty() && ranges.back().format == format &&
            ranges.back().rowStart + ranges.back().rows == p.rowStart)
            ranges.back().rows += p.rows;
        else
            ranges.push_back({p.rowStart, p.rows, format});
    }
    return ranges;
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
