#include "core/distributed/data_parallel.h"

namespace lw::distributed {

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
