#include "ui/panels/evaluate/eval_command_line.h"

#include <QCoreApplication>

namespace lw::ui::evaluate {

namespace {

void addIfSet(QStringList& arguments, const char* flag, const QString& value)
{
    if (!value.isEmpty())
        arguments << QString::fromLatin1(flag) << value;
}

void addIfAtLeast(QStringList& arguments, const char* flag, int value, int least)
{
    if (value >= least)
        arguments << QString::fromLatin1(flag) << QString::number(value);
}

} // namespace

QStringList evalTasks()
{
    return {kTaskPerplexity, kTaskMultipleChoice, kTaskGenerate, kTaskJudge};
}

QStringList evalArguments(const EvalRequest& request, const QString& model)
{
    QStringList arguments{QStringLiteral("eval"), request.task, QStringLiteral("--model"), model};
    if (request.task == kTaskPerplexity) {
        if (!request.dataset.isEmpty())
            arguments << QStringLiteral("--dataset") << request.dataset;
        else
            arguments << QStringLiteral("--text-file") << request.textFile;
        addIfAtLeast(arguments, "--context", request.context, 1);
        addIfAtLeast(arguments, "--stride", request.stride, 1);
    } else if (request.task == kTaskMultipleChoice) {
        arguments << QStringLiteral("--data") << request.data;
        if (request.layout != QLatin1String("auto"))
            addIfSet(arguments, "--layout", request.layout);
        addIfAtLeast(arguments, "--shots", request.shots, 0);
        addIfAtLeast(arguments, "--seed", request.seed, 0);
        addIfAtLeast(arguments, "--limit", request.limit, 1);
    } else if (request.task == kTaskGenerate) {
        arguments << QStringLiteral("--data") << request.data;
        addIfSet(arguments, "--template", request.promptTemplate);
        addIfAtLeast(arguments, "--max-new-tokens", request.maxNewTokens, 1);
        addIfAtLeast(arguments, "--limit", request.limit, 1);
    } else if (request.task == kTaskJudge) {
        arguments << QStringLiteral("--data") << request.data << QStringLiteral("--judge") << request.judgeUrl;
        addIfSet(arguments, "--judge-model", request.judgeModel);
        addIfSet(arguments, "--rubric", request.rubric);
    }
    arguments << QStringLiteral("--project") << request.projectDir << QStringLiteral("--events");
    return arguments;
}

JobSpec evalJob(const EvalRequest& request, const QString& model)
{
    JobSpec spec;
    spec.title =
        QCoreApplication::translate("lw::ui::evaluate::EvalCommandLine", "Evaluate %1 (%2)").arg(model, request.task);
    spec.projectDir = request.projectDir;
    spec.arguments = evalArguments(request, model);
    return spec;
}

QString missingInput(const EvalRequest& request)
{
    if (request.projectDir.isEmpty())
        return QCoreApplication::translate("lw::ui::evaluate::EvalCommandLine", "Open a project first.");
    if (request.models.isEmpty())
        return QCoreApplication::translate("lw::ui::evaluate::EvalCommandLine", "Tick at least one model.");
    if (request.task == kTaskPerplexity) {
        if (request.dataset.isEmpty() && request.textFile.isEmpty())
            return QCoreApplication::translate("lw::ui::evaluate::EvalCommandLine", "Choose a dataset or a text file.");
    } else if (request.data.isEmpty()) {
        return QCoreApplication::translate("lw::ui::evaluate::EvalCommandLine", "Choose the examples file.");
    }
    if (request.task == kTaskJudge && request.judgeUrl.isEmpty())
        return QCoreApplication::translate("lw::ui::evaluate::EvalCommandLine", "Give the judge's URL.");
    return {};
}

} // namespace lw::ui::evaluate
