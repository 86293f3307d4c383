#include "ui/panels/finetune/finetune_field_texts.h"

#include <QCoreApplication>

namespace lw::ui::finetune {

namespace {

constexpr const char* kLabels = "lw::ui::finetune::FinetuneFieldLabel";
constexpr const char* kHelp = "lw::ui::finetune::FinetuneFieldHelp";

struct FieldText {
    const char* key;
    const char* label;
};

const FieldText kFieldLabels[] = {
    {"base", QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldLabel", "Base model")},
    {"dataset", QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldLabel", "Dataset")},
    {"method", QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldLabel", "Method")},
    {"objective", QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldLabel", "Objective")},
    {"chat_template", QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldLabel", "Chat template")},
    {"loss", QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldLabel", "Loss on")},
    {"packing", QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldLabel", "Packing")},
    {"neftune_alpha", QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldLabel", "NEFTune noise")},
    {"lora_rank", QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldLabel", "Rank")},
    {"lora_alpha", QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldLabel", "Alpha")},
    {"lora_dropout", QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldLabel", "Dropout")},
    {"lora_targets", QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldLabel", "Targets")},
    {"rslora", QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldLabel", "rsLoRA")},
    {"lora_plus_ratio", QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldLabel", "LoRA+ ratio")},
    {"beta", QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldLabel", "Beta")},
    {"label_smoothing", QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldLabel", "Label smoothing")},
    {"simpo_gamma", QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldLabel", "SimPO gamma")},
    {"epochs", QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldLabel", "Epochs")},
    {"val_rows", QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldLabel", "Validation rows")},
    {"trainable_blocks", QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldLabel", "Trainable blocks")},
};

// The help texts of finetuneSettingsHelp(), verbatim, so that lupdate collects them; a
// test checks that every text core has is here.
const char* const kHelpTexts[] = {
    QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldHelp",
                      "The model to fine-tune: a run (its best checkpoint), a checkpoint, a model of the project"),
    QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldHelp",
                      "Chat or preference dataset of the project (shaped with the model's tokenizer)"),
    QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldHelp",
                      "full: every weight; lora: low-rank adapters; qlora: adapters on a 4-bit base; dora: "
                      "magnitude and direction"),
    QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldHelp",
                      "sft: learn the answers; dpo, ipo: prefer chosen over rejected against the base; orpo, "
                      "simpo: preference without a reference model; classify: a new head that picks one class per "
                      "text (choice records: question, classes, answer; method full)"),
    QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldHelp",
                      "Template for the conversations; empty: the model's own (chatml when it has none)"),
    QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldHelp",
                      "assistant: loss on the answers only; all: on every token"),
    QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldHelp",
                      "Several short examples per row, attention kept inside each (faster on short rows)"),
    QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldHelp",
                      "Noise on the embeddings while training (NEFTune); 5 is usual, 0 turns it off"),
    QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldHelp",
                      "Rank r of the adapters: more is more capacity and more memory"),
    QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldHelp",
                      "Scale of the adapters' update is alpha / r (alpha / sqrt(r) with rslora)"),
    QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldHelp", "Dropout on the adapters' input while training"),
    QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldHelp",
                      "Linear maps that get adapters, by their Hugging Face names, or all-linear"),
    QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldHelp", "Rank-stabilised scale alpha / sqrt(r)"),
    QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldHelp",
                      "LoRA+: learning rate of B over that of A (16 is usual; 1 is plain LoRA)"),
    QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldHelp",
                      "Preference strength: DPO/IPO/SimPO beta, ORPO's weight of the odds-ratio term"),
    QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldHelp",
                      "DPO only: assumed share of pairs whose labels are flipped (conservative DPO)"),
    QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldHelp", "SimPO's target reward margin"),
    QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldHelp",
                      "Passes over the training rows; sets the number of steps when above 0"),
    QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldHelp",
                      "Rows held out for validation when the dataset has no validation split (0: a tenth, at "
                      "most 200)"),
    QT_TRANSLATE_NOOP("lw::ui::finetune::FinetuneFieldHelp",
                      "classify: the last transformer blocks that train with the new head and the final norm (0: "
                      "the head only)"),
};

} // namespace

QString finetuneFieldLabel(const QString& key)
{
    for (const FieldText& field : kFieldLabels)
        if (key == QLatin1String(field.key))
            return QCoreApplication::translate(kLabels, field.label);
    return key;
}

QString translatedFinetuneHelp(const std::string& coreHelp)
{
    return QCoreApplication::translate(kHelp, coreHelp.c_str());
}

QStringList translatableFinetuneHelpTexts()
{
    QStringList texts;
    for (const char* text : kHelpTexts)
        texts.append(QString::fromUtf8(text));
    return texts;
}

QString methodTitle(const QString& method)
{
    if (method == QLatin1String("full"))
        return QCoreApplication::translate("lw::ui::finetune::FinetuneMethods", "Full weights");
    if (method == QLatin1String("lora"))
        return QCoreApplication::translate("lw::ui::finetune::FinetuneMethods", "LoRA (low-rank adapters)");
    if (method == QLatin1String("qlora"))
        return QCoreApplication::translate("lw::ui::finetune::FinetuneMethods", "QLoRA (adapters on a 4-bit base)");
    if (method == QLatin1String("dora"))
        return QCoreApplication::translate("lw::ui::finetune::FinetuneMethods", "DoRA (magnitude and direction)");
    return method;
}

QString objectiveTitle(const QString& objective)
{
    if (objective == QLatin1String("sft"))
        return QCoreApplication::translate("lw::ui::finetune::FinetuneMethods", "SFT: learn the answers");
    if (objective == QLatin1String("dpo"))
        return QCoreApplication::translate("lw::ui::finetune::FinetuneMethods", "DPO: prefer the chosen answer");
    if (objective == QLatin1String("ipo"))
        return QCoreApplication::translate("lw::ui::finetune::FinetuneMethods", "IPO: DPO with a bounded margin");
    if (objective == QLatin1String("orpo"))
        return QCoreApplication::translate("lw::ui::finetune::FinetuneMethods", "ORPO: SFT and preference at once");
    if (objective == QLatin1String("simpo"))
        return QCoreApplication::translate("lw::ui::finetune::FinetuneMethods",
                                           "SimPO: preference without a reference");
    if (objective == QLatin1String("classify"))
        return QCoreApplication::translate("lw::ui::finetune::FinetuneMethods",
                                           "Classification: a new head picks a class");
    return objective;
}

QString methodShortName(const QString& method)
{
    if (method == QLatin1String("lora"))
        return QCoreApplication::translate("lw::ui::finetune::FinetuneMethods", "LoRA");
    if (method == QLatin1String("qlora"))
        return QCoreApplication::translate("lw::ui::finetune::FinetuneMethods", "QLoRA");
    if (method == QLatin1String("dora"))
        return QCoreApplication::translate("lw::ui::finetune::FinetuneMethods", "DoRA");
    if (method == QLatin1String("full"))
        return QCoreApplication::translate("lw::ui::finetune::FinetuneMethods", "full weights");
    return method;
}

QString objectiveShortName(const QString& objective)
{
    if (objective == QLatin1String("sft"))
        return QCoreApplication::translate("lw::ui::finetune::FinetuneMethods", "SFT");
    if (objective == QLatin1String("dpo"))
        return QCoreApplication::translate("lw::ui::finetune::FinetuneMethods", "DPO");
    if (objective == QLatin1String("ipo"))
        return QCoreApplication::translate("lw::ui::finetune::FinetuneMethods", "IPO");
    if (objective == QLatin1String("orpo"))
        return QCoreApplication::translate("lw::ui::finetune::FinetuneMethods", "ORPO");
    if (objective == QLatin1String("simpo"))
        return QCoreApplication::translate("lw::ui::finetune::FinetuneMethods", "SimPO");
    if (objective == QLatin1String("classify"))
        return QCoreApplication::translate("lw::ui::finetune::FinetuneMethods", "classification");
    return objective;
}

} // namespace lw::ui::finetune
