#pragma once
// One row of the Models view: a run's newest or best checkpoint, or a model of
// the project's `models` table (an import or a merge), with what the view shows
// of it and the name `--model` takes for it. Read from the store on a pool
// thread.
#include <QJsonObject>
#include <QList>
#include <QString>

namespace lw::ui::models {

enum class ModelKind { Checkpoint, Import, Merge, Quantized, Pruned };

// The adapter a fine-tune run's checkpoint row stands for (its adapter/ or
// adapter-best/ folder): llama.cpp loads LoRA adapters, not DoRA ones.
enum class AdapterKind { None, Lora, Dora };

struct ModelEntry {
    QString spec; // what `llmwb export/merge --model` takes: "3", "3:best" or a name
    QString name; // as listed
    ModelKind kind = ModelKind::Import;
    QString family;        // "gpt2", "llama"
    QString architecture;  // "GPT2LMHeadModel", ... ("" for checkpoints)
    qint64 parameters = 0; // 0: unknown
    QString dtype;
    qint64 bytes = 0;
    double createdAt = 0; // seconds since the epoch
    QString path;         // absolute
    QJsonObject source;   // imports: {path, files: [{name, bytes, sha256}]}
    QJsonObject lineage;  // merges: {models: [...], merge: {...}}
    QJsonObject config;   // the model's configuration
    qint64 runId = 0;     // checkpoints
    QString baseName;     // names made from it, the same in every language: the run's name (with
                          // "-best" for its best checkpoint), else `name`
    QString sha256;       // checkpoints: the file's
    AdapterKind adapter = AdapterKind::None; // adapter fine-tune runs' checkpoints

    // Imports, merges, quantized and pruned models belong to the models table; checkpoints belong to their
    // runs.
    bool deletable() const { return kind != ModelKind::Checkpoint; }
};

struct ModelListing {
    QList<ModelEntry> entries; // runs' checkpoints (newest run first), then imports and merges
    QString error;             // the store could not be read
};

// Reads the project's models (call on a pool thread).
ModelListing loadModelListing(const QString& projectDir);

QString kindText(ModelKind kind);

} // namespace lw::ui::models
