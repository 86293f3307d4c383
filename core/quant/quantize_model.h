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
#include "core/model/transformer.h"
#include "core/quant/quant_mix.h"
#include "core/tokenizer/tokenizer.h"

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace lw::quant {

struct QuantizeOptions {
    std::string method;
    std::string source; // written as llmwb.quantization.source
    std::string name;   // general.name; the architecture when empty
    std::string chatTemplate;
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
// yet (see gguf::ggmlTypeInfo().quantizable), or a failed write.
QuantizeResult quantizeModel(model::Transformer& model, const tokenizer::Tokenizer* tokenizer,
                             const std::string& path, const QuantizeOptions& options,
                             const QuantizeProgressFn& progress = {});

// One matrix (rows x cols, row-major floats) in `encoding`'s bytes, rows split across
// threads. int8 and NF4 give the data bytes; their scales come from the functions below.
std::vector<uint8_t> quantizeMatrix(const float* values, int64_t rows, int64_t cols, const MatrixEncoding& encoding);

// int8 per row: codes (rows x cols) and scales (rows), scale = max |w| / 127 and
// q = round(w / scale) (0 for an all-zero row).
void quantizeInt8Rows(const float* values, int64_t rows, int64_t cols, int8_t* codes, float* scales);

} // namespace lw::quant
