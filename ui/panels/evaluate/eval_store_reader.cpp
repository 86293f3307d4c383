#include "ui/panels/evaluate/eval_store_reader.h"

#include "core/store/project.h"
#include "core/store/records.h"
#include "ui/shell/json_bridge.h"

#include <QFileInfo>

#include <algorithm>
#include <exception>
#include <set>

namespace lw::ui::evaluate {

namespace {

StoredEvaluation fromRecord(const store::EvaluationRecord& record)
{
    StoredEvaluation e;
    e.id = record.id;
    e.task = QString::fromStdString(record.task);
    e.model = QString::fromStdString(record.model);
    const QJsonObject info = toQJson(record.modelInfo);
    // A project model is shown by its name: the worker's label ("model 'NAME'") is English.
    e.label = info.contains(QLatin1String("model_id")) ? e.model : info.value(QLatin1String("label")).toString(e.model);
    if (e.label.isEmpty())
        e.label = e.model;
    e.runId = record.runId.value_or(qint64(info.value(QLatin1String("run_id")).toDouble()));
    const QJsonValue infoStep = info.value(QLatin1String("step"));
    e.step = record.step ? *record.step : infoStep.isDouble() ? qint64(infoStep.toDouble()) : -1;
    e.dataset = QString::fromStdString(record.dataset);
    e.settings = toQJson(record.settings);
    e.summary = toQJson(record.summary);
    e.toolVersion = QString::fromStdString(record.toolVersion);
    e.durationSeconds = record.durationSeconds;
    e.createdAt = record.createdAt;
    return e;
}

ScrubbableRun scrubbableRun(store::Store& store, const store::RunRecord& run)
{
    ScrubbableRun scrub;
    scrub.runId = run.id;
    scrub.name = QString::fromStdString(run.name);
    std::set<int64_t> steps;
    std::vector<store::Artifact> artifacts = store.artifacts(run.id, store::kArtifactCheckpoint);
    for (const store::Artifact& a : store.artifacts(run.id, store::kArtifactFinal))
        artifacts.push_back(a);
    for (const store::Artifact& a : artifacts) {
        const QString path = QString::fromStdString(store.absolutePath(a.path));
        if (!a.step || !QFileInfo::exists(path) || !steps.insert(*a.step).second)
            continue;
        scrub.checkpoints.append({*a.step, path});
    }
    std::sort(scrub.checkpoints.begin(), scrub.checkpoints.end(),
              [](const RunCheckpoint& a, const RunCheckpoint& b) { return a.step < b.step; });
    return scrub;
}

} // namespace

EvaluationListing loadEvaluationListing(const QString& projectDir)
{
    EvaluationListing listing;
    if (projectDir.isEmpty())
        return listing;
    try {
        const store::Project project = store::Project::open(projectDir.toStdString());
        store::Store store = project.openStore();
        for (const store::EvaluationRecord& record : store.listEvaluations())
            listing.evaluations.append(fromRecord(record));
        for (const store::DatasetRecord& dataset : store.datasets())
            listing.datasets.append(QString::fromStdString(dataset.name));
        for (const store::RunRecord& run : store.listRuns()) {
            ScrubbableRun scrub = scrubbableRun(store, run);
            if (!scrub.checkpoints.isEmpty())
                listing.runs.append(scrub);
        }
    } catch (const std::exception& e) {
        listing.error = QString::fromUtf8(e.what());
    }
    return listing;
}

EvaluationExamples loadEvaluationExamples(const QString& projectDir, qint64 evaluationId)
{
    EvaluationExamples examples;
    examples.id = evaluationId;
    try {
        const store::Project project = store::Project::open(projectDir.toStdString());
        store::Store store = project.openStore();
        for (const store::Json& row : store.evaluationExamples(evaluationId))
            examples.rows.append(toQJson(row));
    } catch (const std::exception& e) {
        examples.error = QString::fromUtf8(e.what());
    }
    return examples;
}

QString deleteStoredEvaluation(const QString& projectDir, qint64 evaluationId)
{
    try {
        const store::Project project = store::Project::open(projectDir.toStdString());
        project.openStore().deleteEvaluation(evaluationId);
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace lw::ui::evaluate
