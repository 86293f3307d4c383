#pragma once
// What the Runs panel asks of the store, as plain functions of a Store: they run on the
// StoreTaskQueue's worker thread, touch no widget, and throw lw::Error on failure.
#include "core/records/dataset_lineage.h"
#include "core/store/records.h"
#include "core/store/store.h"

#include <QString>
#include <QVector>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace lw::ui {

struct RunsSnapshot {
    std::vector<lw::store::RunRecord> runs;
    std::vector<std::string> allTags;
    std::map<int64_t, int64_t> parameterCounts; // of the runs whose config names a valid model
};
RunsSnapshot loadRuns(lw::store::Store& store);

// The two curves the overlay draws, from just after the steps already shown.
struct CurveRequest {
    int64_t runId = 0;
    int64_t lossAfter = INT64_MIN; // load loss points with step > lossAfter
    int64_t valAfter = INT64_MIN;
};
// A score of the run's checkpoints against their steps: evaluations run while training
// (`llmwb train --eval-task`) or afterwards (`llmwb eval scrub`, the Evaluate panel).
struct EvalCurve {
    QString name; // "mc mmlu_physics acc"
    QVector<double> steps, values;
};
struct RunCurves {
    CurveRequest request;
    QVector<double> lossSteps, lossValues;
    QVector<double> valSteps, valValues;
    QVector<EvalCurve> evals; // whole, every time (they are short)
};
inline constexpr const char* kTrainLossMetric = "loss";
QVector<RunCurves> loadCurves(lw::store::Store& store, const QVector<CurveRequest>& requests);
// The run's evaluated checkpoints, one curve per task, data and headline figure, by step.
QVector<EvalCurve> loadEvalCurves(lw::store::Store& store, int64_t runId);

// What deleting runs will remove, for the confirmation dialog.
struct RunDeletionItem {
    int64_t runId = 0;
    std::string name;
    std::string runDir;        // absolute, "" when the run has none
    int checkpointFiles = 0;   // checkpoint, best and final artifacts whose file exists
    int64_t bytes = 0;         // the run folder plus artifacts kept outside it
    bool running = false;      // its process holds the run lock: not deletable now
};
std::vector<RunDeletionItem> planDeletion(lw::store::Store& store, const std::vector<int64_t>& runIds);

struct DeletionResult {
    std::vector<int64_t> deleted;
    std::vector<std::string> problems; // files that could not be removed, runs that were busy
    int64_t bytesFreed = 0;
};
// Removes each run from the store, then its folder and artifact files (deleteRun gives
// the paths). A run whose lock is held is skipped, with a problem saying so.
DeletionResult deleteRuns(lw::store::Store& store, const std::vector<int64_t>& runIds);

// Every metric of the runs as CSV: run_id,run_name,step,name,value,time (RFC 4180
// quoting; NaN values are empty). Written atomically. Returns the number of data rows.
int64_t writeMetricsCsv(lw::store::Store& store, const std::vector<int64_t>& runIds, const QString& path);

// A checkpoint of a run, as the details list it.
struct CheckpointRow {
    int64_t step = -1;     // -1 when the store does not say
    int64_t bytes = 0;
    std::string kind;      // the artifact kind: checkpoint, best or final
    bool newest = false;   // the one `llmwb train --resume` continues from
    std::string path;      // absolute
    bool exists = false;   // the file is still there
};
// The run's checkpoint, best and final artifacts, by step (best first at equal steps).
std::vector<CheckpointRow> loadCheckpoints(lw::store::Store& store, int64_t runId);

// The dataset the run trained on, then what that was made from (dataset_lineage.h);
// empty when the run names no dataset of the project.
std::vector<lw::records::LineageEntry> loadDatasetLineage(lw::store::Store& store, int64_t runId);

// The sample generations of a run, oldest first, each after the run's sample prompt,
// as text for a read-only pane.
QString formatSamples(const std::vector<lw::store::Sample>& samples, const std::string& prompt);
QString loadSamplesText(lw::store::Store& store, int64_t runId);

} // namespace lw::ui
