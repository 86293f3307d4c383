#include "ui/panels/finetune/finetune_catalog.h"

#include "core/hf/hf_architecture.h"
#include "core/model/model_config.h"
#include "core/peft/adapter_sites.h"
#include "core/records/dataset_catalog.h"
#include "core/store/project.h"
#include "core/train/train_config.h"
#include "ui/panels/finetune/saved_finetune_setup.h"
#include "ui/widgets/number_text.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <map>

namespace lw::ui::finetune {

namespace {

// The run of every checkpoint entry, for its kind and its fine-tune method.
struct RunFacts {
    std::string kind;
    std::string method; // fine-tunes only
    std::string name;
    nlohmann::json model; // the model shape of its configuration
};

QStringList targetChoicesOf(model::Family family)
{
    for (const hf::HfArchitecture& a : hf::hfArchitectures())
        if (a.family == family) {
            QStringList names;
            for (const std::string& name : peft::targetChoices(a))
                names.append(QString::fromStdString(name));
            return names;
        }
    return {};
}

} // namespace

QString baseLabel(const QString& name, const QString& family, qint64 parameters)
{
    QStringList parts = {name};
    if (!family.isEmpty())
        parts.append(family);
    if (parameters > 0)
        parts.append(formatCount(double(parameters)));
    return parts.join(QStringLiteral(" · "));
}

FinetuneCatalog FinetuneCatalog::load(const QString& projectDir)
{
    FinetuneCatalog catalog;
    catalog.projectDir = projectDir;
    const models::ModelListing listing = models::loadModelListing(projectDir);
    catalog.error = listing.error;
    catalog.savedSetup = loadSavedFinetuneSetup(projectDir, &catalog.setupError);
    try {
        const store::Project project = store::Project::open(projectDir.toStdString());
        store::Store store = project.openStoreForListing();
        std::map<int64_t, RunFacts> runs;
        for (const store::RunRecord& run : store.listRuns()) {
            RunFacts facts{run.kind, run.config.value("finetune", nlohmann::json::object()).value("method", ""),
                           run.name, run.config.value("model", nlohmann::json::object())};
            runs[run.id] = facts;
            if (run.kind == store::kRunKindFinetune) {
                const nlohmann::json settings = run.config.value("finetune", nlohmann::json::object());
                const std::string_view status = store::runStatusToString(run.status);
                catalog.finetuneRuns.append({run.id, QString::fromStdString(run.name),
                                             QString::fromStdString(settings.value("method", "")),
                                             QString::fromStdString(settings.value("objective", "sft")),
                                             QString::fromUtf8(status.data(), qsizetype(status.size()))});
            }
        }
        for (const models::ModelEntry& entry : listing.entries) {
            BaseModelEntry base;
            base.spec = entry.spec;
            base.runId = entry.runId;
            base.family = entry.family;
            base.parameters = entry.parameters;
            if (entry.kind == models::ModelKind::Checkpoint) {
                const auto it = runs.find(entry.runId);
                if (it == runs.end())
                    continue;
                const RunFacts& facts = it->second;
                // An adapter run's checkpoint holds the adapter, not a model.
                if (facts.kind == store::kRunKindFinetune && facts.method != "full")
                    continue;
                if (base.family.isEmpty() && facts.model.is_object()) {
                    try {
                        const model::ModelConfig config = model::ModelConfig::fromJson(facts.model);
                        base.family = QString::fromStdString(model::familyName(config.family));
                        base.parameters = config.parameterCount();
                    } catch (const std::exception&) {
                    }
                }
                if (catalog.demoBase.isEmpty() && facts.name == "demo" && facts.kind == store::kRunKindPretrain)
                    catalog.demoBase = QString::number(entry.runId);
            }
            base.label = baseLabel(entry.name, base.family, base.parameters);
            catalog.bases.append(base);
        }
        for (const store::DatasetRecord& record : records::listVersions(store)) {
            const std::string dir = store.absolutePath(record.path);
            try {
                const records::DatasetVersion version = records::loadDatasetVersion(dir);
                if (version.kind != "chat" && version.kind != "preference" && version.kind != "choice")
                    continue;
                catalog.datasets.append({QString::fromStdString(version.name), QString::fromStdString(version.kind),
                                         version.rows});
            } catch (const std::exception&) {
                // A version whose manifest cannot be read is not offered.
            }
        }
        for (model::Family family : {model::Family::Gpt2, model::Family::Llama})
            catalog.targetChoices.insert(QString::fromStdString(model::familyName(family)), targetChoicesOf(family));
    } catch (const std::exception& e) {
        if (catalog.error.isEmpty())
            catalog.error = QString::fromUtf8(e.what());
    }
    return catalog;
}

QList<DatasetVersionEntry> FinetuneCatalog::datasetsFor(const QString& objective) const
{
    // Classification learns from choice records (a text, its classes, the right one).
    const QString kind = objective == QLatin1String("sft")        ? QStringLiteral("chat")
                         : objective == QLatin1String("classify") ? QStringLiteral("choice")
                                                                  : QStringLiteral("preference");
    QList<DatasetVersionEntry> out;
    for (const DatasetVersionEntry& d : datasets)
        if (d.kind == kind)
            out.append(d);
    return out;
}

int FinetuneCatalog::indexOfBase(const QString& spec) const
{
    for (int i = 0; i < bases.size(); ++i)
        if (bases[i].spec == spec)
            return i;
    return -1;
}

} // namespace lw::ui::finetune
