// A data-parallel micro-step of a fine-tune. Every rank draws the same global batch and
// trains on its rows; the all-reduce then averages the ranks' gradients. The whole
// batch's loss is a mean over its answer tokens (SFT) or its pairs (preference
// objectives), which the ranks' rows hold in unequal numbers, so each rank's loss is
// weighted by its share of them (times the world size the average divides by again):
// the averaged gradient is then exactly the one-process gradient of the batch.
#include "core/distributed/data_parallel.h"
#include "core/finetune/finetune_session.h"

namespace lw::finetune {

namespace {

// Rows [rank * units / world, (rank + 1) * units / world) of the batch, in units of one
// row, or of two rows (chosen and rejected) for preference pairs.
SequenceBatch rowsOfRank(const SequenceBatch& b, int rank, int world, bool pairs)
{
    const int64_t unit = pairs ? 2 : 1;
    const int64_t units = b.inputs.size(0) / unit;
    const int64_t first = units * rank / world, last = units * (rank + 1) / world;
    SequenceBatch mine;
    mine.inputs = b.inputs.narrow(0, first * unit, (last - first) * unit);
    mine.targets = b.targets.narrow(0, first * unit, (last - first) * unit);
    if (b.positions.defined())
        mine.positions = b.positions.narrow(0, first * unit, (last - first) * unit);
    if (!b.sequences.empty())
        mine.sequences.assign(b.sequences.begin() + first * unit, b.sequences.begin() + last * unit);
    mine.lossTokens = mine.targets.ge(0).sum().item<int64_t>();
    mine.examples = last - first;
    return mine;
}

} // namespace

StepNumbers FinetuneSession::trainShare(const SequenceBatch& batch, int64_t accumulation,
                                        distributed::DataParallel& parallel)
{
    const bool pairs = cfg.finetune.isPreference();
    const int world = parallel.group().size();
    const SequenceBatch mine = rowsOfRank(batch, parallel.group().rank(), world, pairs);
    StepNumbers n; // the whole batch's counts; the loss and rewards are this rank's part
    n.tokens = batch.tokens;
    n.lossTokens = batch.lossTokens;
    n.examples = batch.examples;
    if (pairs)
        n.pairs = batch.examples;
    const double share = pairs ? double(mine.examples) / double(std::max<int64_t>(1, batch.examples))
                               : double(mine.lossTokens) / double(std::max<int64_t>(1, batch.lossTokens));
    if (share == 0)
        return n; // nothing of this batch here: its gradients stay zero for the average
    auto [loss, own] = batchLoss(mine);
    const double weight = share * double(world);
    loss = loss * (weight / double(accumulation));
    loss.backward();
    n.loss = loss.item<double>();
    n.chosenReward = own.chosenReward * weight;
    n.rejectedReward = own.rejectedReward * weight;
    n.margin = own.margin * weight;
    n.accuracy = own.accuracy * weight;
    return n;
}

} // namespace lw::finetune
