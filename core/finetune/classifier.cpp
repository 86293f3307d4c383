#include "core/finetune/classifier.h"

#include "core/io/safetensors.h"
#include "core/util/error.h"
#include "core/util/json_io.h"

#include <filesystem>

namespace lw::finetune {

ClassifierImpl::ClassifierImpl(model::Transformer baseModel, int64_t classes)
    : base(register_module("base", std::move(baseModel))), m_classes(classes)
{
    if (classes < 2)
        throw Error::inField("classes", "a classifier needs at least two classes, got " + std::to_string(classes));
    head = register_module("head", torch::nn::Linear(base->config().d_model, classes));
    const auto p = base->parameters();
    if (!p.empty())
        head->to(p.front().device(), p.front().scalar_type());
}

torch::Tensor ClassifierImpl::forward(const torch::Tensor& ids, const torch::Tensor& lengths)
{
    const torch::Tensor hidden = base->hidden(ids); // (B, T, C)
    const int64_t B = hidden.size(0), C = hidden.size(2);
    const torch::Tensor last = (lengths.to(hidden.device(), torch::kLong) - 1).clamp_min(0); // (B)
    // The hidden state of each row's last real token: (B, C).
    const torch::Tensor picked = hidden.gather(1, last.view({B, 1, 1}).expand({B, 1, C})).squeeze(1);
    return head(picked);
}

void ClassifierImpl::freezeBase(int64_t trainableBlocks)
{
    const int64_t layers = int64_t(base->layers->size());
    if (trainableBlocks < 0 || trainableBlocks > layers)
        throw Error::inField("trainable_blocks", "must be in [0, " + std::to_string(layers) +
                                                     "] (the model's layers), got " + std::to_string(trainableBlocks));
    for (auto& p : base->parameters())
        p.set_requires_grad(false);
    for (int64_t i = layers - trainableBlocks; i < layers; ++i)
        for (auto& p : base->layers[size_t(i)]->parameters())
            p.set_requires_grad(true);
    if (trainableBlocks > 0)
        for (auto& p : base->finalNorm->parameters())
            p.set_requires_grad(true);
    for (auto& p : head->parameters())
        p.set_requires_grad(true);
}

PaddedRows padRows(const std::vector<std::vector<int32_t>>& rows, int32_t padId, const torch::Device& device)
{
    size_t longest = 0;
    for (const auto& r : rows)
        longest = std::max(longest, r.size());
    torch::Tensor ids = torch::full({int64_t(rows.size()), int64_t(longest)}, int64_t(padId), torch::kLong);
    torch::Tensor lengths = torch::empty({int64_t(rows.size())}, torch::kLong);
    auto a = ids.accessor<int64_t, 2>();
    for (size_t i = 0; i < rows.size(); ++i) {
        for (size_t t = 0; t < rows[i].size(); ++t)
            a[int64_t(i)][int64_t(t)] = rows[i][t];
        lengths[int64_t(i)] = int64_t(rows[i].size());
    }
    return {ids.to(device), lengths.to(device)};
}

torch::Tensor classificationLoss(const torch::Tensor& logits, const torch::Tensor& labels)
{
    return torch::nn::functional::cross_entropy(logits, labels.to(logits.device(), torch::kLong));
}

ConfusionMatrix confusionMatrix(const std::vector<int64_t>& truth, const std::vector<int64_t>& predicted,
                                int64_t classes)
{
    if (truth.size() != predicted.size())
        throw Error("confusion matrix: " + std::to_string(truth.size()) + " labels but " +
                    std::to_string(predicted.size()) + " predictions");
    ConfusionMatrix m(size_t(classes), std::vector<int64_t>(size_t(classes), 0));
    for (size_t i = 0; i < truth.size(); ++i) {
        if (truth[i] < 0 || truth[i] >= classes || predicted[i] < 0 || predicted[i] >= classes)
            throw Error("confusion matrix: row " + std::to_string(i) + " names a class outside [0, " +
                        std::to_string(classes) + ")");
        m[size_t(truth[i])][size_t(predicted[i])] += 1;
    }
    return m;
}

double accuracyOf(const ConfusionMatrix& confusion)
{
    int64_t total = 0, correct = 0;
    for (size_t i = 0; i < confusion.size(); ++i)
        for (size_t j = 0; j < confusion[i].size(); ++j) {
            total += confusion[i][j];
            if (i == j)
                correct += confusion[i][j];
        }
    return total > 0 ? double(correct) / double(total) : 0.0;
}

void saveClassifierHead(const std::string& folder, Classifier& classifier, const std::vector<std::string>& classes)
{
    if (int64_t(classes.size()) != classifier->classes())
        throw Error("the classifier has " + std::to_string(classifier->classes()) + " outputs but " +
                    std::to_string(classes.size()) + " class names");
    std::filesystem::create_directories(folder);
    io::writeSafetensors(folder + "/" + kClassifierHeadFile,
                         {{"weight", classifier->head->weight.detach()}, {"bias", classifier->head->bias.detach()}},
                         {{"format", "llmwb-classifier-head"}});
    util::writeJsonFileAtomic(folder + "/" + kClassifierClassesFile, {{"classes", classes}});
}

std::vector<std::string> readClassifierClasses(const std::string& folder)
{
    const std::string path = folder + "/" + kClassifierClassesFile;
    const nlohmann::json j = util::readJsonFile(path);
    std::vector<std::string> classes;
    try {
        classes = j.at("classes").get<std::vector<std::string>>();
    } catch (const nlohmann::json::exception& e) {
        throw Error::inFile(path, std::string("needs \"classes\", a list of names: ") + e.what());
    }
    if (classes.size() < 2)
        throw Error::inFile(path, "names fewer than two classes");
    return classes;
}

std::vector<std::string> loadClassifierHead(const std::string& folder, Classifier& classifier)
{
    const std::vector<std::string> classes = readClassifierClasses(folder);
    const std::string path = folder + "/" + kClassifierHeadFile;
    const auto tensors = io::readSafetensors(path);
    const int64_t d = classifier->base->config().d_model, n = classifier->classes();
    if (int64_t(classes.size()) != n)
        throw Error::inFile(folder + "/" + kClassifierClassesFile, "names " + std::to_string(classes.size()) +
                                                                       " classes, the classifier has " +
                                                                       std::to_string(n));
    auto take = [&](const char* name, std::vector<int64_t> shape, torch::Tensor& into) {
        auto it = tensors.find(name);
        if (it == tensors.end())
            throw Error::inFile(path, std::string("has no tensor '") + name + "'");
        if (it->second.sizes().vec() != shape)
            throw Error::inFile(path, std::string("tensor '") + name + "' has shape " +
                                          c10::str(it->second.sizes()) + ", expected " + c10::str(at::IntArrayRef(shape)));
        torch::NoGradGuard noGrad;
        into.copy_(it->second.to(into.device(), into.scalar_type()));
    };
    take("weight", {n, d}, classifier->head->weight);
    take("bias", {n}, classifier->head->bias);
    return classes;
}

} // namespace lw::finetune
