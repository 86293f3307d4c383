#pragma once
// The calibrated quantization methods, named "<calibration>-<format>":
//   gptq-q8_0 gptq-q4_0 gptq-q4_1 gptq-q5_0 gptq-q5_1   GPTQ (gptq.h) of every matrix inside
//   gptq-q4_k gptq-q5_k gptq-q6_k                        the layers, written as that block
//   gptq-q4_k_m gptq-q4_k_s gptq-q5_k_m gptq-q5_k_s     format's blocks (a mix: its types)
//   awq-q8_0 awq-q4_0 awq-q4_1 awq-q5_0 awq-q5_1        AWQ scales (awq.h) folded into the
//   awq-q4_k awq-q5_k awq-q6_k                           float model, then round-to-nearest
//   awq-q4_k_m awq-q4_k_s awq-q5_k_m awq-q5_k_s         of that format (or mix)
// Both follow their round-to-nearest method's storage plan (quant_mix.h): the embeddings
// and the output head are rounded to nearest as that method rounds them; GPTQ writes
// each matrix in the types the plan gives its tensors (a mix's raised attn_v and
// ffn_down rows, the fallback formats where rows are not whole K-quant blocks), AWQ
// searches its scales for the method's base format.
// The names are stored with every quantized model, so they never change.
#include "core/gguf/ggml_types.h"

#include <string>
#include <vector>

namespace lw::quant {

enum class Calibration { None, Gptq, Awq };

struct MethodParts {
    Calibration calibration = Calibration::None;
    std::string rounding;                   // the round-to-nearest method ("q4_0")
    gguf::GgmlType format = gguf::GgmlType::F32; // the block format (a mix's base), for a calibrated method
};

// Every calibrated method above, GPTQ's first.
const std::vector<std::string>& calibratedMethods();

// Splits any method, round-to-nearest (quant_mix.h) or calibrated. lw::Error naming the
// field "method" and the known methods when it is neither.
MethodParts methodParts(const std::string& method);

// The round-to-nearest method whose storage plan a method follows: "q4_0" for
// "gptq-q4_0", the method itself for a round-to-nearest one.
std::string roundingMethod(const std::string& method);

// Why `method` cannot take an importance matrix file (llama-imatrix's), or "" when it
// can: the round-to-nearest block formats weight their rounding by it, GPTQ fixes its
// grids with it (block_grid.h); int8 and NF4 have no weighted search, and AWQ rescales
// the input columns, so importances measured on the original model no longer fit.
std::string importanceMatrixRefusal(const std::string& method);

} // namespace lw::quant
