#pragma once
// Round-to-nearest quantization of a whole model into a GGUF v3 file (quant_mix.h says
// which storage each matrix gets): the blocks as llama.cpp lays them out, so the file
// loads in llama.cpp as it is (int8 and NF4 excepted: our extension,
// core/gguf_model/gguf_stored_matrix.h), the tokenizer and chat template as
// gguf_model::writeGgufModel writes them, norms and biases f32, and how it was made:
//   llmwb.quantization           the method ("q4_k_m")
//   llmwb.quantization.source    what it was quantized from (a label)
//   llmwb.quantization.settings  JSON: {"method", "matrix_types": {type: count}}
// Each matrix is quantized when the writer reaches it, rows split across threads, so
// the model is never held twice.
//
// Calibrated methods (calibrated_method.h) follow their round-to-nearest method's plan;
// the caller hands in what calibration produced: GPTQ's blocks of the matrices inside
// the layers (written as they are, each GGUF tensor of the fused qkv its row slice,
// llama's q and k rows in the file's interleaved order; or blocks per GGUF tensor where
// a mix gives one matrix's tensors different types) and, for round-to-nearest, an
// importance vector per matrix (llama-quantize's imatrix use: gguf::quantizeWeighted).
#include "core/model/transformer.h"
#include "core/quant/quant_mix.h"
#include "core/tokenizer/tokenizer.h"

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lw::quant {

// Blocks of one of our matrices quantized elsewhere: rows * ggmlByteSize(type, cols)
// bytes (uint8), row-major in our row order.
struct PrecomputedBlocks {
    gguf::GgmlType type = gguf::GgmlType::Q4_0;
    torch::Tensor blocks;
};

struct QuantizeOptions {
    std::string method;
    std::string source; // written as llmwb.quantization.source
    std::string name;   // general.name; the architecture when empty
    std::string chatTemplate;
    // By our parameter name ("layers.0.attention.wqkv.weight"); replaces the plan's
    // storage of that matrix.
    std::map<std::string, PrecomputedBlocks> precomputed;
    // By GGUF tensor name ("blk.0.attn_v.weight"): that tensor's rows only (in our row
    // order), for a matrix whose GGUF tensors take different types; replaces the plan's
    // storage of that tensor and, for it, `precomputed`.
    std::map<std::string, PrecomputedBlocks> precomputedTensors;
    // By GGUF tensor name ("blk.0.attn_q.weight", the names imatrix files use): one weight
    // per input column, used by the ggml block formats (ignored by int8 and NF4).
    std::map<std::string, std::vector<float>> importance;
    nlohmann::json extraSettings = nlohmann::json::object(); // merged into the settings
};

struct QuantizeProgress {
    int64_t tensorsDone = 0, tensorsTotal = 0;
    int64_t bytesDone = 0, bytesTotal = 0; // float32 bytes of the matrices quantized
    double seconds = 0;
    double etaSeconds = 0; // from the bytes done so far; 0 until the first matrix
};
// Returning false cancels: lw::Error "cancelled", nothing written.
using QuantizeProgressFn = std::function<bool(const QuantizeProgress&)>;

struct QuantizeResult {
    std::string path;
    int64_t fileBytes = 0;
    int64_t parameters = 0;
    double bitsPerWeight = 0; // file bytes * 8 / parameters, as llama.cpp reports it
    double seconds = 0;
    nlohmann::json settings; // as written to llmwb.quantization.settings
};

// Writes `model` (on the CPU, float32 or bfloat16) quantized with `options.method` to
// `path`, atomically. `tokenizer` may be null (random-weight benchmarks): no tokenizer
// keys then. lw::Error for an unknown method, a block format the build cannot write
// yet (see gguf::ggmlTypeInfo().quantizable), a precomputed matrix or importance vector
// that names no matrix of the model or has the wrong size (naming it), or a failed write.
QuantizeResult quantizeModel(model::Transformer& model, const tokenizer::Tokenizer* tokenizer,
                             const std::string& path, const QuantizeOptions& options,
                             const QuantizeProgressFn& progress = {});

// lw::Error naming the plan's tensor when `importance` does not hold one value per input
// column of it.
void checkImportanceVector(const MatrixPlan& plan, const std::vector<float>& importance);

// One matrix (rows x cols, row-major floats) in `encoding`'s bytes, rows split across
// threads. int8 and NF4 give the data bytes; their scales come from the functions below.
std::vector<uint8_t> quantizeMatrix(const float* values, int64_t rows, int64_t cols, const MatrixEncoding& encoding);

// int8 per row: codes (rows x cols) and scales (rows), scale = max |w| / 127 and
// q = round(w / scale) (0 for an all-zero row).
void quantizeInt8Rows(const float* values, int64_t rows, int64_t cols, int8_t* codes, float* scales);

} // namespace lw::quant
