#include "ui/panels/models/model_details_text.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

namespace lw::ui::models {

namespace {

QString row(const QString& label, const QString& value)
{
    return QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(label.toHtmlEscaped(), value);
}

QString jsonScalar(const QJsonValue& v)
{
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 10);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isString())
        return v.toString();
    return QString::fromUtf8(QJsonDocument(v.isObject() ? QJsonDocument(v.toObject()) : QJsonDocument(v.toArray()))
                                 .toJson(QJsonDocument::Compact));
}

QString filesTable(const QJsonArray& files)
{
    const QLocale locale;
    QString html = QStringLiteral("<table cellspacing='4'><tr><th "
                                  "align='left'>%1</th><th align='right'>%2</th>"
                                  "<th align='left'>sha256</th></tr>")
                       .arg(QCoreApplication::translate("lw::ui::models::ModelDetails", "File").toHtmlEscaped(),
                            QCoreApplication::translate("lw::ui::models::ModelDetails", "Bytes").toHtmlEscaped());
    for (const QJsonValue& value : files) {
        const QJsonObject f = value.toObject();
        html += QStringLiteral("<tr><td>%1</td><td align='right'>%2</td><td><tt>%3</tt></td></tr>")
                    .arg(f.value(QStringLiteral("name")).toString().toHtmlEscaped(),
                         locale.toString(f.value(QStringLiteral("bytes")).toInteger()),
                         f.value(QStringLiteral("sha256")).toString().toHtmlEscaped());
    }
    return html + QStringLiteral("</table>");
}

QString lineageHtml(const QJsonObject& lineage)
{
    QString html = QStringLiteral("<table cellspacing='4'><tr><th align='left'>%1</th><th "
                                  "align='right'>%2</th>"
                                  "<th align='right'>%3</th></tr>")
                       .arg(QCoreApplication::translate("lw::ui::models::ModelDetails", "Model").toHtmlEscaped(),
                            QCoreApplication::translate("lw::ui::models::ModelDetails", "Weight").toHtmlEscaped(),
                            QCoreApplication::translate("lw::ui::models::ModelDetails", "Density").toHtmlEscaped());
    for (const QJsonValue& value : lineage.value(QStringLiteral("models")).toArray()) {
        const QJsonObject m = value.toObject();
        html += QStringLiteral("<tr><td>%1</td><td align='right'>%2</td><td "
                               "align='right'>%3</td></tr>")
                    .arg(m.value(QStringLiteral("model")).toString().toHtmlEscaped(),
                         jsonScalar(m.value(QStringLiteral("weight"))), jsonScalar(m.value(QStringLiteral("density"))));
    }
    html += QStringLiteral("</table><table cellspacing='4'>");
    const QJsonObject merge = lineage.value(QStringLiteral("merge")).toObject();
    for (auto it = merge.begin(); it != merge.end(); ++it)
        html += row(it.key(), jsonScalar(it.value()).toHtmlEscaped());
    return html + QStringLiteral("</table>");
}

QString configHtml(const QJsonObject& config)
{
    QString html = QStringLiteral("<table cellspacing='4'>");
    for (auto it = config.begin(); it != config.end(); ++it)
        html += row(it.key(), jsonScalar(it.value()).toHtmlEscaped());
    return html + QStringLiteral("</table>");
}

} // namespace

QString parameterText(qint64 parameters)
{
    if (parameters <= 0)
        return {};
    return QLocale().formattedDataSize(parameters, 1, QLocale::DataSizeSIFormat).remove(QLatin1Char('B')).trimmed();
}

QString modelDetailsHtml(const ModelEntry& e)
{
    const QLocale locale;
    QString html = QStringLiteral("<h3>%1</h3><table cellspacing='4'>").arg(e.name.toHtmlEscaped());
    html += row(QCoreApplication::translate("lw::ui::models::ModelDetails", "Kind"), kindText(e.kind).toHtmlEscaped());
    html += row(QCoreApplication::translate("lw::ui::models::ModelDetails", "Use as"),
                QStringLiteral("<tt>--model %1</tt>").arg(e.spec.toHtmlEscaped()));
    html += row(QCoreApplication::translate("lw::ui::models::ModelDetails", "Location"), e.path.toHtmlEscaped());
    const QString sourcePath = e.source.value(QStringLiteral("path")).toString();
    if (!sourcePath.isEmpty())
        html += row(QCoreApplication::translate("lw::ui::models::ModelDetails", "Imported from"),
                    sourcePath.toHtmlEscaped());
    if (!e.sha256.isEmpty())
        html += row(QStringLiteral("sha256"), QStringLiteral("<tt>%1</tt>").arg(e.sha256.toHtmlEscaped()));
    if (e.parameters > 0)
        html += row(QCoreApplication::translate("lw::ui::models::ModelDetails", "Parameters"),
                    locale.toString(e.parameters));
    html += QStringLiteral("</table>");
    const QJsonArray files = e.source.value(QStringLiteral("files")).toArray();
    if (!files.isEmpty())
        html += QStringLiteral("<h4>%1</h4>")
                    .arg(QCoreApplication::translate("lw::ui::models::ModelDetails", "Files").toHtmlEscaped()) +
                filesTable(files);
    if (!e.lineage.isEmpty())
        html += QStringLiteral("<h4>%1</h4>")
                    .arg(QCoreApplication::translate("lw::ui::models::ModelDetails", "Merged from").toHtmlEscaped()) +
                lineageHtml(e.lineage);
    if (!e.config.isEmpty())
        html += QStringLiteral("<h4>%1</h4>")
                    .arg(QCoreApplication::translate("lw::ui::models::ModelDetails", "Configuration").toHtmlEscaped()) +
                configHtml(e.config);
    return html;
}

} // namespace lw::ui::models
