#pragma once
// What the Train panel offers to pick from: the project's prepared datasets and
// tokenizers, and its runs that are training right now in a process of their own
// (started by a previous session of the app, or by the command line), and the setup the
// panel last had in this project. Read from the store on a pool thread.
#include "ui/panels/train/saved_train_setup.h"

#include <QList>
#include <QObject>
#include <QString>

namespace lw::ui {

struct DatasetEntry {
    QString name;
    QString dir; // absolute
    qint64 vocabSize = 0;
    qint64 trainTokens = 0;
    qint64 valTokens = 0;
};

struct TokenizerEntry {
    QString name;
    QString kind;
    qint64 vocabSize = 0;
    QString path; // absolute
};

struct LiveRunEntry {
    qint64 id = 0;
    QString name;
    QString runDir; // absolute
    QString status;
};

struct ProjectCatalog {
    QString projectDir;
    QList<DatasetEntry> datasets;
    QList<TokenizerEntry> tokenizers;
    QList<LiveRunEntry> liveRuns; // newest first
    SavedTrainSetup savedSetup;   // the panel's setup when it was last used here
    QString error;                // the store (or the saved setup) could not be read

    // Reads it (call on a pool thread). Runs whose process died are marked interrupted
    // first, as any list of runs should show them.
    static ProjectCatalog load(const QString& projectDir);
};

} // namespace lw::ui
