#include "ui/panels/data/data_commands.h"

#include <QCoreApplication>

namespace lw::ui::data {

namespace {

QStringList projectArguments(const QString& projectDir)
{
    return {QStringLiteral("--project"), projectDir};
}

} // namespace

QStringList importInputArguments(const ImportRequest& request)
{
    QStringList args = {QStringLiteral("data"), QStringLiteral("import")};
    for (const QString& input : request.inputs)
        args << QStringLiteral("--input") << input;
    args << QStringLiteral("--format") << request.format << QStringLiteral("--text-unit") << request.textUnit;
    for (auto it = request.columnMap.begin(); it != request.columnMap.end(); ++it)
        if (!it.value().isEmpty())
            args << QStringLiteral("--map") << it.key() + QLatin1Char('=') + it.value();
    return args;
}

JobSpec importJob(const ImportRequest& request)
{
    JobSpec spec;
    spec.kind = JobKind::Other;
    spec.projectDir = request.projectDir;
    spec.title = request.name.isEmpty() ? QCoreApplication::translate("lw::ui::data::DataCommands", "Importing a dataset")
                                        : QCoreApplication::translate("lw::ui::data::DataCommands", "Importing dataset %1").arg(request.name);
    spec.arguments = importInputArguments(request);
    if (!request.name.isEmpty())
        spec.arguments << QStringLiteral("--name") << request.name;
    if (request.skipBadRows)
        spec.arguments << QStringLiteral("--skip-bad-rows");
    spec.arguments << projectArguments(request.projectDir) << QStringLiteral("--events");
    return spec;
}

QStringList importPreviewArguments(const ImportRequest& request, int rows)
{
    // The preview imports nothing: no project, no name.
    return importInputArguments(request) << QStringLiteral("--preview") << QString::number(rows)
                                         << QStringLiteral("--json");
}

JobSpec filterJob(const QString& projectDir, const QString& dataset, const QString& recipePath,
                  const QString& newName, const QString& tokenizer)
{
    JobSpec spec;
    spec.kind = JobKind::Other;
    spec.projectDir = projectDir;
    spec.title = QCoreApplication::translate("lw::ui::data::DataCommands", "Filtering %1 into %2").arg(dataset, newName);
    spec.arguments = {QStringLiteral("data"), QStringLiteral("filter"), QStringLiteral("--dataset"), dataset,
                      QStringLiteral("--recipe"), recipePath, QStringLiteral("--name"), newName};
    if (!tokenizer.isEmpty())
        spec.arguments << QStringLiteral("--tokenizer") << tokenizer;
    spec.arguments << projectArguments(projectDir) << QStringLiteral("--events");
    spec.filesToRemoveAtEnd = {recipePath};
    return spec;
}

QStringList listArguments(const QString& projectDir)
{
    return QStringList{QStringLiteral("data"), QStringLiteral("list")} << projectArguments(projectDir)
                                                                      << QStringLiteral("--json");
}

QStringList showArguments(const QString& projectDir, const QString& dataset)
{
    return QStringList{QStringLiteral("data"), QStringLiteral("show"), dataset} << projectArguments(projectDir)
                                                                               << QStringLiteral("--json");
}

QStringList deleteArguments(const QString& projectDir, const QString& dataset)
{
    return QStringList{QStringLiteral("data"), QStringLiteral("delete"), dataset} << projectArguments(projectDir);
}

QStringList statsArguments(const QString& projectDir, const QString& dataset, const QString& tokenizer)
{
    QStringList args = {QStringLiteral("data"), QStringLiteral("stats"), QStringLiteral("--dataset"), dataset};
    if (!tokenizer.isEmpty())
        args << QStringLiteral("--tokenizer") << tokenizer;
    return args << projectArguments(projectDir) << QStringLiteral("--json");
}

QStringList splitArguments(const QString& projectDir, const QString& dataset, const SplitRequest& split)
{
    QStringList args = {QStringLiteral("data"),        QStringLiteral("split"),
                        QStringLiteral("--dataset"),   dataset,
                        QStringLiteral("--train"),     QString::number(split.train),
                        QStringLiteral("--validation"), QString::number(split.validation),
                        QStringLiteral("--test"),      QString::number(split.test),
                        QStringLiteral("--seed"),      QString::number(split.seed)};
    if (!split.groupBy.isEmpty())
        args << QStringLiteral("--group-by") << split.groupBy;
    return args << projectArguments(projectDir) << QStringLiteral("--json");
}

QStringList templateArguments(const QString& projectDir, const QString& dataset, const TemplateRequest& request)
{
    QStringList args = {QStringLiteral("data"),       QStringLiteral("template"),
                        QStringLiteral("--dataset"),  dataset,
                        QStringLiteral("--template"), request.templateName,
                        QStringLiteral("--tokenizer"), request.tokenizer,
                        QStringLiteral("--rows"),     QString::number(request.rows),
                        QStringLiteral("--loss"),     request.loss};
    if (request.context > 0)
        args << QStringLiteral("--context") << QString::number(request.context);
    return args << projectArguments(projectDir) << QStringLiteral("--json");
}

JobSpec exportJob(const ExportRequest& request)
{
    JobSpec spec;
    spec.kind = JobKind::Other;
    spec.projectDir = request.projectDir;
    spec.title = QCoreApplication::translate("lw::ui::data::DataCommands", "Exporting %1").arg(request.dataset);
    spec.arguments = {QStringLiteral("data"),   QStringLiteral("export"), QStringLiteral("--dataset"), request.dataset,
                      QStringLiteral("--format"), request.format,       QStringLiteral("--output"),  request.output};
    if (request.format == QLatin1String("jsonl")) {
        if (!request.layout.isEmpty())
            spec.arguments << QStringLiteral("--layout") << request.layout;
    } else {
        if (!request.templateName.isEmpty())
            spec.arguments << QStringLiteral("--template") << request.templateName;
        spec.arguments << QStringLiteral("--tokenizer") << request.tokenizer << QStringLiteral("--loss") << request.loss
                       << QStringLiteral("--context") << QString::number(request.context);
    }
    spec.arguments << projectArguments(request.projectDir) << QStringLiteral("--events");
    return spec;
}

} // namespace lw::ui::data
