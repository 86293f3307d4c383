#pragma once
// Batches of fine-tuning examples read from a packed sequence file
// (core/shape/packed_sequence_file.h). An example of n tokens gives n - 1 predictions:
// inputs are its tokens 0..n-2, the target of input t is token t + 1, kept only where
// that token receives loss (-1 elsewhere, which the loss ignores).
//
//   padding  each row holds one example, rows padded to the longest example of the batch
//   packing  each row of `context` inputs holds consecutive examples of the epoch's order
//            back to back; `positions` restart at 0 for each example, so the model's
//            attention stays inside it (model::TransformerImpl::hidden)
//   pairs    preference rows: the chosen and the rejected sequence of each row, one
//            after the other (chosen of pair i in row 2i, rejected in row 2i + 1), padded
//
// The order of an epoch is a seeded shuffle of the examples (or the file's order), so a
// position (epoch, index) is all a resume needs.
#include "core/data/batch_loader.h"
#include "core/shape/packed_sequence_file.h"

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace lw::finetune {

struct SequenceBatch {
    torch::Tensor inputs;    // (B, T) int64
    torch::Tensor targets;   // (B, T) int64, -1: no loss
    torch::Tensor positions; // (B, T) int64 when packed; undefined otherwise
    int64_t tokens = 0;      // inputs that are not padding
    int64_t lossTokens = 0;  // targets that receive loss
    int64_t examples = 0;    // rows of the file (pairs count once)
    std::vector<uint64_t> sequences; // the file's sequence of each batch row (padding, pairs)
};

enum class BatchLayout { Padding, Packing, Pairs };

class SequenceBatcher {
public:
    // `rows`: the file's rows this batcher draws from (a split). `batchSize`: examples
    // per batch (padding, pairs) or rows of `context` inputs (packing).
    SequenceBatcher(const shape::PackedSequenceFile& file, std::vector<uint64_t> rows, BatchLayout layout,
                    int64_t batchSize, int64_t context, uint64_t seed, bool shuffle);

    SequenceBatch next();
    data::LoaderPosition position() const { return m_position; }
    void seek(const data::LoaderPosition& position);
    double epochProgress() const; // epochs so far, fractional
    int64_t rowCount() const { return int64_t(m_rows.size()); }

    // The given rows of the file (indices into `rows` of the constructor), padded or as
    // pairs, in that order: evaluation batches.
    SequenceBatch batchOf(const std::vector<size_t>& members) const;
    // Packed rows holding exactly these examples, in order (for tests and evaluation).
    SequenceBatch packedBatchOf(const std::vector<size_t>& members) const;

private:
    std::vector<size_t> orderOf(int64_t epoch) const;
    int64_t predictions(size_t member) const; // inputs of one example (length - 1)

    const shape::PackedSequenceFile& m_file;
    std::vector<uint64_t> m_rows;
    BatchLayout m_layout;
    int64_t m_batchSize, m_context;
    uint64_t m_seed;
    bool m_shuffle;
    data::LoaderPosition m_position;
    std::vector<size_t> m_order; // of m_position.epoch
};

} // namespace lw::finetune
