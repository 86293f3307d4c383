#pragma once
// Fills (batch, context) input and target tensors from a token file range, in the
// order of a WindowSampler, into buffers allocated once. Its position (epoch, index)
// goes into checkpoints so a resumed run sees exactly the batches it would have seen.
#include "core/data/token_file.h"
#include "core/data/window_sampler.h"

#include <torch/torch.h>

namespace lw::data {

struct LoaderPosition {
    int64_t epoch = 0;
    int64_t index = 0; // next window within the epoch
};

class BatchLoader {
public:
    BatchLoader(const TokenFile& file, uint64_t begin, uint64_t end, int64_t context, int64_t stride, int64_t batch,
                uint64_t seed, bool shuffle, int64_t vocabLimit);

    // Next batch; the returned tensors are reused (overwritten) by the next call.
    std::pair<torch::Tensor, torch::Tensor> next();
    // Batch `b` of the first epoch's order (in file order when the loader was made
    // without shuffling, as evaluation loaders are); a short last batch is dropped.
    // Returns false past the end.
    bool sequentialBatch(int64_t b, torch::Tensor& inputs, torch::Tensor& targets);

    int64_t windowCount() const { return m_sampler.windowCount(); }
    int64_t batchesPerEpoch() const { return m_sampler.windowCount() / m_batch; }
    LoaderPosition position() const { return m_position; }
    void seek(LoaderPosition p) { m_position = p; }
    double epochProgress() const; // epochs completed, fractional

private:
    void fillRow(int64_t row, uint64_t start, torch::Tensor& inputs, torch::Tensor& targets);

    const TokenFile& m_file;
    uint64_t m_begin;
    WindowSampler m_sampler;
    int64_t m_batch, m_context, m_vocabLimit;
    LoaderPosition m_position;
    torch::Tensor m_inputs, m_targets;
    std::vector<int64_t> m_window;
};

} // namespace lw::data
