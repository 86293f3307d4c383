#include "core/finetune/finetune_config.h"

#include "core/util/error.h"

#include <set>

namespace lw::finetune {

using Json = nlohmann::json;

void FinetuneSettings::validate() const
{
    auto oneOf = [](const char* field, const std::string& value, const std::set<std::string>& choices) {
        if (!choices.count(value)) {
            std::string list;
            for (const auto& c : choices)
                list += (list.empty() ? "" : ", ") + c;
            throw Error::inField(field, "must be one of " + list + ", got '" + value + "'");
        }
    };
    if (base.empty())
        throw Error::inField("base", "no base model given");
    if (dataset.empty())
        throw Error::inField("dataset", "no dataset given");
    oneOf("method", method, {"full", "lora", "qlora", "dora"});
    oneOf("objective", objective, {"sft", "dpo", "ipo", "orpo", "simpo", "classify"});
    oneOf("loss", loss, {"assistant", "all"});
    if (!(neftune_alpha >= 0 && neftune_alpha <= 100))
        throw Error::inField("neftune_alpha", "must be in [0, 100]");
    if (lora_rank < 1 || lora_rank > 4096)
        throw Error::inField("lora_rank", "must be in [1, 4096]");
    if (!(lora_alpha > 0))
        throw Error::inField("lora_alpha", "must be positive");
    if (!(lora_dropout >= 0 && lora_dropout < 1))
        throw Error::inField("lora_dropout", "must be in [0, 1)");
    if (usesAdapter() && lora_targets.empty())
        throw Error::inField("lora_targets", "names no module");
    if (!(lora_plus_ratio >= 1 && lora_plus_ratio <= 1024))
        throw Error::inField("lora_plus_ratio", "must be in [1, 1024]");
    if (!(beta > 0))
        throw Error::inField("beta", "must be positive");
    if (!(label_smoothing >= 0 && label_smoothing < 0.5))
        throw Error::inField("label_smoothing", "must be in [0, 0.5)");
    if (label_smoothing > 0 && objective != "dpo")
        throw Error::inField("label_smoothing", "applies to dpo only");
    if (!(simpo_gamma >= 0))
        throw Error::inField("simpo_gamma", "must not be negative");
    if (!(epochs >= 0))
        throw Error::inField("epochs", "must not be negative");
    if (val_rows < 0)
        throw Error::inField("val_rows", "must not be negative");
    if (isClassification() && method != "full")
        throw Error::inField("method", "classify trains the last blocks and a new head: it needs method full, got '" +
                                           method + "'");
    if (trainable_blocks < 0)
        throw Error::inField("trainable_blocks", "must not be negative");
    if (packing && isPreference())
        throw Error::inField("packing", "applies to sft only: preference pairs are compared whole");
}

Json FinetuneSettings::toJson() const
{
    return {{"base", base},
            {"dataset", dataset},
            {"method", method},
            {"objective", objective},
            {"chat_template", chat_template},
            {"loss", loss},
            {"packing", packing},
            {"neftune_alpha", neftune_alpha},
            {"lora_rank", lora_rank},
            {"lora_alpha", lora_alpha},
            {"lora_dropout", lora_dropout},
            {"lora_targets", lora_targets},
            {"rslora", rslora},
            {"lora_plus_ratio", lora_plus_ratio},
            {"beta", beta},
            {"label_smoothing", label_smoothing},
            {"simpo_gamma", simpo_gamma},
            {"epochs", epochs},
            {"val_rows", val_rows},
            {"trainable_blocks", trainable_blocks}};
}

FinetuneSettings FinetuneSettings::fromJson(const Json& json)
{
    if (!json.is_object())
        throw Error::inField("finetune", "must be an object");
    FinetuneSettings s;
    const Json defaults = s.toJson();
    for (const auto& [key, value] : json.items()) {
        if (!defaults.contains(key))
            throw Error::inField("finetune." + key, "is not a fine-tune setting");
        const Json& d = defaults[key];
        const bool sameType = (d.is_number() && value.is_number()) || d.type() == value.type();
        if (!sameType)
            throw Error::inField("finetune." + key, "has the wrong type (" + std::string(value.type_name()) + ")");
    }
    Json merged = defaults;
    merged.update(json);
    try {
        s.base = merged["base"];
        s.dataset = merged["dataset"];
        s.method = merged["method"];
        s.objective = merged["objective"];
        s.chat_template = merged["chat_template"];
        s.loss = merged["loss"];
        s.packing = merged["packing"];
        s.neftune_alpha = merged["neftune_alpha"];
        s.lora_rank = merged["lora_rank"];
        s.lora_alpha = merged["lora_alpha"];
        s.lora_dropout = merged["lora_dropout"];
        s.lora_targets = merged["lora_targets"].get<std::vector<std::string>>();
        s.rslora = merged["rslora"];
        s.lora_plus_ratio = merged["lora_plus_ratio"];
        s.beta = merged["beta"];
        s.label_smoothing = merged["label_smoothing"];
        s.simpo_gamma = merged["simpo_gamma"];
        s.epochs = merged["epochs"];
        s.val_rows = merged["val_rows"];
        s.trainable_blocks = merged["trainable_blocks"];
    } catch (const Json::exception& e) {
        throw Error::inField("finetune", e.what());
    }
    return s;
}

void FinetuneConfig::validate() const
{
    finetune.validate();
    train.validate();
}

Json FinetuneConfig::toJson() const
{
    Json j = train.toJson();
    j["finetune"] = finetune.toJson();
    return j;
}

FinetuneConfig FinetuneConfig::fromJson(const Json& json)
{
    FinetuneConfig c;
    Json trainPart = json;
    if (auto it = trainPart.find("finetune"); it != trainPart.end()) {
        c.finetune = FinetuneSettings::fromJson(*it);
        trainPart.erase("finetune");
    } else {
        throw Error::inField("finetune", "missing: not a fine-tune configuration");
    }
    trainPart.erase("schedule_history");
    c.train = train::TrainConfig::fromJson(trainPart);
    return c;
}

train::TrainConfig finetuneTrainDefaults(const std::string& method, const std::string& objective)
{
    train::TrainConfig t;
    t.batch_size = 8;
    t.max_steps = 200;
    t.warmup_steps = 10;
    t.min_lr_ratio = 0.1;
    t.weight_decay = 0.0;
    t.beta2 = 0.999;
    t.eval_every = 50;
    t.eval_batches = 0;
    t.sample_every = 0;
    t.checkpoint_every = 100;
    t.keep_checkpoints = 2;
    const bool adapter = method != "full";
    const bool preference = objective != "sft" && objective != "classify";
    t.learning_rate = preference ? (adapter ? 5e-5 : 5e-6) : (adapter ? 2e-4 : 2e-5);
    if (objective == "classify")
        t.learning_rate = 5e-5; // the book's rate for its spam classifier (chapter 6)
    return t;
}

const std::vector<std::pair<std::string, std::string>>& finetuneSettingsHelp()
{
    static const std::vector<std::pair<std::string, std::string>> help = {
        {"base", "The model to fine-tune: a run (its best checkpoint), a checkpoint, a model of the project"},
        {"dataset", "Chat or preference dataset of the project (shaped with the model's tokenizer)"},
        {"method", "full: every weight; lora: low-rank adapters; qlora: adapters on a 4-bit base; dora: "
                   "magnitude and direction"},
        {"objective", "sft: learn the answers; dpo, ipo: prefer chosen over rejected against the base; orpo, "
                      "simpo: preference without a reference model; classify: a new head that picks one class per "
                      "text (choice records: question, classes, answer; method full)"},
        {"chat_template", "Template for the conversations; empty: the model's own (chatml when it has none)"},
        {"loss", "assistant: loss on the answers only; all: on every token"},
        {"packing", "Several short examples per row, attention kept inside each (faster on short rows)"},
        {"neftune_alpha", "Noise on the embeddings while training (NEFTune); 5 is usual, 0 turns it off"},
        {"lora_rank", "Rank r of the adapters: more is more capacity and more memory"},
        {"lora_alpha", "Scale of the adapters' update is alpha / r (alpha / sqrt(r) with rslora)"},
        {"lora_dropout", "Dropout on the adapters' input while training"},
        {"lora_targets", "Linear maps that get adapters, by their Hugging Face names, or all-linear"},
        {"rslora", "Rank-stabilised scale alpha / sqrt(r)"},
        {"lora_plus_ratio", "LoRA+: learning rate of B over that of A (16 is usual; 1 is plain LoRA)"},
        {"beta", "Preference strength: DPO/IPO/SimPO beta, ORPO's weight of the odds-ratio term"},
        {"label_smoothing", "DPO only: assumed share of pairs whose labels are flipped (conservative DPO)"},
        {"simpo_gamma", "SimPO's target reward margin"},
        {"epochs", "Passes over the training rows; sets the number of steps when above 0"},
        {"val_rows", "Rows held out for validation when the dataset has no validation split (0: a tenth, at "
                     "most 200)"},
        {"trainable_blocks", "classify: the last transformer blocks that train with the new head and the final "
                             "norm (0: the head only)"},
    };
    return help;
}

} // namespace lw::finetune
