#pragma once
// A text classifier on a language model, as "Build a Large Language Model (From
// Scratch)" chapter 6 builds it: the base transformer's final hidden state at each
// row's last real token (rows padded on the right, so causal attention has seen the
// whole text there and none of the padding) goes through a new head Linear(d_model,
// classes). Fine-tuning trains the head, and the last `trainableBlocks` blocks with
// the final norm; everything else is frozen (requires_grad false).
#include "core/model/transformer.h"

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

namespace lw::finetune {

class ClassifierImpl : public torch::nn::Module {
public:
    ClassifierImpl(model::Transformer base, int64_t classes);

    // ids (B, T) int64 padded on the right, lengths (B) int64 of real tokens (>= 1):
    // logits (B, classes).
    torch::Tensor forward(const torch::Tensor& ids, const torch::Tensor& lengths);

    // Freezes the base but its last `trainableBlocks` blocks (and the final norm when
    // that is at least 1); the head always trains. lw::Error naming trainable_blocks
    // when it exceeds the model's layers.
    void freezeBase(int64_t trainableBlocks);

    int64_t classes() const { return m_classes; }

    model::Transformer base{nullptr};
    torch::nn::Linear head{nullptr};

private:
    int64_t m_classes;
};
TORCH_MODULE(Classifier);

// Rows of ids as one right-padded batch and their lengths.
struct PaddedRows {
    torch::Tensor ids;     // (B, T) int64
    torch::Tensor lengths; // (B) int64
};
PaddedRows padRows(const std::vector<std::vector<int32_t>>& rows, int32_t padId, const torch::Device& device);

// Mean cross-entropy of logits (B, classes) against labels (B) int64.
torch::Tensor classificationLoss(const torch::Tensor& logits, const torch::Tensor& labels);

// confusion[true class][predicted class]: counts of rows.
using ConfusionMatrix = std::vector<std::vector<int64_t>>;
ConfusionMatrix confusionMatrix(const std::vector<int64_t>& truth, const std::vector<int64_t>& predicted,
                                int64_t classes);
// The share of rows on the diagonal (0 for no rows).
double accuracyOf(const ConfusionMatrix& confusion);

// The classifier folder of a run: <dir>/model.ckpt (the trained language model, a
// train::saveCheckpoint), head.safetensors (weight, bias) and classes.json.
inline constexpr const char* kClassifierModelFile = "model.ckpt";
inline constexpr const char* kClassifierHeadFile = "head.safetensors";
inline constexpr const char* kClassifierClassesFile = "classes.json";

void saveClassifierHead(const std::string& folder, Classifier& classifier, const std::vector<std::string>& classes);
// The head's tensors into `classifier` and the class names; lw::Error naming the file
// when a tensor is missing, has another shape, or the classes do not match it.
std::vector<std::string> loadClassifierHead(const std::string& folder, Classifier& classifier);
std::vector<std::string> readClassifierClasses(const std::string& folder);

} // namespace lw::finetune
