#include "core/model/kv_cache.h"

#include "core/model/model_config.h"
#include "core/util/error.h"

namespace lw::model {

KvCache::KvCache(const ModelConfig& config, int64_t batch, int64_t capacity, torch::TensorOptions options)
    : m_batch(batch), m_capacity(capacity)
{
    const int64_t width = config.kvWidth();
    for (int64_t i = 0; i < config.n_layer; ++i) {
        m_keys.push_back(torch::empty({batch, capacity, width}, options));
        m_values.push_back(torch::empty({batch, capacity, width}, options));
    }
}

void KvCache::truncate(int64_t newLength)
{
    if (newLength < 0 || newLength > m_length)
        throw Error("kv cache: cannot truncate to " + std::to_string(newLength) + " of " + std::to_string(m_length));
    m_length = newLength;
}

void KvCache::copyFrom(const KvCache& source)
{
    if (source.m_keys.size() != m_keys.size() || source.m_batch != m_batch || source.m_capacity != m_capacity)
        throw Error("kv cache: cannot copy between caches of different shapes");
    if (&source == this)
        return;
    torch::NoGradGuard noGrad;
    for (size_t i = 0; i < m_keys.size(); ++i) {
        m_keys[i].narrow(1, 0, source.m_length).copy_(source.m_keys[i].narrow(1, 0, source.m_length));
        m_values[i].narrow(1, 0, source.m_length).copy_(source.m_values[i].narrow(1, 0, source.m_length));
    }
    m_length = source.m_length;
}

std::pair<torch::Tensor, torch::Tensor> KvCache::append(int64_t layer, const torch::Tensor& k, const torch::Tensor& v)
{
    const int64_t t = k.size(1);
    if (m_length + t > m_capacity)
        throw Error("kv cache: " + std::to_string(m_length + t) + " positions exceed the context of " +
                    std::to_string(m_capacity));
    auto& keys = m_keys[size_t(layer)];
    auto& values = m_values[size_t(layer)];
    keys.narrow(1, m_length, t).copy_(k);
    values.narrow(1, m_length, t).copy_(v);
    return {keys.narrow(1, 0, m_length + t), values.narrow(1, 0, m_length + t)};
}

void KvCache::advance(int64_t positions)
{
    m_length += positions;
}

} // namespace lw::model
