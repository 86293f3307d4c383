#include "ui/panels/chat/model_catalog.h"

#include "core/store/project.h"
#include "core/store/records.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <algorithm>
#include <exception>

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

} // namespace

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
        for (const store::RunRecord& run : store.listRuns()) { // newest first
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
            for (const store::Artifact& a : checkpoints) {
                const QString path = QString::fromStdString(store.absolutePath(a.path));
                if (!QFileInfo::exists(path) || catalog.indexOf(path) >= 0)
                    continue;
                ModelChoice choice;
                choice.key = path;
                choice.checkpointPath = path;
                choice.runId = run.id;
                choice.step = a.step.value_or(0);
                choice.label = QCoreApplication::translate("lw::ui::ModelCatalog", "#%1 %2 · %3, step %4")
                                   .arg(run.id)
                                   .arg(QString::fromStdString(run.name), kindText(a.kind))
                                   .arg(a.step.value_or(0));
                catalog.models.append(choice);
            }
        }
    } catch (const std::exception& e) {
        catalog.error = QString::fromUtf8(e.what());
    }
    return catalog;
}

} // namespace lw::ui
