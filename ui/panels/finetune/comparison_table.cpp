#include "ui/panels/finetune/comparison_table.h"

#include <QEvent>
#include <QFile>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace lw::ui::finetune {

QString ComparisonTable::readableText(const QString& rendered)
{
    static const QRegularExpression roleHeader(QStringLiteral("<\\|im_start\\|>(user|assistant|system)\\s*"));
    static const QRegularExpression specialToken(QStringLiteral("<\\|[A-Za-z0-9_]+\\|>"));
    QString text = rendered;
    text.replace(roleHeader, QString());
    text.replace(specialToken, QString());
    return text.trimmed();
}

ComparisonTable::ComparisonTable(QWidget* parent) : QTableWidget(parent)
{
    setColumnCount(ColumnCount);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setWordWrap(true);
    setAlternatingRowColors(true);
    verticalHeader()->setVisible(false);
    horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    retranslate();
}

void ComparisonTable::setItems(const QJsonArray& items)
{
    clearContents();
    setRowCount(0);
    m_matching = 0;
    m_baseMatching = 0;
    for (const QJsonValue& value : items) {
        if (!value.isObject())
            continue;
        const QJsonObject item = value.toObject();
        const int row = rowCount();
        insertRow(row);
        const QString expected = readableText(item.value(QLatin1String("reference")).toString());
        const QString finetuned = readableText(item.value(QLatin1String("finetuned")).toString());
        setItem(row, Prompt, new QTableWidgetItem(readableText(item.value(QLatin1String("prompt")).toString())));
        setItem(row, Expected, new QTableWidgetItem(expected));
        setItem(row, Base, new QTableWidgetItem(readableText(item.value(QLatin1String("base")).toString())));
        auto* answer = new QTableWidgetItem(finetuned);
        // The worker's own exact match when it says it, else the shown texts compared.
        const QJsonValue exact = item.value(QLatin1String("finetuned_exact"));
        if (exact.isBool() ? exact.toBool() : (!expected.isEmpty() && finetuned == expected)) {
            ++m_matching;
            QFont bold = answer->font();
            bold.setBold(true);
            answer->setFont(bold);
            answer->setToolTip(tr("The fine-tuned model gave the expected answer"));
        }
        setItem(row, Finetuned, answer);
        if (item.value(QLatin1String("base_exact")).toBool())
            ++m_baseMatching;
    }
    resizeRowsToContents();
}

std::optional<QJsonArray> ComparisonTable::readFile(const QString& path)
{
    QFile file(path);
    const QJsonDocument document =
        file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()) : QJsonDocument();
    if (document.isArray())
        return document.array();
    if (document.isObject() && document.object().value(QLatin1String("items")).isArray())
        return document.object().value(QLatin1String("items")).toArray();
    return std::nullopt;
}

bool ComparisonTable::loadFile(const QString& path)
{
    const std::optional<QJsonArray> items = readFile(path);
    setItems(items.value_or(QJsonArray()));
    return items.has_value();
}

void ComparisonTable::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QTableWidget::changeEvent(event);
}

void ComparisonTable::retranslate()
{
    setHorizontalHeaderLabels({tr("Prompt"), tr("Expected"), tr("Base model"), tr("Fine-tuned")});
}

} // namespace lw::ui::finetune
