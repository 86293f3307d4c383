#include "ui/panels/chat/model_catalog.h"

#include "core/store/project.h"
#include "core/store/records.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLocale>

#include <algorithm>
#include <exception>
#include <optional>

namespace lw::ui {

namespace {

// best, final, then periodic checkpoints from the newest.
int kindRank(const std::string& kind)
{
    if (kind == store::kArtifactBest)
        return 0;
    if (kind == store::kArtifactFinal)
        return 1;
    return 2;
}

QString kindText(const std::string& kind)
{
    if (kind == store::kArtifactBest)
        return QCoreApplication::translate("lw::ui::ModelCatalog", "best");
    if (kind == store::kArtifactFinal)
        return QCoreApplication::translate("lw::ui::ModelCatalog", "final");
    return QCoreApplication::translate("lw::ui::ModelCatalog", "checkpoint");
}

// How a model of the project's models table came to be.
QString storedModelKindText(const std::string& kind)
{
    if (kind == "import")
        return QCoreApplication::translate("lw::ui::ModelCatalog", "imported");
    if (kind == "merge")
        return QCoreApplication::translate("lw::ui::ModelCatalog", "merged");
    if (kind == "quantize")
        return QCoreApplication::translate("lw::ui::ModelCatalog", "quantized");
    if (kind == "prune")
        return QCoreApplication::translate("lw::ui::ModelCatalog", "pruned");
    return QString::fromStdString(kind);
}

// A fine-tune run's adapter folder, when it has written one.
std::optional<AdapterChoice> adapterOf(store::Store& store, const store::RunRecord& run)
{
    if (run.kind != store::kRunKindFinetune)
        return std::nullopt;
    const QString dir = QString::fromStdString(store.absolutePath(run.runDir)) + QStringLiteral("/adapter");
    if (!QFileInfo::exists(dir + QStringLiteral("/adapter_config.json")))
        return std::nullopt;
    AdapterChoice choice;
    choice.dir = dir;
    choice.runId = run.id;
    choice.label = QCoreApplication::translate("lw::ui::ModelCatalog", "#%1 %2")
                       .arg(run.id)
                       .arg(QString::fromStdString(run.name));
    const nlohmann::json base = run.config.value("lineage", nlohmann::json::object()).value("base", nlohmann::json::object());
    if (base.contains("run_id") && base["run_id"].is_number_integer()) {
        choice.baseRunId = base["run_id"].get<int64_t>();
    } else {
        // The base named as a run ("3" or "3:best").
        const QString spec = QString::fromStdString(
            run.config.value("finetune", nlohmann::json::object()).value("base", std::string()));
        choice.baseRunId = spec.section(QLatin1Char(':'), 0, 0).toLongLong();
    }
    return choice;
}

// An adapter fine-tune's checkpoints hold the adapters' training state, not a model.
bool isAdapterRun(const store::RunRecord& run)
{
    return run.kind == store::kRunKindFinetune &&
           run.config.value("finetune", nlohmann::json::object()).value("method", std::string("lora")) != "full";
}

} // namespace

QList<AdapterChoice> ModelCatalog::adaptersFor(qint64 baseRunId) const
{
    QList<AdapterChoice> out;
    for (const AdapterChoice& a : adapters)
        if (baseRunId > 0 && a.baseRunId == baseRunId)
            out.append(a);
    return out;
}

ModelChoice ModelCatalog::demoChoice()
{
    ModelChoice demo;
    demo.key = QStringLiteral("demo");
    demo.label = QCoreApplication::translate("lw::ui::ModelCatalog", "Demo model (trained on the demo stories)");
    demo.demo = true;
    return demo;
}

int ModelCatalog::indexOf(const QString& key) const
{
    for (int i = 0; i < models.size(); ++i)
        if (models[i].key == key)
            return i;
    return -1;
}

ModelCatalog ModelCatalog::load(const QString& projectDir)
{
    ModelCatalog catalog;
    catalog.projectDir = projectDir;
    catalog.models.append(demoChoice());
    if (projectDir.isEmpty())
        return catalog;
    try {
        const store::Project project = store::Project::open(projectDir.toStdString());
        store::Store store = project.openStoreForListing();
        const std::vector<store::RunRecord> runs = store.listRuns(); // newest first
        const store::RunRecord* best = nullptr; // completed, with the lowest best validation loss
        for (const store::RunRecord& run : runs) {
            if (auto adapter = adapterOf(store, run))
                catalog.adapters.append(*adapter);
            if (isAdapterRun(run))
                continue;
            std::vector<store::Artifact> checkpoints;
            for (const store::Artifact& a : store.artifacts(run.id))
                if (a.kind == store::kArtifactBest || a.kind == store::kArtifactFinal ||
                    a.kind == store::kArtifactCheckpoint)
                    checkpoints.push_back(a);
            std::stable_sort(checkpoints.begin(), checkpoints.end(), [](const auto& a, const auto& b) {
                if (kindRank(a.kind) != kindRank(b.kind))
                    return kindRank(a.kind) < kindRank(b.kind);
                return a.step.value_or(0) > b.step.value_or(0);
            });
            QString firstKey;
            for (const store::Artifact& a : checkpoints) {
                const QString path = QString::fromStdString(store.absolutePath(a.path));
                if (!QFileInfo::exists(path) || catalog.indexOf(path) >= 0)
                    continue;
                ModelChoice choice;
                choice.key = path;
                choice.checkpointPath = path;
                choice.runId = run.id;
                choice.runName = QString::fromStdString(run.name);
                choice.step = a.step.value_or(0);
                choice.label = QCoreApplication::translate("lw::ui::ModelCatalog", "#%1 %2 · %3, step %4")
                                   .arg(run.id)
                                   .arg(choice.runName, kindText(a.kind), QLocale().toString(choice.step));
                catalog.models.append(choice);
                if (firstKey.isEmpty())
                    firstKey = path;
            }
            if (run.status != store::RunStatus::Completed || firstKey.isEmpty())
                continue;
            // Lower is better; a run without a validation loss only wins when none has one.
            const bool better = !best || (run.bestValLoss && (!best->bestValLoss || *run.bestValLoss < *best->bestValLoss));
            if (better) {
                best = &run;
                catalog.defaultKey = firstKey;
            }
        }
        // Imported, merged, quantized and pruned models, after the runs: the generation
        // worker loads a Hugging Face folder or a GGUF file as it loads a checkpoint.
        for (const store::ModelRecord& m : store.models()) {
            const QString path = QString::fromStdString(store.absolutePath(m.path));
            if (!QFileInfo::exists(path) || catalog.indexOf(path) >= 0)
                continue;
            ModelChoice choice;
            choice.key = path;
            choice.checkpointPath = path;
            choice.label = QCoreApplication::translate("lw::ui::ModelCatalog", "%1 · %2, %3")
                               .arg(QString::fromStdString(m.name), storedModelKindText(m.kind),
                                    QString::fromStdString(m.dtype));
            catalog.models.append(choice);
        }
    } catch (const std::exception& e) {
        catalog.error = QString::fromUtf8(e.what());
    }
    return catalog;
}

} // namespace lw::ui
