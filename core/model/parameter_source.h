#pragma once
// A model's parameters by our names (model::parameterShapes), each read when asked for:
// from a Transformer in memory, or straight from a file's memory map (hf::hfParameterSource),
// so that writing a model out holds one tensor at a time, not a float32 copy of it all.
#include "core/model/model_config.h"
#include "core/model/transformer.h"

#include <functional>
#include <string>
#include <torch/torch.h>

namespace lw::model {

struct ParameterSource {
    ModelConfig config;
    // The parameter with its shape in our layout, on the CPU, in a dtype that float32 holds
    // exactly (f32, f16 or bf16), so converting it to the dtype written gives the same bytes
    // as its float32 value would. Read-only (maybe a file map's view). lw::Error naming it.
    std::function<torch::Tensor(const std::string& name)> read;
};

// The parameters of `model` as they are now (no copy beyond the move to the CPU).
ParameterSource parameterSourceOf(Transformer& model);

// `source` remembering the last parameter read: writers that split one parameter into
// several tensors (q, k and v of a fused projection) read it once, not once a part.
ParameterSource rememberingLastRead(ParameterSource source);

} // namespace lw::model
