#include "ui/panels/evaluate/eval_examples_view.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace lw::ui::evaluate {

namespace {

constexpr int kKeyRole = Qt::UserRole;
// Long prompts are cut in the cell; the tooltip holds the whole text.
constexpr int kCellCharacters = 160;

QTableWidgetItem* textItem(const QString& text)
{
    QString shown = text;
    shown.replace(QLatin1Char('\n'), QStringLiteral(" ⏎ "));
    if (shown.size() > kCellCharacters)
        shown = shown.left(kCellCharacters) + QStringLiteral("…");
    auto* item = new QTableWidgetItem(shown);
    if (shown != text)
        item->setToolTip(text);
    return item;
}

} // namespace

EvalExamplesView::EvalExamplesView(bool comparing, QWidget* parent)
    : QWidget(parent), m_comparing(comparing), m_caption(new QLabel(this)), m_onlyDisagree(new QCheckBox(this)),
      m_table(new QTableWidget(this))
{
    m_table->setObjectName(comparing ? QStringLiteral("evalCompareTable") : QStringLiteral("evalExamplesTable"));
    m_table->setColumnCount(comparing ? 6 : 5);
    m_onlyDisagree->setObjectName(QStringLiteral("evalOnlyDisagree"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_caption->setWordWrap(true);
    m_onlyDisagree->setVisible(comparing);
    auto* top = new QHBoxLayout;
    top->addWidget(m_caption, 1);
    top->addWidget(m_onlyDisagree);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
    connect(m_onlyDisagree, &QCheckBox::toggled, this, &EvalExamplesView::applyFilter);
    retranslate();
}

void EvalExamplesView::showExamples(const QString& task, const QJsonArray& rows)
{
    m_pairs.clear();
    m_table->clearContents();
    m_table->setRowCount(int(rows.size()));
    for (int row = 0; row < rows.size(); ++row) {
        const QJsonObject object = rows.at(row).toObject();
        const ExampleTexts texts = exampleTexts(task, object);
        const qint64 key = exampleKey(object, row);
        const QStringList cells = {QLocale().toString(key), texts.question, texts.answer, texts.reference,
                                   texts.score};
        for (int column = 0; column < cells.size(); ++column) {
            QTableWidgetItem* item = textItem(cells.at(column));
            item->setData(kKeyRole, key);
            m_table->setItem(row, column, item);
        }
    }
    m_caption->setText(tr("%n example(s)", nullptr, int(rows.size())));
    retranslate();
}

void EvalExamplesView::showComparison(const QString& task, const QJsonArray& first, const QJsonArray& second,
                                      const QString& firstName, const QString& secondName)
{
    m_pairs = pairExamples(task, first, second);
    m_firstName = firstName;
    m_secondName = secondName;
    m_table->clearContents();
    m_table->setRowCount(int(m_pairs.size()));
    int disagreements = 0;
    for (int row = 0; row < m_pairs.size(); ++row) {
        const ExamplePair& pair = m_pairs.at(row);
        const ExampleTexts a = exampleTexts(task, pair.first), b = exampleTexts(task, pair.second);
        const QStringList cells = {QLocale().toString(pair.key),
                                   a.question.isEmpty() ? b.question : a.question,
                                   a.reference.isEmpty() ? b.reference : a.reference,
                                   pair.first.isEmpty() ? tr("(missing)") : a.answer,
                                   pair.second.isEmpty() ? tr("(missing)") : b.answer,
                                   QStringLiteral("%1 | %2").arg(a.score, b.score)};
        for (int column = 0; column < cells.size(); ++column) {
            QTableWidgetItem* item = textItem(cells.at(column));
            item->setData(kKeyRole, pair.key);
            if (pair.disagree)
                item->setBackground(QColor(255, 200, 0, 60));
            m_table->setItem(row, column, item);
        }
        disagreements += pair.disagree ? 1 : 0;
    }
    m_caption->setText(tr("%1 against %2: %3 examples, %4 where one is right and the other wrong")
                           .arg(firstName, secondName, QLocale().toString(int(m_pairs.size())),
                                QLocale().toString(disagreements)));
    retranslate();
    applyFilter();
}

void EvalExamplesView::showMessage(const QString& text)
{
    m_pairs.clear();
    m_table->setRowCount(0);
    m_caption->setText(text);
}

QList<qint64> EvalExamplesView::shownKeys() const
{
    QList<qint64> keys;
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (!m_table->isRowHidden(row) && m_table->item(row, 0))
            keys.append(m_table->item(row, 0)->data(kKeyRole).toLongLong());
    return keys;
}

void EvalExamplesView::applyFilter()
{
    const bool only = m_comparing && m_onlyDisagree->isChecked();
    for (int row = 0; row < m_table->rowCount() && row < m_pairs.size(); ++row)
        m_table->setRowHidden(row, only && !m_pairs.at(row).disagree);
}

void EvalExamplesView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void EvalExamplesView::retranslate()
{
    m_onlyDisagree->setText(tr("Only where they disagree"));
    m_onlyDisagree->setToolTip(tr("Show only the examples one evaluation got right and the other wrong."));
    if (m_comparing)
        m_table->setHorizontalHeaderLabels({tr("#"), tr("Question or prompt"), tr("Reference"),
                                            m_firstName.isEmpty() ? tr("First") : m_firstName,
                                            m_secondName.isEmpty() ? tr("Second") : m_secondName, tr("Scores")});
    else
        m_table->setHorizontalHeaderLabels(
            {tr("#"), tr("Question or prompt"), tr("Answer"), tr("Reference"), tr("Score")});
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(1, QHeaderView::Stretch);
    header->setMinimumSectionSize(60);
}

} // namespace lw::ui::evaluate
