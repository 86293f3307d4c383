#pragma once
// QLoRA's frozen base: every linear map of the transformer blocks held as 4-bit NF4
// (core/quant/nf4.h) and dequantised on the fly in the forward and backward passes.
// Maps with an adapter get the 4-bit weight as the adapter's base; the others get an
// adapter that is only the 4-bit weight. The model's float weights of those maps are
// released. The output head and the embeddings stay as they are (as in QLoRA).
#include "core/model/transformer.h"
#include "core/peft/adapter_set.h"

#include <cstdint>

namespace lw::finetune {

struct Nf4BaseSummary {
    int64_t maps = 0;
    int64_t denseBytes = 0; // the released weights, at their dtype
    int64_t nf4Bytes = 0;   // codes, absmax codes and scales
};

Nf4BaseSummary quantizeBaseToNf4(model::TransformerImpl& model, peft::AdapterSet& adapters);

} // namespace lw::finetune
