#include "core/finetune/classification_score.h"

#include <algorithm>

namespace lw::finetune {

namespace {

// One process's scoring of rows which[begin, end).
ClassificationScore scoreRows(Classifier& classifier, const ClassificationData& data,
                              const std::vector<uint64_t>& which, size_t begin, size_t end, int64_t batchSize,
                              int32_t padId)
{
    torch::NoGradGuard noGrad;
    const bool wasTraining = classifier->is_training();
    classifier->eval();
    const torch::Device device = classifier->head->weight.device();
    std::vector<int64_t> truth, predicted;
    double lossSum = 0;
    for (size_t first = begin; first < end; first += size_t(batchSize)) {
        const size_t last = std::min(end, first + size_t(batchSize));
        const LabelledBatch batch = labelledBatch(data, which, first, last, padId, device);
        const torch::Tensor logits = classifier->forward(batch.rows.ids, batch.rows.lengths);
        lossSum += classificationLoss(logits, batch.labels).item<double>() * double(last - first);
        const torch::Tensor best = logits.argmax(1).to(torch::kCPU);
        for (size_t i = first; i < last; ++i) {
            truth.push_back(data.data.rows[which[i]].label);
            predicted.push_back(best[int64_t(i - first)].item<int64_t>());
        }
    }
    if (wasTraining)
        classifier->train();
    ClassificationScore s;
    s.rows = int64_t(end - begin);
    s.loss = lossSum; // a sum until the caller divides
    s.confusion = confusionMatrix(truth, predicted, int64_t(data.data.classes.size()));
    return s;
}

// The ranks' loss sums, row counts and confusion counts, summed.
void sumOverRanks(ClassificationScore& s, distributed::ProcessGroup& group)
{
    std::vector<double> values{s.loss, double(s.rows)};
    for (const auto& row : s.confusion)
        values.insert(values.end(), row.begin(), row.end());
    values = group.sum(values, "summing the classification counts");
    s.loss = values[0];
    s.rows = int64_t(values[1]);
    size_t at = 2;
    for (auto& row : s.confusion)
        for (int64_t& count : row)
            count = int64_t(values[at++]);
}

} // namespace

LabelledBatch labelledBatch(const ClassificationData& data, const std::vector<uint64_t>& which, size_t begin,
                            size_t end, int32_t padId, const torch::Device& device)
{
    std::vector<std::vector<int32_t>> ids;
    std::vector<int64_t> labels;
    for (size_t i = begin; i < end; ++i) {
        ids.push_back(data.data.rows[which[i]].ids);
        labels.push_back(data.data.rows[which[i]].label);
    }
    return {padRows(ids, padId, device), torch::tensor(labels, torch::kLong).to(device)};
}

nlohmann::json ClassificationScore::toJson() const
{
    return {{"accuracy", rows > 0 ? nlohmann::json(accuracy()) : nlohmann::json()},
            {"loss", rows > 0 ? nlohmann::json(loss) : nlohmann::json()},
            {"confusion", confusion},
            {"n", rows}};
}

ClassificationScore scoreClassifier(Classifier& classifier, const ClassificationData& data,
                                    const std::vector<uint64_t>& which, int64_t batchSize, int32_t padId,
                                    int64_t limit, distributed::ProcessGroup* group)
{
    const size_t count = limit > 0 ? std::min(which.size(), size_t(limit)) : which.size();
    const size_t world = group ? size_t(group->size()) : 1, rank = group ? size_t(group->rank()) : 0;
    ClassificationScore s =
        scoreRows(classifier, data, which, count * rank / world, count * (rank + 1) / world, batchSize, padId);
    if (group)
        sumOverRanks(s, *group);
    s.loss = s.rows > 0 ? s.loss / double(s.rows) : 0.0;
    return s;
}

} // namespace lw::finetune
