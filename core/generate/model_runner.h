#pragma once
// What the decode loop needs from a model: feed tokens to sequences held in slots of a
// KV cache, get the next-token logits back as float rows on the CPU. Several slots go
// through one forward pass (the decoding lab's side-by-side settings, beam search's
// beams, later the server's concurrent requests), each slot at its own position.
//
// Two implementations: CpuModelRunner (cpu_decoder.h), a fused forward pass for CPU
// models in float32/bfloat16 that reads every weight once per step for all slots; and
// TorchModelRunner here, the model's own forward (any device and dtype, CUDA included),
// one slot at a time, with the model's KvCache or without any cache.
#include "core/model/kv_cache.h"
#include "core/model/transformer.h"

#include <memory>
#include <string>
#include <vector>

namespace lw::generate {

struct SlotInput {
    int64_t slot = 0;
    std::vector<int32_t> tokens; // appended after what the slot already holds (at least one)
};

class ModelRunner {
public:
    virtual ~ModelRunner() = default;

    virtual const model::ModelConfig& config() const = 0;
    virtual int64_t slotCount() const = 0;
    // Positions one slot can hold (at most the model's context length).
    virtual int64_t capacity() const = 0;
    virtual int64_t length(int64_t slot) const = 0;

    // Appends each input's tokens to its slot and writes the logits that follow its last
    // token into row i of `logits` (inputs.size() x vocab_size floats). Slots may appear
    // once per call. lw::Error when a slot would pass its capacity.
    virtual void forward(const std::vector<SlotInput>& inputs, float* logits) = 0;
    // Forgets positions from `length` on (to continue from a shared prefix).
    virtual void truncate(int64_t slot, int64_t length) = 0;
    // Makes slot `to` hold what slot `from` holds (beam search keeps a beam's prefix).
    virtual void copySlot(int64_t from, int64_t to) = 0;

    // E.g. "fused CPU, bf16 weights, avx512-bf16 kernels" or "torch cuda:0 BFloat16".
    virtual std::string description() const = 0;
};

// The model's own forward pass. With useCache, one model::KvCache per slot; without,
// every step recomputes the whole sequence (the reference the cache is tested against).
class TorchModelRunner : public ModelRunner {
public:
    TorchModelRunner(model::Transformer model, int64_t slots, int64_t capacity, bool useCache);

    const model::ModelConfig& config() const override { return m_model->config(); }
    int64_t slotCount() const override { return int64_t(m_tokens.size()); }
    int64_t capacity() const override { return m_capacity; }
    int64_t length(int64_t slot) const override { return int64_t(m_tokens.at(size_t(slot)).size()); }
    void forward(const std::vector<SlotInput>& inputs, float* logits) override;
    void truncate(int64_t slot, int64_t length) override;
    void copySlot(int64_t from, int64_t to) override;
    std::string description() const override;

private:
    model::Transformer m_model;
    int64_t m_capacity;
    bool m_useCache;
    torch::Device m_device;
    torch::ScalarType m_dtype;
    std::vector<std::vector<int32_t>> m_tokens; // what each slot holds
    std::vector<std::unique_ptr<model::KvCache>> m_caches;
};

} // namespace lw::generate
