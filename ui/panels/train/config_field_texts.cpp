#include "ui/panels/train/config_field_texts.h"

#include <QCoreApplication>
#include <QHash>

namespace lw::ui {

namespace {

constexpr const char* kLabels = "lw::ui::ConfigFieldLabel";
constexpr const char* kHelp = "lw::ui::ConfigFieldHelp";

struct FieldText {
    const char* key;
    const char* label;
};

// Labels of TrainConfig and ModelConfig fields.
const FieldText kFieldLabels[] = {
    {"batch_size", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Batch size")},
    {"context", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Sequence length")},
    {"stride", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Stride")},
    {"shuffle", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Shuffle")},
    {"max_steps", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Steps")},
    {"learning_rate", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Learning rate")},
    {"min_lr_ratio", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Final learning rate ratio")},
    {"warmup_steps", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Warm-up steps")},
    {"lr_schedule", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Schedule")},
    {"weight_decay", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Weight decay")},
    {"beta1", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Adam β1")},
    {"beta2", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Adam β2")},
    {"adam_eps", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Adam ε")},
    {"grad_clip", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Gradient clipping")},
    {"grad_accum_steps", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Gradient accumulation")},
    {"eval_every", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Evaluate every")},
    {"eval_batches", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Evaluation batches")},
    {"sample_every", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Sample every")},
    {"sample_prompt", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Sample prompt")},
    {"sample_tokens", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Sample length")},
    {"sample_temperature", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Sample temperature")},
    {"sample_top_k", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Sample top-k")},
    {"checkpoint_every", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Checkpoint every")},
    {"keep_checkpoints", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Checkpoints kept")},
    {"early_stopping_patience", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Early-stopping patience")},
    {"early_stopping_min_delta", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Early-stopping minimum gain")},
    {"log_every", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Log every")},
    {"seed", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Seed")},
    {"threads", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Threads")},
    {"device", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Device")},
    {"dtype", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Precision")},
    {"family", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Architecture")},
    {"n_layer", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Layers")},
    {"d_model", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Width")},
    {"n_head", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Heads")},
    {"n_kv_head", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Key/value heads")},
    {"context_length", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Context")},
    {"d_ff", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Feed-forward width")},
    {"vocab_size", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Vocabulary")},
    {"dropout", QT_TRANSLATE_NOOP("lw::ui::ConfigFieldLabel", "Dropout")},
};

// The help texts of trainConfigHelp() and modelConfigHelp(), verbatim, so that lupdate
// collects them; a test checks that every text core has is here.
const char* const kHelpTexts[] = {
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "sequences per optimizer micro-step"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "tokens per training sequence (0: the model's context length)"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp",
                      "distance in tokens between the starts of training sequences (0: the context, no overlap)"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "visit training sequences in a seeded random order each epoch"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "optimizer steps to train for"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "peak learning rate, reached after warm-up"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "the schedule ends at learning_rate times this"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "steps of linear warm-up from zero to the peak learning rate"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "decay after warm-up: cosine, linear or constant"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp",
                      "AdamW decoupled weight decay, applied to matrices and embeddings only"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "AdamW first-moment decay"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "AdamW second-moment decay"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "AdamW denominator epsilon"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "clip the global gradient norm to this (0: no clipping)"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "micro-batches accumulated per optimizer step"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "steps between validation-loss evaluations (0: never)"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp",
                      "validation batches per evaluation (0: the whole validation split)"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "steps between sample generations (0: never)"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "text the samples continue (empty: start of a document)"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "tokens generated per sample"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "sampling temperature of the samples (0: greedy)"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "sample among the k most likely tokens (0: all)"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "steps between checkpoints (0: only at the end)"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "periodic checkpoints to keep; the best one is kept apart"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp",
                      "stop after this many evaluations without improvement (0: off)"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "smallest validation-loss decrease that counts as improvement"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "steps between progress reports and recorded metrics"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp",
                      "seed of every random choice (initialisation, data order, dropout, samples)"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "CPU threads for tensor operations (0: all cores)"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "cpu, cuda or cuda:N"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "fp32, or bf16 mixed precision"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp",
                      "architecture: gpt2 (learned positions, LayerNorm, GELU) or llama (RoPE, RMSNorm, SwiGLU, GQA)"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "number of transformer blocks"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "width of the residual stream (embedding size)"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "attention heads (must divide d_model)"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp",
                      "key/value heads for grouped-query attention (0: as many as n_head; llama only)"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "longest sequence the model reads, in tokens"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp",
                      "hidden width of the feed-forward block (0: 4 x d_model, or the SwiGLU rule for llama)"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "vocabulary size (at least the tokenizer's)"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "dropout on embeddings and residual branches while training"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "biases in linear layers and LayerNorm (gpt2)"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "share the input embedding with the output projection"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "epsilon of the normalisation layers"),
    QT_TRANSLATE_NOOP("lw::ui::ConfigFieldHelp", "base of the rotary position frequencies (llama)"),
};

// The descriptions of model::modelPresets(), verbatim.
const char* const kPresetDescriptions[] = {
    QT_TRANSLATE_NOOP("lw::ui::ModelPresets", "GPT-2 style, 2 layers x 64 wide: for tests and quick checks"),
    QT_TRANSLATE_NOOP("lw::ui::ModelPresets",
                      "GPT-2 style, 4 layers x 128 wide: the demo model, trains in about half a minute on two cores"),
    QT_TRANSLATE_NOOP("lw::ui::ModelPresets",
                      "GPT-2 style, 6 layers x 384 wide, context 256 (about 10M parameters + embeddings)"),
    QT_TRANSLATE_NOOP("lw::ui::ModelPresets", "GPT-2 small: 12 layers x 768, context 1024, 124M parameters"),
    QT_TRANSLATE_NOOP("lw::ui::ModelPresets", "GPT-2 medium: 24 layers x 1024, context 1024, 355M parameters"),
    QT_TRANSLATE_NOOP("lw::ui::ModelPresets", "Llama style, 2 layers x 64, grouped-query attention: for tests"),
    QT_TRANSLATE_NOOP("lw::ui::ModelPresets",
                      "Llama style, 8 layers x 512, 8 heads sharing 4 key/value heads, context 512"),
};

} // namespace

QString translatedPresetDescription(const std::string& coreDescription)
{
    return QCoreApplication::translate("lw::ui::ModelPresets", coreDescription.c_str());
}

QStringList translatablePresetDescriptions()
{
    QStringList texts;
    for (const char* text : kPresetDescriptions)
        texts.append(QString::fromUtf8(text));
    return texts;
}

namespace {

// The form's own label of `key`, or null.
const FieldText* findFieldText(const QString& key)
{
    for (const FieldText& field : kFieldLabels)
        if (key == QLatin1String(field.key))
            return &field;
    return nullptr;
}

} // namespace

QString configFieldLabel(const QString& key)
{
    if (const FieldText* field = findFieldText(key))
        return QCoreApplication::translate(kLabels, field->label);
    QString human = key;
    human.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!human.isEmpty())
        human[0] = human[0].toUpper();
    return human;
}

bool hasConfigFieldLabel(const QString& key)
{
    return findFieldText(key) != nullptr;
}

QString translatedConfigHelp(const std::string& coreHelp)
{
    return QCoreApplication::translate(kHelp, coreHelp.c_str());
}

QStringList translatableConfigHelpTexts()
{
    QStringList texts;
    for (const char* text : kHelpTexts)
        texts.append(QString::fromUtf8(text));
    return texts;
}

ConfigGroup configFieldGroup(const QString& key)
{
    static const QHash<QString, ConfigGroup> groups = {
        {QStringLiteral("batch_size"), ConfigGroup::Optimization},
        {QStringLiteral("grad_accum_steps"), ConfigGroup::Optimization},
        {QStringLiteral("learning_rate"), ConfigGroup::Optimization},
        {QStringLiteral("weight_decay"), ConfigGroup::Optimization},
        {QStringLiteral("beta1"), ConfigGroup::Optimization},
        {QStringLiteral("beta2"), ConfigGroup::Optimization},
        {QStringLiteral("adam_eps"), ConfigGroup::Optimization},
        {QStringLiteral("grad_clip"), ConfigGroup::Optimization},
        {QStringLiteral("max_steps"), ConfigGroup::Schedule},
        {QStringLiteral("warmup_steps"), ConfigGroup::Schedule},
        {QStringLiteral("lr_schedule"), ConfigGroup::Schedule},
        {QStringLiteral("min_lr_ratio"), ConfigGroup::Schedule},
        {QStringLiteral("context"), ConfigGroup::Data},
        {QStringLiteral("stride"), ConfigGroup::Data},
        {QStringLiteral("shuffle"), ConfigGroup::Data},
        {QStringLiteral("seed"), ConfigGroup::Data},
        {QStringLiteral("eval_every"), ConfigGroup::Evaluation},
        {QStringLiteral("eval_batches"), ConfigGroup::Evaluation},
        {QStringLiteral("early_stopping_patience"), ConfigGroup::Evaluation},
        {QStringLiteral("early_stopping_min_delta"), ConfigGroup::Evaluation},
        {QStringLiteral("sample_every"), ConfigGroup::Samples},
        {QStringLiteral("sample_prompt"), ConfigGroup::Samples},
        {QStringLiteral("sample_tokens"), ConfigGroup::Samples},
        {QStringLiteral("sample_temperature"), ConfigGroup::Samples},
        {QStringLiteral("sample_top_k"), ConfigGroup::Samples},
        {QStringLiteral("checkpoint_every"), ConfigGroup::Checkpoints},
        {QStringLiteral("keep_checkpoints"), ConfigGroup::Checkpoints},
        {QStringLiteral("log_every"), ConfigGroup::Checkpoints},
        {QStringLiteral("dtype"), ConfigGroup::Compute},
        {QStringLiteral("threads"), ConfigGroup::Compute},
        {QStringLiteral("device"), ConfigGroup::Compute},
    };
    return groups.value(key, ConfigGroup::Other);
}

QString configGroupTitle(ConfigGroup group)
{
    switch (group) {
    case ConfigGroup::Optimization: return QCoreApplication::translate("lw::ui::ConfigFieldLabel", "Optimizer");
    case ConfigGroup::Schedule: return QCoreApplication::translate("lw::ui::ConfigFieldLabel", "Schedule");
    case ConfigGroup::Data: return QCoreApplication::translate("lw::ui::ConfigFieldLabel", "Data");
    case ConfigGroup::Evaluation: return QCoreApplication::translate("lw::ui::ConfigFieldLabel", "Validation");
    case ConfigGroup::Samples: return QCoreApplication::translate("lw::ui::ConfigFieldLabel", "Samples");
    case ConfigGroup::Checkpoints: return QCoreApplication::translate("lw::ui::ConfigFieldLabel", "Checkpoints and logging");
    case ConfigGroup::Compute: return QCoreApplication::translate("lw::ui::ConfigFieldLabel", "Compute");
    case ConfigGroup::Other: break;
    }
    return QCoreApplication::translate("lw::ui::ConfigFieldLabel", "Other");
}

QStringList configFieldChoices(const QString& key)
{
    if (key == QLatin1String("lr_schedule"))
        return {QStringLiteral("cosine"), QStringLiteral("linear"), QStringLiteral("constant")};
    if (key == QLatin1String("dtype"))
        return {QStringLiteral("fp32"), QStringLiteral("bf16")};
    if (key == QLatin1String("family"))
        return {QStringLiteral("gpt2"), QStringLiteral("llama")};
    return {};
}

} // namespace lw::ui
