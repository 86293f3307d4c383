#pragma once
// What the Chat panel's pickers offer: the demo model, then every checkpoint of every
// run of the open project whose file is still there (newest run first; in a run, the
// best checkpoint, the final one, then the periodic ones from the newest), and which
// of them to offer first: the best checkpoint of the completed run with the lowest best
// validation loss (a newer run that was cancelled, or is still training, is not it),
// or the demo model when no run has completed. After the runs come the project's
// imported, merged, quantized and pruned models (Models view). Fine-tune runs with an
// adapter (LoRA, QLoRA, DoRA) are listed as adapters of their base run, not as models.
// Read from the store on a pool thread.
#include "ui/panels/chat/generation_types.h"

#include <QList>
#include <QString>

namespace lw::ui {

struct ModelCatalog {
    QString projectDir;
    QList<ModelChoice> models; // the demo model first
    QList<AdapterChoice> adapters; // newest run first
    QString defaultKey = QStringLiteral("demo");
    QString error;             // the store could not be read (the demo model is still offered)

    // Reads it (call on a pool thread); an empty projectDir lists the demo model only.
    static ModelCatalog load(const QString& projectDir);
    static ModelChoice demoChoice();
    int indexOf(const QString& key) const;
    // The adapters trained on `baseRunId`'s checkpoints.
    QList<AdapterChoice> adaptersFor(qint64 baseRunId) const;
};

} // namespace lw::ui
