#include "ui/panels/train/project_catalog.h"

#include "core/data/dataset.h"
#include "core/store/project.h"
#include "core/store/run_lock.h"

#include <exception>

namespace lw::ui {

namespace {

qint64 datasetVocab(const std::string& dir)
{
    try {
        return data::loadDataset(dir).vocabSize;
    } catch (const std::exception&) {
        return 0; // a dataset folder that went missing is still listed; training it reports why
    }
}

} // namespace

ProjectCatalog ProjectCatalog::load(const QString& projectDir)
{
    ProjectCatalog catalog;
    catalog.projectDir = projectDir;
    try {
        auto project = store::Project::open(projectDir.toStdString());
        store::Store store = project.openStoreForListing();
        for (const auto& record : store.datasets()) {
            DatasetEntry entry;
            const std::string dir = store.absolutePath(record.path);
            entry.name = QString::fromStdString(record.name);
            entry.dir = QString::fromStdString(dir);
            entry.vocabSize = datasetVocab(dir);
            entry.trainTokens = record.trainTokens;
            entry.valTokens = record.valTokens;
            catalog.datasets.append(entry);
        }
        for (const auto& record : store.tokenizers()) {
            TokenizerEntry entry;
            entry.name = QString::fromStdString(record.name);
            entry.kind = QString::fromStdString(record.kind);
            entry.vocabSize = record.vocabSize;
            entry.path = QString::fromStdString(store.absolutePath(record.path));
            catalog.tokenizers.append(entry);
        }
        store::RunQuery live;
        live.statuses = {store::RunStatus::Running, store::RunStatus::Paused};
        for (const auto& run : store.listRuns(live)) {
            const std::string runDir = store.absolutePath(run.runDir);
            if (!store::RunLock::isHeld(runDir))
                continue;
            LiveRunEntry entry;
            entry.id = run.id;
            entry.name = QString::fromStdString(run.name);
            entry.runDir = QString::fromStdString(runDir);
            const std::string_view status = store::runStatusToString(run.status);
            entry.status = QString::fromUtf8(status.data(), qsizetype(status.size()));
            catalog.liveRuns.append(entry);
        }
    } catch (const std::exception& e) {
        catalog.error = QString::fromUtf8(e.what());
    }
    QString setupError;
    catalog.savedSetup = loadSavedTrainSetup(projectDir, &setupError);
    if (catalog.error.isEmpty())
        catalog.error = setupError;
    return catalog;
}

} // namespace lw::ui
