#include "ui/panels/models/model_entry.h"

#include "core/model/model_config.h"
#include "core/store/project.h"
#include "core/store/records.h"
#include "core/train/train_config.h"
#include "core/util/json_io.h"
#include "ui/shell/json_bridge.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <exception>
#include <filesystem>

namespace lw::ui::models {

namespace {

// A fine-tune run keeps its adapter beside its checkpoints, in PEFT's layout.
AdapterKind runAdapterKind(store::Store& store, const store::RunRecord& run, bool best)
{
    if (run.kind != store::kRunKindFinetune)
        return AdapterKind::None;
    const std::filesystem::path config = std::filesystem::path(store.absolutePath(run.runDir)) /
                                         (best ? "adapter-best" : "adapter") / "adapter_config.json";
    std::error_code ec;
    if (!std::filesystem::is_regular_file(config, ec))
        return AdapterKind::None; // a full fine-tune, or a classifier
    try {
        return util::readJsonFile(config.string()).value("use_dora", false) ? AdapterKind::Dora : AdapterKind::Lora;
    } catch (const std::exception&) {
        return AdapterKind::Lora; // offered: the export then says what is wrong with the file
    }
}

// A checkpoint row of `run`: its family, size and dtype come from the run's
// configuration (what the trainer built), the rest from the artifact.
ModelEntry checkpointEntry(store::Store& store, const store::RunRecord& run, const store::Artifact& a, bool best)
{
    ModelEntry e;
    e.kind = ModelKind::Checkpoint;
    e.runId = run.id;
    e.spec = best ? QStringLiteral("%1:best").arg(run.id) : QString::number(run.id);
    e.name = best ? QCoreApplication::translate("lw::ui::models::ModelEntry", "%1 (best)")
                        .arg(QString::fromStdString(run.name))
                  : QCoreApplication::translate("lw::ui::models::ModelEntry", "%1 (newest)")
                        .arg(QString::fromStdString(run.name));
    e.baseName = QString::fromStdString(run.name) + (best ? QStringLiteral("-best") : QString());
    e.path = QString::fromStdString(store.absolutePath(a.path));
    e.bytes = a.sizeBytes;
    e.sha256 = QString::fromStdString(a.sha256);
    e.createdAt = a.createdAt;
    e.adapter = runAdapterKind(store, run, best);
    try {
        const train::TrainConfig config = train::TrainConfig::fromJson(run.config);
        e.family = QString::fromStdString(model::familyName(config.model.family));
        e.parameters = config.model.parameterCount();
        e.dtype = QStringLiteral("float32"); // checkpoints keep fp32 master weights
        e.config = toQJson(run.config.value("model", nlohmann::json::object()));
    } catch (const std::exception&) {
        // A run of another kind (fine-tuning) describes its model elsewhere: left
        // blank.
    }
    return e;
}

ModelEntry tableEntry(store::Store& store, const store::ModelRecord& m)
{
    ModelEntry e;
    e.kind = m.kind == "merge"      ? ModelKind::Merge
             : m.kind == "quantize" ? ModelKind::Quantized
             : m.kind == "prune"    ? ModelKind::Pruned
                                    : ModelKind::Import;
    e.spec = e.name = e.baseName = QString::fromStdString(m.name);
    e.family = QString::fromStdString(m.family);
    e.architecture = QString::fromStdString(m.architecture);
    e.parameters = m.parameters;
    e.dtype = QString::fromStdString(m.dtype);
    e.bytes = m.bytes;
    e.createdAt = m.createdAt;
    e.path = QString::fromStdString(store.absolutePath(m.path));
    e.source = toQJson(m.source);
    e.lineage = toQJson(m.lineage);
    e.config = toQJson(m.meta.value("config", nlohmann::json::object()));
    return e;
}

} // namespace

QString kindText(ModelKind kind)
{
    switch (kind) {
    case ModelKind::Checkpoint:
        return QCoreApplication::translate("lw::ui::models::ModelEntry", "checkpoint");
    case ModelKind::Import:
        return QCoreApplication::translate("lw::ui::models::ModelEntry", "import");
    case ModelKind::Merge:
        return QCoreApplication::translate("lw::ui::models::ModelEntry", "merge");
    case ModelKind::Quantized:
        return QCoreApplication::translate("lw::ui::models::ModelEntry", "quantized");
    case ModelKind::Pruned:
        return QCoreApplication::translate("lw::ui::models::ModelEntry", "pruned");
    }
    return {};
}

ModelListing loadModelListing(const QString& projectDir)
{
    ModelListing listing;
    if (projectDir.isEmpty())
        return listing;
    try {
        const store::Project project = store::Project::open(projectDir.toStdString());
        store::Store store = project.openStoreForListing();
        for (const store::RunRecord& run : store.listRuns()) { // newest first
            const std::optional<store::Artifact> newest = store.latestCheckpoint(run.id);
            if (newest && QFileInfo::exists(QString::fromStdString(store.absolutePath(newest->path))))
                listing.entries.append(checkpointEntry(store, run, *newest, false));
            const std::vector<store::Artifact> best = store.artifacts(run.id, store::kArtifactBest);
            if (!best.empty() && QFileInfo::exists(QString::fromStdString(store.absolutePath(best.back().path))) &&
                (!newest || best.back().path != newest->path))
                listing.entries.append(checkpointEntry(store, run, best.back(), true));
        }
        for (const store::ModelRecord& m : store.models())
            listing.entries.append(tableEntry(store, m));
    } catch (const std::exception& e) {
        listing.error = QString::fromUtf8(e.what());
    }
    return listing;
}

} // namespace lw::ui::models
