#pragma once
// GPTQ follows the storage plan of the file it writes (quant_mix.h): each matrix's rows
// take the types the plan gives its GGUF tensors (a mix such as q4_k_m stores a fused
// qkv map's value rows as q6_K in some layers and its query and key rows as q4_K), with
// round-to-nearest's fallback where rows are not whole blocks. Its blocks then go to
// quantizeModel() whole, or tensor by tensor where one matrix holds several types.
#include "core/model/model_config.h"
#include "core/quant/gptq.h"
#include "core/quant/quant_mix.h"
#include "core/quant/quantize_model.h"

#include <map>
#include <string>
#include <vector>

namespace lw::quant {

class GptqStoragePlan {
public:
    // The plan of `roundingMethod` ("q4_k_m") for a model of `config`.
    GptqStoragePlan(const model::ModelConfig& config, const std::string& roundingMethod);

    // GptqSettings::rowFormats: consecutive tensors of one matrix with one type share a
    // range. lw::Error naming the tensor when its type has no calibration grid.
    std::vector<RowFormat> rowFormats(const std::string& matrix) const;

    // Hands GPTQ's blocks of `m` to `options`: QuantizeOptions::precomputed when they
    // hold the whole matrix, else precomputedTensors for each tensor they hold.
    void store(const QuantizedMatrix& m, QuantizeOptions& options) const;

private:
    std::map<std::string, std::vector<MatrixPlan>> m_plans; // by parameter prefix, in row order
};

} // namespace lw::quant
