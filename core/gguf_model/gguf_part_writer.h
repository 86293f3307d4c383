#pragma once
// One GGUF tensor of an export, streamed: the rows of a part of a parameter (q, k and v
// rows permuted for llama) converted to the tensor's type and handed to the file writer
// in chunks of at most kChunkBytes, so an export holds a few chunks, never a converted
// copy of a whole tensor.
#include "core/gguf/ggml_types.h"
#include "core/gguf/gguf_writer.h"
#include "core/gguf_model/gguf_tensor_map.h"

#include <torch/torch.h>

namespace lw::gguf_model {

inline constexpr uint64_t kChunkBytes = 8 << 20;

// The bytes of gguf::quantize(type, ggufPartValues(parameter, part)), written to `sink`.
// f32, f16 and bf16 rows go straight from the parameter's dtype to the tensor's
// (gguf::convertFloats); block types go through one float32 row at a time. Rows are
// converted on the CPU's threads into buffers the sink recycles. A part already in the
// tensor's type, rows in order, that the conversion would leave unchanged is written
// from the parameter's own memory, without a copy. lw::Error for a parameter that is not f32, f16 or bf16
// or rows that are not whole blocks of `type`.
void writeGgufPart(gguf::GgufTensorSink& sink, const torch::Tensor& parameter, const GgufTensorPart& part,
                   gguf::GgmlType type);

} // namespace lw::gguf_model
