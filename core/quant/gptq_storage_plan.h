#pragma once
// GPTQ follows the storage plan of the file it writes (quant_mix.h): each matrix's rows
// take the types the plan gives its GGUF tensors (a mix such as q4_k_m stores a fused
// qkv map's value rows as q6_K in some layers and its query and key rows as q4_K), with
// round-to-nearest's fallback where rows are not whole blocks, and with an importance
// matrix each tensor's rows take that tensor's importance vector (the grid round-to-
// nearest with it stores). Its blocks then go to quantizeModel() whole, or tensor by
// tensor where one matrix holds several types.
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
    // The plan of `roundingMethod` ("q4_k_m") for a model of `config`; `importance` by
    // GGUF tensor name as QuantizeOptions::importance (checked by quantizeModel()).
    GptqStoragePlan(const model::ModelConfig& config, const std::string& roundingMethod,
                    std::map<std::string, std::vector<float>> importance = {});

    // GptqSettings::rowFormats: consecutive tensors of one matrix with one type and one
    // importance vector share a range. lw::Error naming the tensor when its type has no
    // calibration grid.
    std::vector<RowFormat> rowFormats(const std::string& matrix) const;

    // The values under one scale (valuesPerScale, block_grid.h) of each block type the
    // plan stores, by type name ("q4_K": 32, "q6_K": 16), and that of the type that holds
    // the most weights.
    std::map<std::string, int64_t> groupSizes() const;
    int64_t dominantGroupSize() const;

    // Hands GPTQ's blocks of `m` to `options`: QuantizeOptions::precomputed when they
    // hold the whole matrix, else precomputedTensors for each tensor they hold.
    void store(const QuantizedMatrix& m, QuantizeOptions& options) const;

private:
    std::map<std::string, std::vector<MatrixPlan>> m_plans; // by parameter prefix, in row order
    std::map<std::string, std::vector<float>> m_importance; // by GGUF tensor name
};

} // namespace lw::quant
