#include "core/distributed/data_parallel.h"

#include <array>
#include <random>

namespace lw::distributed {

uint64_t rankSeed(uint64_t seed, int rank)
{
    return seed + uint64_t(rank);
}

void seedRankDraws(uint64_t seed, int rank, int64_t step)
{
    // seed_seq scrambles its words: neighbouring ranks and steps get unrelated seeds.
    const uint64_t own = rankSeed(seed, rank);
    std::seed_seq words{uint32_t(own), uint32_t(own >> 32), uint32_t(uint64_t(step)), uint32_t(uint64_t(step) >> 32)};
    std::array<uint32_t, 2> mixed{};
    words.generate(mixed.begin(), mixed.end());
    torch::manual_seed((uint64_t(mixed[0]) << 32) | mixed[1]);
}

DataParallel::DataParallel(std::shared_ptr<ProcessGroup> group, const std::vector<torch::Tensor>& parameters,
                           int64_t batchSize)
    : m_group(group), m_reducer(group, parameters), m_rowsPerRank(batchSize / group->size())
{
    if (batchSize % group->size() != 0)
        throw Error::inField("batch_size", std::to_string(batchSize) + " rows cannot be shared evenly by " +
                                               std::to_string(group->size()) +
                                               " processes: make it a multiple of the process count");
}

torch::Tensor DataParallel::shard(const torch::Tensor& globalBatch) const
{
    return globalBatch.narrow(0, int64_t(m_group->rank()) * m_rowsPerRank, m_rowsPerRank);
}

std::vector<double> DataParallel::mean(const std::vector<double>& values, const std::string& what)
{
    std::vector<double> sums = m_group->sum(values, what);
    for (double& v : sums)
        v /= double(m_group->size());
    return sums;
}

bool DataParallel::any(bool flag, const std::string& what)
{
    return m_group->sum({flag ? 1.0 : 0.0}, what)[0] > 0;
}

} // namespace lw::distributed
