#pragma once
// The importance matrix of a model over calibration windows, as llama-imatrix gathers
// it: for each matrix inside the layers, the sum over every calibration token of x_j^2
// per input column j of what the matrix multiplies, under the matrix's GGUF tensor name
// ("blk.0.attn_q.weight"); the fused qkv's one input stands for each of attn_q, attn_k
// and attn_v. The output head's input is not gathered (the walk of calibration.h stops
// before the final norm), so the head is quantized without importance.
#include "core/model/transformer.h"
#include "core/quant/importance_matrix.h"
#include "core/quant/pruning.h"

#include <map>
#include <string>
#include <torch/torch.h>
#include <vector>

namespace lw::quant {

// windows: (N, L) token ids (calibrationWindows()). The model is not changed.
ImportanceMatrix importanceMatrixOf(model::TransformerImpl& model, const torch::Tensor& windows,
                                    const LayerProgress& progress = {});

// The per-column importance of every entry (ImportanceMatrix::importance), by tensor
// name: what QuantizeOptions::importance takes.
std::map<std::string, std::vector<float>> importanceVectors(const ImportanceMatrix& matrix);

} // namespace lw::quant
