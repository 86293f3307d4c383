#include "core/generate/model_runner.h"

#include "core/util/error.h"

namespace lw::generate {

TorchModelRunner::TorchModelRunner(model::Transformer model, int64_t slots, int64_t capacity, bool useCache)
    : m_model(std::move(model)), m_capacity(capacity > 0 ? std::min(capacity, m_model->config().context_length)
                                                         : m_model->config().context_length),
      m_useCache(useCache), m_device(m_model->parameters().front().device()),
      m_dtype(m_model->parameters().front().scalar_type())
{
    if (slots <= 0)
        throw Error("model runner: needs at least one slot");
    m_tokens.resize(size_t(slots));
    if (m_useCache)
        for (int64_t i = 0; i < slots; ++i)
            m_caches.push_back(std::make_unique<model::KvCache>(
                m_model->config(), 1, m_capacity, torch::TensorOptions().dtype(m_dtype).device(m_device)));
}

void TorchModelRunner::forward(const std::vector<SlotInput>& inputs, float* logits)
{
    torch::NoGradGuard noGrad;
    const int64_t vocab = m_model->config().vocab_size;
    for (size_t i = 0; i < inputs.size(); ++i) {
        const SlotInput& in = inputs[i];
        auto& held = m_tokens.at(size_t(in.slot));
        if (in.tokens.empty())
            throw Error("model runner: empty input for slot " + std::to_string(in.slot));
        if (int64_t(held.size() + in.tokens.size()) > m_capacity)
            throw Error("model runner: slot " + std::to_string(in.slot) + " would hold " +
                        std::to_string(held.size() + in.tokens.size()) + " positions, more than its " +
                        std::to_string(m_capacity));
        held.insert(held.end(), in.tokens.begin(), in.tokens.end());
        const std::vector<int32_t>& fed = m_useCache ? in.tokens : held;
        std::vector<int64_t> ids(fed.begin(), fed.end());
        torch::Tensor idx = torch::tensor(ids, torch::kLong).view({1, -1}).to(m_device);
        torch::Tensor out = m_model->forward(idx, m_useCache ? m_caches[size_t(in.slot)].get() : nullptr);
        torch::Tensor last = out[0][out.size(1) - 1].to(torch::kCPU, torch::kFloat).contiguous();
        std::memcpy(logits + int64_t(i) * vocab, last.data_ptr<float>(), sizeof(float) * size_t(vocab));
    }
}

void TorchModelRunner::truncate(int64_t slot, int64_t length)
{
    auto& held = m_tokens.at(size_t(slot));
    if (length < 0 || length > int64_t(held.size()))
        throw Error("model runner: cannot truncate slot " + std::to_string(slot) + " to " + std::to_string(length));
    held.resize(size_t(length));
    if (m_useCache)
        m_caches[size_t(slot)]->truncate(length);
}

void TorchModelRunner::copySlot(int64_t from, int64_t to)
{
    if (from == to)
        return;
    m_tokens.at(size_t(to)) = m_tokens.at(size_t(from));
    if (m_useCache)
        m_caches[size_t(to)]->copyFrom(*m_caches[size_t(from)]);
}

std::string TorchModelRunner::description() const
{
    return std::string("torch ") + m_device.str() + " " + c10::toString(m_dtype) +
           (m_useCache ? ", kv cache" : ", no cache (whole sequence every step)");
}

} // namespace lw::generate
