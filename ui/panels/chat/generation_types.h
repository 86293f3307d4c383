#pragma once
// What travels between the Chat panel and its generation thread: the model to load,
// the work to do, and what comes back (tokens as they are chosen, finished answers).
// Plain values, copied across the thread boundary by queued signals.
#include "core/generate/chat_template.h"
#include "core/generate/sampler_settings.h"
#include "ui/widgets/token_view.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace lw::ui {

// A model the panel can load: a checkpoint of a run, or the demo model.
struct ModelChoice {
    QString key;            // "demo", or the checkpoint's absolute path
    QString label;          // as the pickers show it
    QString checkpointPath; // absolute ("" for the demo model until it exists)
    qint64 runId = 0;
    QString runName;
    qint64 step = 0; // of the checkpoint
    bool demo = false;
    QString adapterDir; // a LoRA or DoRA adapter applied to the model ("" for none)
};

// A fine-tune run's adapter the Chat panel can apply to its base model.
struct AdapterChoice {
    QString dir;       // <run dir>/adapter (absolute)
    QString label;     // "#5 lora-demo-instructions-1"
    qint64 runId = 0;
    qint64 baseRunId = 0; // the run whose checkpoint it was trained on (0: not a run of the project)
};

// A loaded model as the worker reports it.
struct LoadedModelInfo {
    QString key;
    QString checkpointPath;
    QString adapterDir;        // the adapter applied ("" for none)
    QJsonObject adapterTemplate; // the chat template the adapter was trained with (empty: none known)
    QString runner;            // which forward pass runs ("fused CPU, fp32 weights, ...")
    qint64 contextLength = 0;
    qint64 vocabSize = 0;
    double loadMs = 0;
};

// One prompt, answered once per settings entry in one batch (the lab's columns).
struct GenerationJob {
    bool chat = true;
    std::vector<generate::ChatMessage> messages; // chat: system, user and assistant messages
    generate::ChatTemplate chatTemplate;         // chat
    std::string prompt;                          // not chat: the text to continue
    std::vector<generate::SamplerSettings> settings;
    std::shared_ptr<std::atomic<bool>> cancel; // set from the GUI thread to stop
};

// How much of the model's context a chat prompt takes, and which turns it left out.
struct ContextUse {
    qint64 promptTokens = 0;  // the prompt as the model reads it
    qint64 contextLength = 0; // what the model can read at most
    int droppedMessages = 0;  // the oldest messages of the conversation left out to make room
};

struct StreamedToken {
    int sequence = 0; // which answer of the job (0 for a chat)
    TokenViewItem token;
};

struct AnswerResult {
    QString text;
    QString stopReason;       // "max_tokens", "eos", "stop_sequence", "context_full", "cancelled"
    QJsonObject stats;        // GenerationStats as JSON, with the seed used
    QList<TokenViewItem> tokens;
    ContextUse context;       // of the prompt this answer continued

    double timeToFirstTokenMs() const { return stats.value(QStringLiteral("time_to_first_token_ms")).toDouble(); }
    double tokensPerSecond() const { return stats.value(QStringLiteral("decode_tokens_per_s")).toDouble(); }
    int generatedTokens() const { return stats.value(QStringLiteral("generated_tokens")).toInt(); }
};

} // namespace lw::ui

Q_DECLARE_METATYPE(lw::ui::ModelChoice)
Q_DECLARE_METATYPE(lw::ui::LoadedModelInfo)
Q_DECLARE_METATYPE(lw::ui::StreamedToken)
Q_DECLARE_METATYPE(lw::ui::ContextUse)
Q_DECLARE_METATYPE(lw::ui::AnswerResult)
