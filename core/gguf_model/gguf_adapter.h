#pragma once
// A LoRA adapter alone as a GGUF adapter file, laid out as llama.cpp's
// convert_lora_to_gguf.py writes one and as llama_adapter_lora_init reads it, so a user
// gives llama.cpp the base's GGUF and this file and applies the adapter without merging:
//   general.architecture  the base's (llama.cpp refuses an adapter of another architecture)
//   general.type          "adapter";  adapter.type "lora";  adapter.lora.alpha (f32)
//   "<base tensor>.lora_a" dims [in, r]:  PEFT's A, (r, in) row-major, unchanged
//   "<base tensor>.lora_b" dims [r, out]: PEFT's B, (out, r), its rows permuted as the
//                          base export permutes the rows of llama's q and k
// A fused Llama qkv adapted as q_proj, k_proj and v_proj becomes attn_q, attn_k and
// attn_v (the base's tensors); GPT-2's c_attn is attn_qkv whole. llama.cpp scales
// B(A(x)) by alpha / r with r read from lora_b, so the alpha written is our scale times
// r: rsLoRA's alpha / sqrt(r) is folded in.
#include "core/gguf/ggml_types.h"
#include "core/model/model_config.h"
#include "core/peft/adapter_set.h"

#include <cstdint>
#include <string>

namespace lw::gguf_model {

struct GgufAdapterSummary {
    std::string architecture; // general.architecture written
    int64_t tensors = 0;      // lora_a and lora_b tensors
    float alpha = 0;          // adapter.lora.alpha written
};

// Writes `adapters` (made for a base of `base`'s shape) to `path` atomically, A and B as
// `type` (F32 or F16). lw::Error for DoRA (llama.cpp has no magnitude vectors), for an
// adapted output head the base ties to its embedding (llama.cpp applies none there),
// and for any other type.
GgufAdapterSummary writeGgufAdapter(const peft::AdapterSet& adapters, const model::ModelConfig& base,
                                    const std::string& path, gguf::GgmlType type, const std::string& name = "");

} // namespace lw::gguf_model
