#pragma once
// A model in a Hugging Face folder (config.json plus safetensors weights) read into our
// Transformer, and our Transformer written as such a folder. Which tensors go where is
// the architecture table's business (hf_architecture.h); this file moves the bytes.
#include "core/hf/hf_architecture.h"
#include "core/hf/safetensors_set.h"
#include "core/model/parameter_source.h"
#include "core/model/transformer.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace lw::hf {

struct HfModelInfo {
    std::string folder;
    const HfArchitecture* architecture = nullptr;
    model::ModelConfig config;
    nlohmann::json hfConfig;         // config.json as read
    std::vector<std::string> notes;  // settings adapted on the way in
    std::string namePrefix;          // the prefix the tensor names carry ("transformer." or "")
    torch::ScalarType storedDtype = torch::kFloat;
    // The dtype every tensor the model reads is stored in, when they share one (a model
    // built in it then rounds nothing).
    std::optional<torch::ScalarType> singleDtype;
    // The dtype every matrix the model reads (a tensor of two or more dimensions:
    // embeddings, projections) is stored in, when they share one; the vectors (norm
    // gains, biases) may be stored in another, as many published bf16 models keep them
    // in float32.
    std::optional<torch::ScalarType> matrixDtype;
    uint64_t weightBytes = 0;        // size of the safetensors files
    std::vector<std::string> weightFiles;
};

// Reads config.json and the safetensors headers (not the weights) and checks that every
// tensor the architecture needs is there with the right shape and a floating-point
// dtype, and that no unexpected tensor is; lw::Error naming the folder and the tensor.
HfModelInfo inspectHfModel(const std::string& folder);

// The dtypes a model's parameters are built in: its matrices' (two or more dimensions)
// and its vectors' (norm gains, biases).
struct HfLoadDtypes {
    torch::ScalarType matrices = torch::kFloat;
    torch::ScalarType vectors = torch::kFloat;
};

// Builds the model on `device` with weights converted to `dtype` (eval mode), each tensor
// read from the memory-mapped files straight into `dtype`: no float32 copy of a bf16
// model is made on the way.
model::Transformer loadHfModel(const std::string& folder, const torch::Device& device,
                               torch::ScalarType dtype = torch::kFloat, HfModelInfo* infoOut = nullptr);
// The same with matrices and vectors in dtypes of their own. A model whose two differ
// is for the fused CPU decoder only (it reads vectors in float32 and matrices as they
// are): the model's own forward pass needs one dtype throughout.
model::Transformer loadHfModel(const std::string& folder, const torch::Device& device, HfLoadDtypes dtypes,
                               HfModelInfo* infoOut = nullptr);

// The folder's parameters in our layout, each read from the memory-mapped files when
// asked for (q, k and v concatenated, Conv1D transposed), without building the model:
// what export writes from. Checks as inspectHfModel.
model::ParameterSource hfParameterSource(const std::string& folder, HfModelInfo* infoOut = nullptr);

// Weights as the architecture names and lays them out (Conv1D transposed, q/k/v split),
// each read from `source` and converted to `dtype` when written; a tied output
// projection is written once, as the embedding.
std::vector<io::StreamedTensor> hfTensorsOf(const model::ParameterSource& source, const HfArchitecture& architecture,
                                            torch::ScalarType dtype);

// Writes config.json and model.safetensors (with the "format": "pt" metadata that
// transformers requires) into `folder`, which must exist.
void writeHfWeights(const model::ParameterSource& source, const std::string& folder, torch::ScalarType dtype,
                    int64_t bosId, int64_t eosId);
void writeHfWeights(model::Transformer& model, const std::string& folder, torch::ScalarType dtype, int64_t bosId,
                    int64_t eosId);

// "float32", "float16", "bfloat16" (config.json's torch_dtype) and back.
std::string torchDtypeName(torch::ScalarType dtype);
torch::ScalarType dtypeFromName(const std::string& name); // f32|f16|bf16 and the long names

} // namespace lw::hf
