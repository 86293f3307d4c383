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
    // Literal translate() calls: lupdate finds its texts only so.
    const QString errorWord = QCoreApplication::translate("lw::ui::CheckFindings", "Error:");
    const QString warningWord = QCoreApplication::translate("lw::ui::CheckFindings", "Warning:");
    QString html;
    QStringList details;
    for (const QJsonValue& value : report.value(QLatin1String("findings")).toArray()) {
        const QJsonObject f = value.toObject();
        html += QStringLiteral("<p style='margin:2px 0'><b>%1</b> %2</p>")
                    .arg((isErrorFinding(f) ? errorWord : warningWord).toHtmlEscaped(), textOf(f).toHtmlEscaped());
        details.append(f.value(QLatin1String("message")).toString());
    }
    if (html.isEmpty())
        html = QStringLiteral("<p>%1</p>").arg(QCoreApplication::translate("lw::ui::CheckFindings", "No problem found.").toHtmlEscaped());
    label->setText(html);
    label->setToolTip(details.join(QLatin1Char('\n')));
}

} // namespace lw::ui
