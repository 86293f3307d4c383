#include "ui/widgets/check_findings.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QLabel>

namespace lw::ui {

bool isErrorFinding(const QJsonObject& finding)
{
    return finding.value(QLatin1String("severity")).toString() == QLatin1String("error");
}

void showCheckFindings(QLabel* label, const QJsonObject& report,
                       const std::function<QString(const QJsonObject& finding)>& textOf)
{
    const auto tr = [](const char* text) { return QCoreApplication::translate("lw::ui::CheckFindings", text); };
    QString html;
    QStringList details;
    for (const QJsonValue& value : report.value(QLatin1String("findings")).toArray()) {
        const QJsonObject f = value.toObject();
        html += QStringLiteral("<p style='margin:2px 0'><b>%1</b> %2</p>")
                    .arg((isErrorFinding(f) ? tr("Error:") : tr("Warning:")).toHtmlEscaped(), textOf(f).toHtmlEscaped());
        details.append(f.value(QLatin1String("message")).toString());
    }
    if (html.isEmpty())
        html = QStringLiteral("<p>%1</p>").arg(tr("No problem found.").toHtmlEscaped());
    label->setText(html);
    label->setToolTip(details.join(QLatin1Char('\n')));
}

} // namespace lw::ui
