#include "core/finetune/classification_check.h"

#include "core/finetune/classifier.h"
#include "core/finetune/finetune_service.h"
#include "core/train/adamw.h"
#include "core/util/error.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace lw::finetune {

namespace {

std::vector<int64_t> rowsPerClass(const ClassificationData& data, const std::vector<uint64_t>& rows)
{
    std::vector<int64_t> counts(data.data.classes.size(), 0);
    for (uint64_t r : rows)
        ++counts[size_t(data.data.rows[r].label)];
    return counts;
}

std::string classList(const std::vector<std::string>& classes, const std::vector<int64_t>& counts)
{
    std::string out;
    for (size_t c = 0; c < classes.size(); ++c)
        if (counts[c] == 0)
            out += (out.empty() ? "\"" : ", \"") + classes[c] + "\"";
    return out;
}

} // namespace

nlohmann::json ClassificationCheckReport::toJson() const
{
    nlohmann::json j = costJson();
    j.update({{"classes", classes},
              {"train_rows_per_class", trainRowsPerClass},
              {"val_rows_per_class", valRowsPerClass},
              {"train_rows", trainRows},
              {"val_rows", valRows},
              {"test_rows", testRows},
              {"truncated_rows", truncatedRows},
              {"trainable_parameters", trainableParameters},
              {"total_parameters", totalParameters}});
    return j;
}

std::string ClassificationCheckReport::text() const
{
    std::ostringstream s;
    s << "rows: " << trainRows << " to train on, " << valRows << " to validate, " << testRows << " to test\n";
    for (size_t c = 0; c < classes.size(); ++c)
        s << "  " << classes[c] << ": " << trainRowsPerClass[c] << " training, " << valRowsPerClass[c]
          << " validation\n";
    s << "trainable parameters: " << trainableParameters << " of " << totalParameters << "\n";
    s << costAndFindingsText();
    return s.str();
}

void inspectClassificationRows(ClassificationCheckReport& r, const ClassificationData& data, int64_t context)
{
    r.classes = data.data.classes;
    r.trainRows = int64_t(data.trainRows.size());
    r.valRows = int64_t(data.valRows.size());
    r.testRows = int64_t(data.testRows.size());
    r.truncatedRows = data.data.truncatedRows;
    r.trainRowsPerClass = rowsPerClass(data, data.trainRows);
    r.valRowsPerClass = rowsPerClass(data, data.valRows);
    if (const std::string empty = classList(r.classes, r.trainRowsPerClass); !empty.empty())
        r.add("error", "class_without_train_rows",
              "no training row has the class " + empty + ": the classifier can never learn to pick it");
    if (const std::string empty = classList(r.classes, r.valRowsPerClass); !empty.empty() && r.valRows > 0)
        r.add("warning", "class_without_val_rows",
              "no validation row has the class " + empty + ": how well it is recognised is never measured");
    // The smallest class that has rows (an empty one is an error of its own above).
    size_t big = 0, small = 0;
    for (size_t c = 0; c < r.classes.size(); ++c) {
        if (r.trainRowsPerClass[c] > r.trainRowsPerClass[big])
            big = c;
        if (r.trainRowsPerClass[c] > 0 &&
            (r.trainRowsPerClass[small] == 0 || r.trainRowsPerClass[c] < r.trainRowsPerClass[small]))
            small = c;
    }
    const int64_t largest = r.trainRowsPerClass[big], smallest = r.trainRowsPerClass[small];
    if (smallest > 0 && double(largest) > kImbalancedClassRatio * double(smallest)) {
        std::ostringstream m;
        m.precision(3);
        m << "the classes are very imbalanced: \"" << r.classes[big] << "\" has " << largest << " training rows, \""
          << r.classes[small] << "\" " << smallest << "; always answering \"" << r.classes[big] << "\" is right "
          << 100.0 * double(largest) / double(r.trainRows) << "% of the time (balance the rows in the Data view)";
        r.add("warning", "imbalanced_classes", m.str());
    }
    if (r.truncatedRows > 0)
        r.add("warning", "truncated",
              std::to_string(r.truncatedRows) + " of " + std::to_string(data.data.rows.size()) +
                  " texts are longer than the context of " + std::to_string(context) +
                  " tokens; only their first tokens are classified");
}

train::MemoryEstimate classificationTrainingMemory(const model::ModelConfig& m, int64_t totalParameters,
                                                   int64_t trainableParameters, int64_t batchSize, int64_t context,
                                                   int64_t classes)
{
    return train::estimateTrainingMemory(m, totalParameters * 4, trainableParameters, batchSize, context,
                                         train::OutputLogits::lastTokenOnly(classes));
}

ClassificationCheckReport checkClassification(const store::Project& project, FinetuneConfig config,
                                              const std::function<void(const std::string&)>& progress,
                                              int timedSteps)
{
    auto say = [&](const std::string& m) {
        if (progress)
            progress(m);
    };
    FinetuneSettings& f = config.finetune;
    train::TrainConfig& t = config.train;
    t.dataset = "(check)";
    f.validate();
    say("loading " + f.base);
    LoadedBase base = loadFinetuneBase(project, f, t.device);
    t.model = base.model.model->config();
    if (t.context <= 0 || t.context > t.model.context_length)
        t.context = t.model.context_length;
    t.validate();
    ClassificationCheckReport r;
    say("reading " + f.dataset);
    store::Store store = project.openStoreForListing();
    ClassificationData data;
    try {
        data = prepareClassificationData(store, f, *base.model.tokenizer, base.model.promptPrefix,
                                         t.effectiveContext(), t.seed);
    } catch (const Error& e) {
        r.add("error", "unreadable_rows", e.what());
        return r;
    }
    inspectClassificationRows(r, data, t.effectiveContext());
    if (r.blocking())
        return r;

    // A few real steps of the classifier on the training rows, in memory only.
    say("timing " + std::to_string(timedSteps) + " steps");
    torch::manual_seed(t.seed);
    Classifier classifier(base.model.model, int64_t(r.classes.size()));
    classifier->freezeBase(f.trainable_blocks);
    classifier->train();
    train::FusedAdamW optimizer(train::AdamWOptions{t.beta1, t.beta2, 1e-8, t.weight_decay});
    for (const auto& item : classifier->named_parameters()) {
        r.totalParameters += item.value().numel();
        if (item.value().requires_grad()) {
            r.trainableParameters += item.value().numel();
            optimizer.addParameter(item.key(), item.value(), model::takesWeightDecay(item.key(), item.value()));
        }
    }
    const torch::Device device = base.model.model->parameters().front().device();
    const int32_t padId = base.model.tokenizer->eosId().value_or(0);
    size_t next = 0;
    r.secondsPerStep = train::timeSteps(timedSteps, [&] {
        optimizer.zeroGrad();
        for (int64_t micro = 0; micro < t.grad_accum_steps; ++micro) {
            std::vector<std::vector<int32_t>> ids;
            std::vector<int64_t> labels;
            for (int64_t i = 0; i < t.batch_size; ++i, ++next) {
                const ClassificationRow& row = data.data.rows[data.trainRows[next % data.trainRows.size()]];
                ids.push_back(row.ids);
                labels.push_back(row.label);
            }
            const PaddedRows batch = padRows(ids, padId, device);
            const torch::Tensor logits = classifier->forward(batch.ids, batch.lengths);
            (classificationLoss(logits, torch::tensor(labels).to(device)) / double(t.grad_accum_steps)).backward();
        }
        optimizer.step(t.learning_rate);
    });
    r.maxSteps = f.epochs > 0 ? std::max<int64_t>(1, int64_t(std::ceil(f.epochs * double(r.trainRows) /
                                                                       double(t.batch_size * t.grad_accum_steps))))
                              : t.max_steps;
    r.totalSeconds = r.secondsPerStep * double(r.maxSteps);
    r.memory = classificationTrainingMemory(t.model, r.totalParameters, r.trainableParameters, t.batch_size,
                                            t.effectiveContext(), int64_t(r.classes.size()));
    // Each checkpoint kept (periodic ones and the final): the whole language model, the
    // trainable part's two moments, and the head beside it.
    const int64_t kept = t.keep_checkpoints + 1;
    r.checkpointBytes = kept * (r.totalParameters * 4 + r.trainableParameters * 8);
    return r;
}

} // namespace lw::finetune
