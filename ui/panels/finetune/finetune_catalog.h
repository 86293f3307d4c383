#pragma once
// What the Fine-tune panel offers to pick from, read from the project's store on a pool
// thread: the models a fine-tune can start from (run checkpoints, imports, merges, and
// the checkpoints of full fine-tunes, which are models already), the chat and
// preference datasets, the adapter module names of each model family, and whether the
// project has the demo model.
#include "ui/panels/models/model_entry.h"
#include "ui/panels/finetune/saved_finetune_setup.h"
#include "ui/panels/train/distributed_settings.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace lw::ui::finetune {

struct BaseModelEntry {
    QString spec;   // what --base takes: "3", "3:best", a model name
    QString label;  // "demo (best) · gpt2 · 3.2M"
    QString family; // "gpt2", "llama" ("" when unknown)
    qint64 parameters = 0;
    qint64 runId = 0; // checkpoints
};

struct DatasetVersionEntry {
    QString name;
    QString kind; // the rows' kind: "chat", "preference", ...
    qint64 rows = 0;
};

// A fine-tune of the project, as the list of past fine-tunes names it.
struct FinetuneRunEntry {
    qint64 id = 0;
    QString name;
    QString method;    // lora, qlora, dora, full
    QString objective; // sft, dpo, ipo, orpo, simpo, classify
    QString status;    // the store's word: completed, interrupted, ...
};

struct FinetuneCatalog {
    QString projectDir;
    QList<BaseModelEntry> bases;
    QList<DatasetVersionEntry> datasets; // chat, preference and choice versions, by name
    QHash<QString, QStringList> targetChoices; // family -> module names ("c_attn", "q_proj", ...)
    QList<FinetuneRunEntry> finetuneRuns; // newest first
    QString demoBase;   // spec of the demo model ("" when the project has none)
    SavedFinetuneSetup savedSetup; // the Processes box and the tasks as the panel left them here
    QString setupError;            // why that could not be read
    QString error;

    // Reads it (call on a pool thread).
    static FinetuneCatalog load(const QString& projectDir);
    // The datasets an objective trains on: chat rows for sft, choice records for classify,
    // preference pairs otherwise.
    QList<DatasetVersionEntry> datasetsFor(const QString& objective) const;
    int indexOfBase(const QString& spec) const;
};

// "3.2M parameters"-free label: "name · family · size".
QString baseLabel(const QString& name, const QString& family, qint64 parameters);

} // namespace lw::ui::finetune
