#include "ui/panels/quantize/quantize_command_line.h"

#include "ui/panels/quantize/quantize_methods.h"
#include "ui/panels/train/train_command_line.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <cmath>

namespace lw::ui::quantize {

namespace {

QString commandText(const char* text)
{
    return QCoreApplication::translate("lw::ui::quantize::QuantizeCommandLine", text);
}

bool isPruning(const QString& method)
{
    const QuantMethod* m = findQuantMethod(method);
    return m && m->family == MethodFamily::Pruning;
}

bool needsCalibration(const QuantizeRequest& request)
{
    const QuantMethod* m = findQuantMethod(request.method);
    return m && (m->needsCalibration || (request.importanceMatrix && request.importanceFile.isEmpty() &&
                                         takesImportanceMatrix(request.method)));
}

// The command's own default damping, left out of the command line.
constexpr double kDefaultDamp = 0.01;

} // namespace

QStringList quantizeArguments(const QuantizeRequest& request)
{
    QStringList arguments{isPruning(request.method) ? QStringLiteral("prune") : QStringLiteral("quantize"),
                          QStringLiteral("--model"),  request.model,
                          QStringLiteral("--method"), request.method,
                          QStringLiteral("--output"), request.output};
    if (request.method == QLatin1String("magnitude") || request.method == QLatin1String("wanda"))
        arguments << QStringLiteral("--sparsity") << QString::number(request.sparsity, 'g', 4);
    else if (request.method == QLatin1String("heads"))
        arguments << QStringLiteral("--remove-heads") << QString::number(request.removeHeads);
    else if (request.method == QLatin1String("channels"))
        arguments << QStringLiteral("--remove-channels") << QString::number(request.removeChannels);
    if (needsCalibration(request)) {
        arguments << QStringLiteral("--dataset") << request.calibrationDataset;
        if (request.calibrationSamples > 0)
            arguments << QStringLiteral("--calibration-samples") << QString::number(request.calibrationSamples);
    }
    if (!request.importanceFile.isEmpty() && takesImportanceMatrix(request.method))
        arguments << QStringLiteral("--imatrix") << request.importanceFile;
    if (request.method.startsWith(QLatin1String("gptq-"))) {
        if (std::abs(request.damp - kDefaultDamp) > 1e-9)
            arguments << QStringLiteral("--damp") << QString::number(request.damp, 'g', 4);
        if (!request.actOrder)
            arguments << QStringLiteral("--no-act-order");
    }
    arguments << QStringLiteral("--project") << request.projectDir << QStringLiteral("--events");
    return arguments;
}

QString quantizeCommandPreview(const QuantizeRequest& request)
{
    QStringList arguments = quantizeArguments(request); // ends with --project DIR --events
    arguments.removeLast();
    if (request.projectDir.isEmpty())
        arguments.resize(arguments.size() - 2);
    return shellCommandLine(QStringList{QStringLiteral("llmwb")} + arguments);
}

QStringList reportArguments(const QuantizeRequest& request)
{
    QStringList arguments{QStringLiteral("quant-report"), QStringLiteral("--model"), request.output,
                          QStringLiteral("--reference"), request.model};
    if (!request.reportDataset.isEmpty())
        arguments << QStringLiteral("--dataset") << request.reportDataset;
    else
        arguments << QStringLiteral("--text-file") << request.reportTextFile;
    if (request.reportContext > 0)
        arguments << QStringLiteral("--context") << QString::number(request.reportContext);
    arguments << QStringLiteral("--project") << request.projectDir << QStringLiteral("--events");
    return arguments;
}

QList<JobSpec> quantizeJobs(const QuantizeRequest& request)
{
    JobSpec make;
    make.title = (isPruning(request.method) ? commandText("Prune %1 (%2)") : commandText("Quantize %1 (%2)"))
                     .arg(request.model, request.method);
    make.projectDir = request.projectDir;
    make.arguments = quantizeArguments(request);
    QList<JobSpec> jobs{make};
    if (!request.reportDataset.isEmpty() || !request.reportTextFile.isEmpty()) {
        JobSpec report;
        report.title = commandText("Measure %1 against %2").arg(request.output, request.model);
        report.projectDir = request.projectDir;
        report.arguments = reportArguments(request);
        jobs.append(report);
    }
    return jobs;
}

QString missingInput(const QuantizeRequest& request)
{
    if (request.projectDir.isEmpty())
        return commandText("Open a project first.");
    if (request.model.isEmpty())
        return commandText("Choose the model to quantize.");
    if (!findQuantMethod(request.method))
        return commandText("Choose a method.");
    if (request.output.trimmed().isEmpty())
        return commandText("Name the new model.");
    if (needsCalibration(request) && request.calibrationDataset.isEmpty())
        return commandText("This method needs a calibration dataset.");
    return {};
}

QString defaultOutputName(const QString& modelName, const QString& method)
{
    QString name = modelName + QLatin1Char('-') + method;
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("-"));
    return name;
}

} // namespace lw::ui::quantize
