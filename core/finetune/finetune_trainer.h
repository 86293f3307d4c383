#pragma once
// The fine-tuning loop: supervised (loss on the answers of chat rows) or preference
// (DPO, IPO, ORPO, SimPO on chosen/rejected pairs), on every weight or through
// adapters (LoRA, DoRA, LoRA on a 4-bit base). The same events as pretraining (step,
// eval, checkpoint, status, finished; core/train/events.h), with preference metrics in
// a "metrics" object. It knows nothing of the store: see finetune_service.h.
#include "core/finetune/finetune_config.h"
#include "core/finetune/finetune_data.h"
#include "core/generate/chat_template.h"
#include "core/model/transformer.h"
#include "core/tokenizer/tokenizer.h"
#include "core/train/trainer.h"

#include <memory>
#include <string>

namespace lw::finetune {

// The chat template an adapter was trained with, written next to it.
inline constexpr const char* kAdapterTemplateFile = "llmwb_chat_template.json";

// What a fine-tune starts from, already loaded.
struct FinetuneInputs {
    model::Transformer model{nullptr};       // the base, on the device, float32
    const tokenizer::Tokenizer* tokenizer = nullptr;
    std::string tokenizerPath;
    std::string architecture;                // Hugging Face architecture the adapter names follow
    std::string baseLabel;                   // for adapter_config.json's base_model_name_or_path
    FinetuneData data;
    std::optional<generate::ChatTemplate> chatTemplate; // for the side-by-side answers
};

struct FinetuneResult {
    train::TrainResult train;
    std::string adapterDir;          // <run dir>/adapter for adapter methods
    int64_t trainableParameters = 0;
    int64_t totalParameters = 0;
};

class FinetuneTrainer {
public:
    FinetuneTrainer(FinetuneConfig config, std::string runDir, train::EventSink events);
    FinetuneResult run(FinetuneInputs inputs, train::TrainControl& control,
                       const std::optional<train::ResumeRequest>& resume = std::nullopt);
    const FinetuneConfig& config() const { return m_config; }
    void setEventSink(train::EventSink events);
    // Data-parallel fine-tuning with the other ranks of `group` (see train::Trainer).
    void setProcessGroup(std::shared_ptr<distributed::ProcessGroup> group) { m_group = std::move(group); }

    // The state files of a run folder, oldest first (checkpoints/step-XXXXXXXX.ckpt).
    static std::vector<std::string> listStates(const std::string& runDir);

private:
    FinetuneConfig m_config;
    std::string m_runDir;
    train::EventSink m_events;
    std::shared_ptr<distributed::ProcessGroup> m_group;
};

} // namespace lw::finetune
