#include "ui/panels/finetune/finetune_command_line.h"

#include "core/finetune/finetune_config.h"
#include "ui/shell/json_bridge.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QLocale>

#include <cmath>

namespace lw::ui::finetune {

namespace {

// A flag's value as the worker parses it: numbers in C notation, in the fewest digits
// that read back as the same double, lists comma-separated, booleans as true/false.
QString flagValue(const QJsonValue& value)
{
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isDouble()) {
        const double v = value.toDouble();
        if (v == double(qint64(v)) && std::abs(v) < 1e15)
            return QString::number(qint64(v));
        return QString::number(v, 'g', QLocale::FloatingPointShortest);
    }
    if (value.isArray()) {
        QStringList items;
        for (const QJsonValue& item : value.toArray())
            items.append(item.toString());
        return items.join(QLatin1Char(','));
    }
    return value.toString();
}

bool sameValue(const QJsonValue& a, const QJsonValue& b)
{
    if (a.isDouble() && b.isDouble())
        return a.toDouble() == b.toDouble();
    return a == b;
}

} // namespace

QString flagFor(const QString& key)
{
    QString flag = key;
    flag.replace(QLatin1Char('_'), QLatin1Char('-'));
    return QStringLiteral("--") + flag;
}

QStringList finetuneArguments(const FinetuneRequest& request, bool check)
{
    QStringList arguments = {QStringLiteral("finetune"), QStringLiteral("--project"), request.projectDir};
    if (request.demo)
        arguments << QStringLiteral("--demo");
    const QJsonObject defaults = toQJson(lw::finetune::FinetuneSettings().toJson());
    // The method and the objective are always said: they pick the trainer's defaults.
    const QStringList alwaysGiven = {QStringLiteral("method"), QStringLiteral("objective")};
    for (const auto& [key, help] : lw::finetune::finetuneSettingsHelp()) {
        const QString name = QString::fromStdString(key);
        const QJsonValue value = request.settings.value(name);
        if (value.isUndefined() || value.isNull())
            continue;
        if (!alwaysGiven.contains(name) && sameValue(value, defaults.value(name)))
            continue;
        if (value.isString() && value.toString().isEmpty())
            continue;
        arguments << flagFor(name) << flagValue(value);
    }
    for (auto it = request.training.constBegin(); it != request.training.constEnd(); ++it)
        arguments << flagFor(it.key()) << flagValue(it.value());
    if (!request.name.isEmpty())
        arguments << QStringLiteral("--name") << request.name;
    if (check) {
        arguments << QStringLiteral("--check");
    } else {
        arguments << distributedArguments(request.distributed);
        for (const QString& task : request.evalTasks)
            arguments << QStringLiteral("--eval-task") << task;
    }
    arguments << QStringLiteral("--events");
    return arguments;
}

JobSpec finetuneJob(const FinetuneRequest& request)
{
    JobSpec spec;
    spec.kind = JobKind::Train; // listed, cancellable and asked about on quit like training runs
    spec.projectDir = request.projectDir;
    const QString dataset = request.settings.value(QLatin1String("dataset")).toString();
    if (request.demo)
        spec.title = QCoreApplication::translate("lw::ui::finetune::FinetuneJobs", "Fine-tuning the demo model");
    else if (dataset.isEmpty())
        spec.title = QCoreApplication::translate("lw::ui::finetune::FinetuneJobs", "Fine-tuning");
    else
        spec.title = QCoreApplication::translate("lw::ui::finetune::FinetuneJobs", "Fine-tuning on %1").arg(dataset);
    spec.arguments = finetuneArguments(request, false);
    return spec;
}

JobSpec finetuneCheckJob(const FinetuneRequest& request)
{
    JobSpec spec;
    spec.kind = JobKind::Other;
    spec.projectDir = request.projectDir;
    spec.title = QCoreApplication::translate("lw::ui::finetune::FinetuneJobs", "Checking a fine-tune");
    spec.arguments = finetuneArguments(request, true);
    return spec;
}

JobSpec resumeFinetuneJob(const QString& projectDir, qint64 runId, const QString& runName,
                          const QStringList& processArguments)
{
    JobSpec spec;
    spec.kind = JobKind::Train;
    spec.projectDir = projectDir;
    spec.title = runName.isEmpty()
                     ? QCoreApplication::translate("lw::ui::finetune::FinetuneJobs", "Resuming fine-tune %1").arg(runId)
                     : QCoreApplication::translate("lw::ui::finetune::FinetuneJobs", "Resuming %1").arg(runName);
    spec.arguments = {QStringLiteral("finetune"), QStringLiteral("--project"), projectDir,
                      QStringLiteral("--resume"), QString::number(runId)};
    spec.arguments << processArguments << QStringLiteral("--events");
    return spec;
}

JobSpec adapterMergeJob(const QString& projectDir, const QString& base, const QString& adapter, const QString& name,
                        const QString& dtype)
{
    JobSpec spec;
    spec.kind = JobKind::Other;
    spec.projectDir = projectDir;
    spec.title = QCoreApplication::translate("lw::ui::finetune::FinetuneJobs", "Merging an adapter into %1").arg(name);
    spec.arguments = {QStringLiteral("adapter"), QStringLiteral("merge"), QStringLiteral("--project"), projectDir,
                      QStringLiteral("--model"), base, QStringLiteral("--adapter"), adapter,
                      QStringLiteral("--name"), name};
    if (!dtype.isEmpty())
        spec.arguments << QStringLiteral("--dtype") << dtype;
    spec.arguments << QStringLiteral("--events");
    return spec;
}

} // namespace lw::ui::finetune
