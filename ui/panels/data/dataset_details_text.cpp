#include "ui/panels/data/dataset_details_text.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

namespace lw::ui::data {

namespace {

QString number(qint64 n)
{
    return QLocale().toString(n);
}

QString row(const QString& label, const QString& value)
{
    return QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(label.toHtmlEscaped(), value);
}

QString valueText(const QJsonValue& value)
{
    if (value.isString())
        return value.toString();
    if (value.isArray() || value.isObject()) {
        const QJsonDocument doc = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
        return QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
    }
    return value.toVariant().toString();
}

} // namespace

QString stepSummary(const QJsonObject& step)
{
    QStringList settings;
    for (auto it = step.begin(); it != step.end(); ++it)
        if (it.key() != QLatin1String("step"))
            settings << it.key() + QLatin1Char('=') + valueText(it.value());
    const QString name = step.value(QLatin1String("step")).toString();
    return settings.isEmpty() ? name : name + QStringLiteral(": ") + settings.join(QStringLiteral(", "));
}

QString manifestHtml(const DatasetManifest& m)
{
    QString html = QStringLiteral("<h3>%1</h3><table cellspacing=\"4\">").arg(m.name.toHtmlEscaped());
    html += row(QCoreApplication::translate("lw::ui::data::DatasetDetails", "Records"), QCoreApplication::translate("lw::ui::data::DatasetDetails", "%1 %2 rows").arg(number(m.rows), m.kind.toHtmlEscaped()));
    html += row(QCoreApplication::translate("lw::ui::data::DatasetDetails", "Layout"), m.layout.toHtmlEscaped());
    if (m.rejected > 0)
        html += row(QCoreApplication::translate("lw::ui::data::DatasetDetails", "Rejected at import"), number(m.rejected));
    html += row(QCoreApplication::translate("lw::ui::data::DatasetDetails", "Made from"), m.parent.isEmpty() ? QCoreApplication::translate("lw::ui::data::DatasetDetails", "an import") : m.parent.toHtmlEscaped());
    if (!m.children.isEmpty())
        html += row(QCoreApplication::translate("lw::ui::data::DatasetDetails", "Versions made from it"), m.children.join(QStringLiteral(", ")).toHtmlEscaped());
    if (m.createdAt > 0)
        html += row(QCoreApplication::translate("lw::ui::data::DatasetDetails", "Created"), QLocale().toString(QDateTime::fromSecsSinceEpoch(qint64(m.createdAt)),
                                                       QLocale::ShortFormat));
    html += row(QCoreApplication::translate("lw::ui::data::DatasetDetails", "Folder"), m.dir.toHtmlEscaped());
    html += row(QCoreApplication::translate("lw::ui::data::DatasetDetails", "Tool"), m.toolVersion.toHtmlEscaped());
    html += row(QCoreApplication::translate("lw::ui::data::DatasetDetails", "Records sha256"), QStringLiteral("<code>%1</code>").arg(m.recordsSha256.toHtmlEscaped()));
    html += QStringLiteral("</table>");

    if (!m.sources.isEmpty()) {
        html += QStringLiteral("<h4>%1</h4><table cellspacing=\"4\"><tr><th>%2</th><th>%3</th><th>%4</th>"
                               "<th>%5</th><th>%6</th></tr>")
                    .arg(QCoreApplication::translate("lw::ui::data::DatasetDetails", "Sources"), QCoreApplication::translate("lw::ui::data::DatasetDetails", "File"), QCoreApplication::translate("lw::ui::data::DatasetDetails", "Format"), QCoreApplication::translate("lw::ui::data::DatasetDetails", "Rows"), QCoreApplication::translate("lw::ui::data::DatasetDetails", "Rejected"), QCoreApplication::translate("lw::ui::data::DatasetDetails", "sha256"));
        for (const SourceEntry& s : m.sources)
            html += QStringLiteral("<tr><td>%1</td><td>%2 (%3)</td><td>%4</td><td>%5</td><td><code>%6</code></td></tr>")
                        .arg(s.path.toHtmlEscaped(), s.format.toHtmlEscaped(), s.layout.toHtmlEscaped(),
                             number(s.rows), number(s.rejected), s.sha256.toHtmlEscaped());
        html += QStringLiteral("</table>");
    }
    if (!m.steps.isEmpty()) {
        html += QStringLiteral("<h4>%1</h4><table cellspacing=\"4\"><tr><th>%2</th><th>%3</th><th>%4</th>"
                               "<th>%5</th></tr>")
                    .arg(QCoreApplication::translate("lw::ui::data::DatasetDetails", "Recipe"), QCoreApplication::translate("lw::ui::data::DatasetDetails", "Step"), QCoreApplication::translate("lw::ui::data::DatasetDetails", "Rows in"), QCoreApplication::translate("lw::ui::data::DatasetDetails", "Rows out"), QCoreApplication::translate("lw::ui::data::DatasetDetails", "Changed"));
        for (const StepResult& s : m.steps)
            html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td></tr>")
                        .arg(stepSummary(s.step).toHtmlEscaped(), number(s.rowsIn), number(s.rowsOut),
                             number(s.changed));
        html += QStringLiteral("</table>");
    }
    if (!m.splits.isEmpty()) {
        html += QStringLiteral("<h4>%1</h4><table cellspacing=\"4\">").arg(QCoreApplication::translate("lw::ui::data::DatasetDetails", "Splits"));
        for (auto it = m.splits.begin(); it != m.splits.end(); ++it)
            html += row(it.key(), valueText(it.value()).toHtmlEscaped());
        html += QStringLiteral("</table>");
    }
    return html;
}

} // namespace lw::ui::data
