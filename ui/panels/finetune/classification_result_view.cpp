#include "ui/panels/finetune/classification_result_view.h"

#include <QEvent>
#include <QFile>
#include <QGridLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>

namespace lw::ui::finetune {

namespace {

QTableWidget* matrixTable(QWidget* parent, const QString& name)
{
    auto* table = new QTableWidget(parent);
    table->setObjectName(name);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return table;
}

// "0.875 (7 of 8 rows)"; "no rows" for a split without any.
QString accuracyText(const QJsonObject& split)
{
    const QJsonValue accuracy = split.value(QLatin1String("accuracy"));
    const qint64 n = qint64(split.value(QLatin1String("n")).toDouble());
    if (!accuracy.isDouble() || n <= 0)
        return ClassificationResultView::tr("no rows");
    qint64 right = 0;
    const QJsonArray confusion = split.value(QLatin1String("confusion")).toArray();
    for (int i = 0; i < confusion.size(); ++i)
        right += qint64(confusion.at(i).toArray().at(i).toDouble());
    return ClassificationResultView::tr("%1 (%2 of %n row(s))", nullptr, int(n))
        .arg(QLocale().toString(accuracy.toDouble(), 'f', 3), QLocale().toString(right));
}

} // namespace

ClassificationResultView::ClassificationResultView(QWidget* parent)
    : QWidget(parent), m_summary(new QLabel(this)), m_validationTitle(new QLabel(this)), m_testTitle(new QLabel(this)),
      m_validation(matrixTable(this, QStringLiteral("validationConfusion"))),
      m_test(matrixTable(this, QStringLiteral("testConfusion")))
{
    m_summary->setObjectName(QStringLiteral("classificationSummary"));
    m_summary->setWordWrap(true);
    QFont bold = m_summary->font();
    bold.setBold(true);
    m_summary->setFont(bold);
    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary, 0, 0, 1, 2);
    layout->addWidget(m_validationTitle, 1, 0);
    layout->addWidget(m_testTitle, 1, 1);
    layout->addWidget(m_validation, 2, 0);
    layout->addWidget(m_test, 2, 1);
    layout->setRowStretch(2, 1);
    fill();
}

void ClassificationResultView::setReport(const QJsonObject& report)
{
    m_report = report;
    fill();
}

std::optional<QJsonObject> ClassificationResultView::readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll());
    if (!document.isObject())
        return std::nullopt;
    return document.object();
}

void ClassificationResultView::fill()
{
    setVisible(hasReport());
    const QJsonObject validation = m_report.value(QLatin1String("validation")).toObject();
    const QJsonObject test = m_report.value(QLatin1String("test")).toObject();
    m_summary->setText(tr("Classification: validation accuracy %1; test accuracy %2")
                           .arg(accuracyText(validation), accuracyText(test)));
    m_validationTitle->setText(tr("Validation rows: true class (rows) against the class picked (columns)"));
    m_testTitle->setText(tr("Test rows: true class (rows) against the class picked (columns)"));
    m_validationTitle->setWordWrap(true);
    m_testTitle->setWordWrap(true);
    fillMatrix(m_validation, validation);
    fillMatrix(m_test, test);
}

void ClassificationResultView::fillMatrix(QTableWidget* table, const QJsonObject& split)
{
    QStringList classes;
    for (const QJsonValue& c : m_report.value(QLatin1String("classes")).toArray())
        classes << c.toString();
    const QJsonArray confusion = split.value(QLatin1String("confusion")).toArray();
    table->clear();
    table->setRowCount(int(classes.size()));
    table->setColumnCount(int(classes.size()));
    table->setHorizontalHeaderLabels(classes);
    table->setVerticalHeaderLabels(classes);
    for (int truth = 0; truth < classes.size(); ++truth) {
        const QJsonArray row = confusion.at(truth).toArray();
        for (int picked = 0; picked < classes.size(); ++picked) {
            const qint64 count = qint64(row.at(picked).toDouble());
            auto* item = new QTableWidgetItem(QLocale().toString(count));
            item->setData(Qt::UserRole, count);
            item->setTextAlignment(Qt::AlignCenter);
            if (truth == picked) { // right answers stand out
                QFont font = item->font();
                font.setBold(true);
                item->setFont(font);
            }
            table->setItem(truth, picked, item);
        }
    }
}

void ClassificationResultView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        fill();
    QWidget::changeEvent(event);
}

} // namespace lw::ui::finetune
