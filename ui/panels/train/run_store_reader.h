#pragma once
// Reads what the store holds of one run, for the Train panel's feeds: its record, its
// metrics and samples after the steps already shown, and optionally its configuration.
// Call on a pool thread (it opens the store and reads from disk).
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>
#include <QVector>

namespace lw::ui {

struct StoredRunQuery {
    QString projectDir;
    qint64 runId = 0;
    // With runId 0: the newest run of this kind (store::kRunKindPretrain or
    // kRunKindFinetune), what a panel shows when it opens on a project.
    QString newestOfKind;
    QMap<QString, qint64> afterStep; // per metric: only later steps (absent: all)
    qint64 samplesAfter = -1;        // only samples after this step (-1: all)
    bool withConfig = false;
    // Every metric the run logged (a fine-tune's rewards too), not only chartedMetricNames().
    bool allMetrics = false;
};

struct StoredRun {
    QString error; // the store could not be read (the rest is empty)
    qint64 runId = 0; // the run read; 0 when the project has no run of newestOfKind
    QString name;
    QJsonObject config; // when asked for
    QString status;     // the store's word: running, paused, completed, cancelled, ...
    QString errorMessage;
    QString runDir; // absolute
    qint64 step = 0, maxSteps = 0, pid = 0;
    bool sameHost = false; // the run's process runs on this computer
    int worldSize = 1;     // processes of its last session (world.json; 1 for runs without it)
    struct Series {
        QVector<double> steps, values;
        double lastTime = -1; // Unix seconds of the last point
    };
    QMap<QString, Series> metrics; // by the store's metric names
    QList<QPair<qint64, QString>> samples;
};

// Metric names as the store has them, which the Train panel charts.
QStringList chartedMetricNames();

// Marks the run interrupted first if its process died (as any listing does).
StoredRun readStoredRun(const StoredRunQuery& query);

} // namespace lw::ui
