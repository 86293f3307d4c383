#include "core/data/batch_loader.h"

#include "core/util/error.h"

#include <cstring>

namespace lw::data {

BatchLoader::BatchLoader(const TokenFile& file, uint64_t begin, uint64_t end, int64_t context, int64_t stride,
                         int64_t batch, uint64_t seed, bool shuffle, int64_t vocabLimit)
    : m_file(file), m_begin(begin), m_sampler(end - begin, context, stride, seed, shuffle), m_batch(batch),
      m_context(context), m_vocabLimit(vocabLimit), m_window(size_t(context + 1))
{
    if (batch <= 0)
        throw Error::inField("batch_size", "must be positive");
    if (end > file.count() || begin > end)
        throw Error::inFile(file.path(), "token range outside the file");
    m_inputs = torch::empty({batch, context}, torch::kLong);
    m_targets = torch::empty({batch, context}, torch::kLong);
}

void BatchLoader::fillRow(int64_t row, uint64_t start, torch::Tensor& inputs, torch::Tensor& targets)
{
    m_file.read(m_begin + start, uint64_t(m_context + 1), m_window.data(), m_vocabLimit);
    std::memcpy(inputs.data_ptr<int64_t>() + row * m_context, m_window.data(), sizeof(int64_t) * size_t(m_context));
    std::memcpy(targets.data_ptr<int64_t>() + row * m_context, m_window.data() + 1, sizeof(int64_t) * size_t(m_context));
}

std::pair<torch::Tensor, torch::Tensor> BatchLoader::next()
{
    for (int64_t row = 0; row < m_batch; ++row) {
        if (m_position.index >= m_sampler.windowCount()) {
            ++m_position.epoch;
            m_position.index = 0;
        }
        fillRow(row, m_sampler.windowStart(m_position.epoch, m_position.index), m_inputs, m_targets);
        ++m_position.index;
    }
    return {m_inputs, m_targets};
}

bool BatchLoader::sequentialBatch(int64_t b, torch::Tensor& inputs, torch::Tensor& targets)
{
    if ((b + 1) * m_batch > m_sampler.windowCount())
        return false;
    if (!inputs.defined() || inputs.size(0) != m_batch) {
        inputs = torch::empty({m_batch, m_context}, torch::kLong);
        targets = torch::empty({m_batch, m_context}, torch::kLong);
    }
    for (int64_t row = 0; row < m_batch; ++row)
        fillRow(row, m_sampler.windowStart(0, b * m_batch + row), inputs, targets);
    return true;
}

double BatchLoader::epochProgress() const
{
    return double(m_position.epoch) + double(m_position.index) / double(m_sampler.windowCount());
}

} // namespace lw::data
