#pragma once
// GGUF files (llama.cpp's format) as models: list one without loading it, read one into
// our Transformer (every tensor type we can dequantize), and write ours for llama.cpp.
#include "core/gguf/ggml_types.h"
#include "core/gguf/gguf_writer.h"
#include "core/gguf_model/gguf_tensor_map.h"
#include "core/gguf_model/gguf_tokenizer.h"
#include "core/model/parameter_source.h"
#include "core/model/transformer.h"

#include <functional>
#include <map>
#include <string>

namespace lw::gguf_model {

struct GgufModelInfo {
    std::string path;
    std::string architecture; // general.architecture
    std::string name;         // general.name, "" when absent
    model::ModelConfig config;
    std::map<std::string, int64_t> tensorTypes; // ggml type name -> tensor count
    std::string tokenizerModel; // tokenizer.ggml.model, "" when absent
    std::string chatTemplate;
    uint64_t fileBytes = 0;
    uint64_t tensorBytes = 0;
};

// Reads the header only and checks every tensor the model needs is there with the right
// dims and a type we can dequantize; lw::Error naming the file and tensor otherwise.
GgufModelInfo inspectGguf(const std::string& path);

struct GgufModel {
    model::Transformer model{nullptr};
    GgufModelInfo info;
};

// The model on `device` with weights converted to `dtype` (eval mode), without the
// matrices `leftOut` names (never read from the file, see model::LeftOutMatrices).
GgufModel loadGgufModel(const std::string& path, const torch::Device& device,
                        torch::ScalarType dtype = torch::kFloat, const model::LeftOutMatrices& leftOut = {});

// Called after each tensor with (tensors done, total); returning false cancels the
// write (lw::Error "cancelled", the target left as it was).
using GgufWriteProgress = std::function<bool(int64_t done, int64_t total)>;

// Writes `model` with `tokenizer` as a GGUF file for llama.cpp: matrices as `type` (F32,
// F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1; a matrix whose rows are not whole blocks
// falls back to F16), norms, biases and rope_freqs as F32. Atomic.
void writeGgufModel(model::Transformer& model, const tokenizer::Tokenizer& tokenizer, const std::string& chatTemplate,
                    const std::string& path, gguf::GgmlType type, const GgufWriteProgress& progress = {},
                    const std::string& name = "");
// The same from parameters read one at a time (an export straight from a file's map).
void writeGgufModel(const model::ParameterSource& source, const tokenizer::Tokenizer& tokenizer,
                    const std::string& chatTemplate, const std::string& path, gguf::GgmlType type,
                    const GgufWriteProgress& progress = {}, const std::string& name = "");

// The pieces writeGgufModel is made of, for writers that choose each tensor's type
// (core/quant): a writer holding the general.*, "<arch>.*" and tokenizer keys (no
// tokenizer keys when `tokenizer` is null) and the rope_freqs tensor a Llama 3 model
// needs; the GGUF dims of a part of a parameter; and its values in the GGUF's row order
// (q and k rows permuted for llama), as float32 rows x cols.
gguf::GgufWriter ggufModelWriter(const model::ModelConfig& config, const tokenizer::Tokenizer* tokenizer,
                                 const std::string& chatTemplate, const std::string& name, uint32_t fileType);
std::vector<uint64_t> ggufPartDims(const GgufTensorPart& part, const torch::Tensor& parameter);
std::vector<float> ggufPartValues(const torch::Tensor& parameter, const GgufTensorPart& part);
std::map<std::string, torch::Tensor> parametersByName(model::Transformer& model);

// llama.cpp's general.file_type for files whose matrices are `type`.
uint32_t llamaFileType(gguf::GgmlType type);

} // namespace lw::gguf_model
