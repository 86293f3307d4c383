#pragma once
// The round-to-nearest quantization methods and, for each, which storage every matrix
// of a model gets.
//
//   int8                      per output row: scale = max |w| / 127, q = round(w / scale)
//   q8_0 q4_0 q4_1 q5_0 q5_1  every matrix in that ggml block format
//   q4_k q5_k q6_k            every matrix in that K-quant
//   q4_k_m q4_k_s q5_k_m q5_k_s  llama.cpp's mixes (llama_tensor_get_type in its
//                             src/llama-quant.cpp), for our two families:
//       output (or the token embedding when it is tied)  q6_k (q8_0 when its rows are
//                                                        not whole 256-blocks)
//       attn_v   _m: q6_k where useMoreBits(layer); q4_k_s: q5_k in layers 0..3
//       ffn_down _m: q6_k where useMoreBits(layer); q4_k_s: q5_k in the first n/8 layers
//       attn_qkv (gpt2) q4_k_m: q5_k; q5_k_m: q6_k
//       everything else the mix's base type (q4_k or q5_k)
//     with useMoreBits(i, n) = i < n/8 || i >= 7n/8 || (i - n/8) % 3 == 2.
//   nf4                       NF4 with double-quantised absmax (nf4.h)
// A K-quant whose rows are not whole 256-blocks falls back as llama.cpp's does (q4_k to
// q5_0, q5_k to q5_1, q6_k to q8_0), and any block format whose rows are not whole
// blocks to f16. Norms, biases and GPT-2's position embedding stay f32.
#include "core/gguf/ggml_types.h"
#include "core/gguf_model/gguf_stored_matrix.h"
#include "core/model/model_config.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lw::quant {

// Every method above, in that order.
const std::vector<std::string>& quantizationMethods();
// lw::Error naming the field "method" and the known methods when `method` is not one.
void checkQuantizationMethod(const std::string& method);

// `type`, or llama.cpp's fallback when rows of `cols` values are not whole blocks of it
// (the one described above; f16 when the fallback does not fit either).
gguf::GgmlType typeFittingRows(gguf::GgmlType type, int64_t cols);

// The storage of one matrix: a ggml type (layout Ggml) or int8 / NF4 (core/gguf_model/gguf_stored_matrix.h).
struct MatrixEncoding {
    gguf_model::StoredLayout layout = gguf_model::StoredLayout::Ggml;
    gguf::GgmlType type = gguf::GgmlType::F32;

    // "q4_K", "int8", "nf4"
    std::string name() const;
    bool operator==(const MatrixEncoding& o) const { return layout == o.layout && type == o.type; }
};

// Bytes a rows x cols matrix takes stored as `encoding` (scales included).
int64_t encodedBytes(const MatrixEncoding& encoding, int64_t rows, int64_t cols);

struct MatrixPlan {
    std::string tensor; // GGUF name: "blk.0.attn_v.weight"
    std::string ours;   // our parameter: "layers.0.attention.wqkv.weight"
    int64_t rowStart = 0; // the first of our parameter's rows the tensor holds
    int64_t rows = 0, cols = 0;
    MatrixEncoding encoding;
};

// The matrices of a model of `config` (GGUF order and names), each with the storage
// `method` gives it.
std::vector<MatrixPlan> planMatrices(const model::ModelConfig& config, const std::string& method);

// The size a model of `config` will have quantized with `method`: every tensor's bytes
// (no metadata or tokenizer), and bits per weight over all parameters.
struct QuantizeEstimate {
    int64_t bytes = 0;
    int64_t parameters = 0;
    double bitsPerWeight = 0;
};
QuantizeEstimate estimateQuantizedSize(const model::ModelConfig& config, const std::string& method);

// llama.cpp's general.file_type for a method (its LLAMA_FTYPE_MOSTLY_*); 0 for int8 and nf4.
uint32_t quantizationFileType(const std::string& method);

} // namespace lw::quant
