#include "ui/panels/models/model_commands.h"

#include <QCoreApplication>

namespace lw::ui::models {

namespace {

QString number(double value)
{
    return QString::number(value, 'g', 10); // the C locale, as the CLI reads it
}

} // namespace

JobSpec importJob(const QString& projectDir, const QString& from, const QString& name)
{
    JobSpec spec;
    spec.title = QCoreApplication::translate("lw::ui::models::ModelCommands", "Import model %1").arg(name);
    spec.projectDir = projectDir;
    spec.arguments = {QStringLiteral("import"),
                      QStringLiteral("--from"),
                      from,
                      QStringLiteral("--name"),
                      name,
                      QStringLiteral("--project"),
                      projectDir,
                      QStringLiteral("--events")};
    return spec;
}

QStringList exportDtypes(const QString& format)
{
    if (format == kAdapterGgufFormat)
        return {QStringLiteral("f32"), QStringLiteral("f16")};
    QStringList dtypes{QStringLiteral("f32"), QStringLiteral("f16"), QStringLiteral("bf16")};
    if (format == QLatin1String("gguf"))
        dtypes << QStringLiteral("q8_0") << QStringLiteral("q4_0") << QStringLiteral("q4_1") << QStringLiteral("q5_0")
               << QStringLiteral("q5_1");
    return dtypes;
}

JobSpec exportJob(const ExportRequest& r)
{
    JobSpec spec;
    spec.title = QCoreApplication::translate("lw::ui::models::ModelCommands", "Export %1").arg(r.model);
    spec.projectDir = r.projectDir;
    if (r.format == kAdapterGgufFormat)
        spec.arguments = {QStringLiteral("adapter"), QStringLiteral("export"), QStringLiteral("--adapter"), r.model,
                          QStringLiteral("--format"), QStringLiteral("gguf")};
    else
        spec.arguments = {QStringLiteral("export"), QStringLiteral("--model"), r.model, QStringLiteral("--format"),
                          r.format};
    spec.arguments << QStringLiteral("--dtype") << r.dtype << QStringLiteral("--output") << r.output
                   << QStringLiteral("--project") << r.projectDir << QStringLiteral("--events");
    return spec;
}

QStringList mergeMethods()
{
    return {QStringLiteral("linear"), QStringLiteral("slerp"),       QStringLiteral("task_arithmetic"),
            QStringLiteral("ties"),   QStringLiteral("dare_linear"), QStringLiteral("dare_ties")};
}

bool methodUsesBase(const QString& method)
{
    return method != QLatin1String("linear");
}

bool methodUsesDensity(const QString& method)
{
    return method == QLatin1String("ties") || method.startsWith(QLatin1String("dare"));
}

bool methodUsesT(const QString& method)
{
    return method == QLatin1String("slerp");
}

bool methodUsesLambda(const QString& method)
{
    return method != QLatin1String("linear") && method != QLatin1String("slerp");
}

bool methodUsesSeed(const QString& method)
{
    return method.startsWith(QLatin1String("dare"));
}

JobSpec mergeJob(const MergeRequest& r)
{
    JobSpec spec;
    spec.title = QCoreApplication::translate("lw::ui::models::ModelCommands", "Merge into %1").arg(r.name);
    spec.projectDir = r.projectDir;
    QStringList& a = spec.arguments;
    a << QStringLiteral("merge") << QStringLiteral("--models");
    QStringList weights, densities;
    for (const MergeInput& m : r.models) {
        a << m.model;
        weights << number(m.weight);
        densities << number(m.density);
    }
    a << QStringLiteral("--method") << r.method << QStringLiteral("--weights") << weights;
    if (methodUsesDensity(r.method))
        a << QStringLiteral("--densities") << densities;
    if (methodUsesBase(r.method) && !r.base.isEmpty())
        a << QStringLiteral("--base") << r.base;
    if (methodUsesT(r.method))
        a << QStringLiteral("--t") << number(r.t);
    if (methodUsesLambda(r.method))
        a << QStringLiteral("--lambda") << number(r.lambda);
    if (methodUsesSeed(r.method))
        a << QStringLiteral("--seed") << QString::number(r.seed);
    a << QStringLiteral("--name") << r.name << QStringLiteral("--project") << r.projectDir
      << QStringLiteral("--events");
    return spec;
}

} // namespace lw::ui::models
