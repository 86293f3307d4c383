#include "core/finetune/sequence_batches.h"

#include "core/util/error.h"

#include <algorithm>
#include <numeric>
#include <random>

namespace lw::finetune {

namespace {

// Writes one example's inputs, targets and positions into row buffers at `at`.
void placeExample(const shape::PackedSequenceFile& file, uint64_t sequence, int64_t* inputs, int64_t* targets,
                  int64_t* positions, int64_t& lossTokens)
{
    const std::vector<int32_t> ids = file.tokens(sequence);
    const std::vector<uint8_t> loss = file.loss(sequence);
    for (size_t t = 0; t + 1 < ids.size(); ++t) {
        inputs[t] = ids[t];
        targets[t] = loss[t + 1] ? ids[t + 1] : -1;
        lossTokens += loss[t + 1] ? 1 : 0;
        if (positions)
            positions[t] = int64_t(t);
    }
}

} // namespace

SequenceBatcher::SequenceBatcher(const shape::PackedSequenceFile& file, std::vector<uint64_t> rows,
                                 BatchLayout layout, int64_t batchSize, int64_t context, uint64_t seed, bool shuffle)
    : m_file(file), m_rows(std::move(rows)), m_layout(layout), m_batchSize(batchSize), m_context(context),
      m_seed(seed), m_shuffle(shuffle)
{
    if (m_rows.empty())
        throw Error::inFile(file.path(), "holds no rows for this split");
    if (batchSize < 1)
        throw Error::inField("batch_size", "must be at least 1");
    const bool pairs = file.header().kind == shape::PackedKind::Preference;
    if (pairs != (layout == BatchLayout::Pairs))
        throw Error::inFile(file.path(), pairs ? "holds preference pairs: it needs a preference objective"
                                               : "holds single sequences: a preference objective needs pairs");
    for (uint64_t row : m_rows)
        if (row >= file.rows())
            throw Error::inFile(file.path(), "has no row " + std::to_string(row));
    if (layout == BatchLayout::Packing) {
        if (context < 2)
            throw Error::inField("context", "packing needs a context of at least 2 tokens");
        for (size_t m = 0; m < m_rows.size(); ++m)
            if (predictions(m) > context)
                throw Error::inFile(file.path(), "row " + std::to_string(m_rows[m]) + " has " +
                                                     std::to_string(predictions(m) + 1) +
                                                     " tokens, more than the packing context of " +
                                                     std::to_string(context) + " + 1");
    }
    m_order = orderOf(0);
}

int64_t SequenceBatcher::predictions(size_t member) const
{
    const uint64_t perRow = m_file.sequencesPerRow();
    int64_t n = 0;
    for (uint64_t s = 0; s < perRow; ++s)
        n = std::max(n, int64_t(m_file.length(m_rows[member] * perRow + s)) - 1);
    return std::max<int64_t>(n, 0);
}

std::vector<size_t> SequenceBatcher::orderOf(int64_t epoch) const
{
    std::vector<size_t> order(m_rows.size());
    std::iota(order.begin(), order.end(), size_t(0));
    if (m_shuffle) {
        std::mt19937_64 rng(m_seed * 1000003ULL + uint64_t(epoch));
        std::shuffle(order.begin(), order.end(), rng);
    }
    return order;
}

void SequenceBatcher::seek(const data::LoaderPosition& position)
{
    if (position.epoch < 0 || position.index < 0 || position.index > int64_t(m_rows.size()))
        throw Error("data position (epoch " + std::to_string(position.epoch) + ", index " +
                    std::to_string(position.index) + ") does not fit the " + std::to_string(m_rows.size()) +
                    " rows of " + m_file.path());
    m_position = position;
    m_order = orderOf(position.epoch);
}

double SequenceBatcher::epochProgress() const
{
    return double(m_position.epoch) + double(m_position.index) / double(m_rows.size());
}

SequenceBatch SequenceBatcher::next()
{
    std::vector<size_t> members;
    int64_t packedRows = 1, rowFill = 0;
    while (true) {
        if (m_position.index >= int64_t(m_order.size())) {
            m_position = {m_position.epoch + 1, 0};
            m_order = orderOf(m_position.epoch);
        }
        const size_t candidate = m_order[size_t(m_position.index)];
        if (m_layout == BatchLayout::Packing) {
            const int64_t n = predictions(candidate);
            if (rowFill + n > m_context) {
                if (packedRows == m_batchSize)
                    break;
                ++packedRows;
                rowFill = 0;
            }
            rowFill += n;
        } else if (int64_t(members.size()) == m_batchSize) {
            break;
        }
        members.push_back(candidate);
        ++m_position.index;
        if (m_layout != BatchLayout::Packing && int64_t(members.size()) == m_batchSize)
            break;
    }
    return m_layout == BatchLayout::Packing ? packedBatchOf(members) : batchOf(members);
}

SequenceBatch SequenceBatcher::batchOf(const std::vector<size_t>& members) const
{
    const uint64_t perRow = m_file.sequencesPerRow();
    const int64_t rows = int64_t(members.size() * perRow);
    int64_t width = 1;
    for (size_t m : members)
        width = std::max(width, predictions(m));
    SequenceBatch batch;
    batch.inputs = torch::zeros({rows, width}, torch::kLong);
    batch.targets = torch::full({rows, width}, -1, torch::kLong);
    int64_t* inputs = batch.inputs.data_ptr<int64_t>();
    int64_t* targets = batch.targets.data_ptr<int64_t>();
    int64_t r = 0;
    for (size_t m : members)
        for (uint64_t s = 0; s < perRow; ++s, ++r) {
            const uint64_t sequence = m_rows[m] * perRow + s;
            placeExample(m_file, sequence, inputs + r * width, targets + r * width, nullptr, batch.lossTokens);
            batch.sequences.push_back(sequence);
            batch.tokens += std::max<int64_t>(int64_t(m_file.length(sequence)) - 1, 0);
        }
    batch.examples = int64_t(members.size());
    return batch;
}

SequenceBatch SequenceBatcher::packedBatchOf(const std::vector<size_t>& members) const
{
    // The same greedy filling as next(): an example that does not fit starts a row.
    std::vector<std::vector<size_t>> rows(1);
    int64_t fill = 0;
    for (size_t m : members) {
        const int64_t n = predictions(m);
        if (fill + n > m_context && !rows.back().empty()) {
            rows.emplace_back();
            fill = 0;
        }
        rows.back().push_back(m);
        fill += n;
    }
    const int64_t width = m_context;
    SequenceBatch batch;
    batch.inputs = torch::zeros({int64_t(rows.size()), width}, torch::kLong);
    batch.targets = torch::full({int64_t(rows.size()), width}, -1, torch::kLong);
    // Padding after the last example of a row continues the positions of a one-token
    // example each, so positions stay valid (0, or the previous + 1) and pad rows attend
    // only to themselves; their targets are -1.
    batch.positions = torch::zeros({int64_t(rows.size()), width}, torch::kLong);
    int64_t* inputs = batch.inputs.data_ptr<int64_t>();
    int64_t* targets = batch.targets.data_ptr<int64_t>();
    int64_t* positions = batch.positions.data_ptr<int64_t>();
    for (size_t r = 0; r < rows.size(); ++r) {
        int64_t at = int64_t(r) * width;
        for (size_t m : rows[r]) {
            placeExample(m_file, m_rows[m], inputs + at, targets + at, positions + at, batch.lossTokens);
            at += predictions(m);
            batch.tokens += predictions(m);
        }
    }
    batch.examples = int64_t(members.size());
    return batch;
}

} // namespace lw::finetune
