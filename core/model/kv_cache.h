#pragma once
// Keys and values of every layer for the positions decoded so far, preallocated for
// the whole context so decoding never reallocates.
#include <torch/torch.h>
#include <vector>

namespace lw::model {

struct ModelConfig;

class KvCache {
public:
    KvCache(const ModelConfig& config, int64_t batch, int64_t capacity, torch::TensorOptions options);

    int64_t length() const { return m_length; }   // positions already stored
    int64_t capacity() const { return m_capacity; }
    int64_t batch() const { return m_batch; }
    void reset() { m_length = 0; }
    // Drops positions from `newLength` on (e.g. to regenerate from a prefix).
    void truncate(int64_t newLength);
    // Makes this cache hold what `source` holds (same model, batch and capacity): copies
    // its stored positions. Beam search uses it to hand a beam's prefix to a new beam.
    void copyFrom(const KvCache& source);

    // Appends keys/values (B, T, n_kv_head*hd) for one layer at positions
    // [length, length+T) and returns views of everything stored for that layer,
    // (B, length+T, width). advance(T) is called once after all layers.
    std::pair<torch::Tensor, torch::Tensor> append(int64_t layer, const torch::Tensor& k, const torch::Tensor& v);
    void advance(int64_t positions);

private:
    std::vector<torch::Tensor> m_keys, m_values; // per layer (B, capacity, width)
    int64_t m_batch = 0, m_capacity = 0, m_length = 0;
};

} // namespace lw::model
