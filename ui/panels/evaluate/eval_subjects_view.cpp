#include "ui/panels/evaluate/eval_subjects_view.h"

#include "core/eval/subject_scores.h"
#include "ui/shell/json_bridge.h"

#include <QBrush>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPalette>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <map>

namespace lw::ui::evaluate {

namespace {

// Sorts by kValueRole (numbers as numbers; a cell without a figure goes last), not by
// the "0.250 ± 0.044" text.
class FigureItem : public QTableWidgetItem {
public:
    using QTableWidgetItem::QTableWidgetItem;
    bool operator<(const QTableWidgetItem& other) const override
    {
        const QVariant a = data(EvalSubjectsView::kValueRole), b = other.data(EvalSubjectsView::kValueRole);
        if (a.typeId() == QMetaType::QString || b.typeId() == QMetaType::QString)
            return a.toString().localeAwareCompare(b.toString()) < 0;
        const bool aKnown = a.isValid() && !std::isnan(a.toDouble());
        const bool bKnown = b.isValid() && !std::isnan(b.toDouble());
        if (aKnown != bKnown)
            return aKnown;
        return aKnown && a.toDouble() < b.toDouble();
    }
};

QString threeDecimals(double value)
{
    return QLocale().toString(value, 'f', 3);
}

// "0.250 ± 0.044"; "0.250" when the error is unknown; "" without a value.
QString figureText(double value, double stderror)
{
    if (std::isnan(value))
        return {};
    return std::isnan(stderror) ? threeDecimals(value)
                                : EvalSubjectsView::tr("%1 ± %2").arg(threeDecimals(value), threeDecimals(stderror));
}

QTableWidgetItem* figureItem(double value, double stderror)
{
    auto* item = new FigureItem(figureText(value, stderror));
    item->setData(EvalSubjectsView::kValueRole, value);
    item->setData(EvalSubjectsView::kStderrRole, stderror);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QTableWidgetItem* subjectItem(const std::string& subject)
{
    const QString name = QString::fromStdString(subject);
    auto* item = new FigureItem(QString(name).replace(QLatin1Char('_'), QLatin1Char(' ')));
    item->setData(EvalSubjectsView::kValueRole, name); // the stored key
    return item;
}

QTableWidgetItem* countItem(int64_t n)
{
    auto* item = new FigureItem(QLocale().toString(qint64(n)));
    item->setData(EvalSubjectsView::kValueRole, double(n));
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

std::vector<eval::SubjectScore> subjectScores(const StoredEvaluation& evaluation)
{
    if (evaluation.task != QLatin1String("mc"))
        return {};
    return eval::subjectScoresOf(fromQJson(evaluation.summary));
}

QString evaluationName(const StoredEvaluation& evaluation)
{
    return QStringLiteral("%1 #%2").arg(evaluation.label).arg(evaluation.id);
}

} // namespace

EvalSubjectsView::EvalSubjectsView(QWidget* parent)
    : QWidget(parent), m_caption(new QLabel(this)), m_metricLabel(new QLabel(this)), m_metric(new QComboBox(this)),
      m_table(new QTableWidget(this))
{
    m_table->setObjectName(QStringLiteral("evalSubjectsTable"));
    m_metric->setObjectName(QStringLiteral("evalSubjectsMetric"));
    m_metric->addItem(QStringLiteral("acc"), int(Acc));
    m_metric->addItem(QStringLiteral("acc_norm"), int(AccNorm));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSortIndicator(0, Qt::AscendingOrder); // by subject until the user sorts
    m_caption->setWordWrap(true);
    auto* top = new QHBoxLayout;
    top->addWidget(m_caption, 1);
    top->addWidget(m_metricLabel);
    top->addWidget(m_metric);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
    connect(m_metric, &QComboBox::currentIndexChanged, this, &EvalSubjectsView::fill);
    retranslate();
    fill();
}

void EvalSubjectsView::showEvaluations(const QList<StoredEvaluation>& evaluations)
{
    m_shown.clear();
    for (const StoredEvaluation& e : evaluations) {
        if (subjectScores(e).empty())
            continue;
        if (m_shown.isEmpty() || e.dataset == m_shown.first().dataset)
            m_shown.append(e);
    }
    // Oldest first: the base before its fine-tune or quantization, so the change reads as
    // what the later model gained or lost.
    std::stable_sort(m_shown.begin(), m_shown.end(), [](const StoredEvaluation& a, const StoredEvaluation& b) {
        return a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.id < b.id;
    });
    fill();
}

void EvalSubjectsView::fill()
{
    m_table->setSortingEnabled(false); // rows go in where they are put
    m_table->clear();
    m_table->setRowCount(0);
    m_metricLabel->setVisible(isComparing());
    m_metric->setVisible(isComparing());
    if (m_shown.size() == 1)
        fillOne(m_shown.first());
    else if (isComparing())
        fillSideBySide();
    else
        m_table->setColumnCount(0);
    m_table->setSortingEnabled(true);
    m_table->resizeColumnsToContents();
    retranslate();
}

void EvalSubjectsView::fillOne(const StoredEvaluation& evaluation)
{
    const std::vector<eval::SubjectScore> scores = subjectScores(evaluation);
    m_table->setColumnCount(4);
    m_table->setRowCount(int(scores.size()));
    for (int row = 0; row < int(scores.size()); ++row) {
        const eval::SubjectScore& s = scores[size_t(row)];
        m_table->setItem(row, 0, subjectItem(s.subject));
        m_table->setItem(row, 1, figureItem(s.acc, s.accStderr));
        m_table->setItem(row, 2, figureItem(s.accNorm, s.accNormStderr));
        m_table->setItem(row, 3, countItem(s.n));
    }
}

void EvalSubjectsView::fillSideBySide()
{
    const bool norm = m_metric->currentData().toInt() == AccNorm;
    // Subject → each evaluation's figures (nullptr where it has none), by subject name.
    std::map<std::string, std::vector<const eval::SubjectScore*>> bySubject;
    std::vector<std::vector<eval::SubjectScore>> all;
    for (const StoredEvaluation& e : m_shown)
        all.push_back(subjectScores(e));
    for (size_t column = 0; column < all.size(); ++column)
        for (const eval::SubjectScore& s : all[column]) {
            auto& figures = bySubject[s.subject];
            figures.resize(all.size(), nullptr);
            figures[column] = &s;
        }
    const int models = int(all.size());
    m_table->setColumnCount(models + 3); // subject, n, one per model, change
    m_table->setRowCount(int(bySubject.size()));
    int row = 0;
    for (const auto& [subject, figures] : bySubject) {
        m_table->setItem(row, 0, subjectItem(subject));
        int64_t n = 0;
        for (const eval::SubjectScore* s : figures)
            if (s && n == 0)
                n = s->n;
        m_table->setItem(row, 1, countItem(n));
        for (int column = 0; column < models; ++column) {
            const eval::SubjectScore* s = figures[size_t(column)];
            QTableWidgetItem* item = s ? figureItem(norm ? s->accNorm : s->acc, norm ? s->accNormStderr : s->accStderr)
                                       : figureItem(std::nan(""), std::nan(""));
            m_table->setItem(row, 2 + column, item);
        }
        const double first = m_table->item(row, 2)->data(kValueRole).toDouble();
        const double last = m_table->item(row, 1 + models)->data(kValueRole).toDouble();
        const double change = last - first; // NaN when either lacks the subject
        auto* changeCell = new FigureItem(std::isnan(change) ? QString()
                                                             : (change > 0 ? QStringLiteral("+") : QString()) +
                                                                   threeDecimals(change));
        changeCell->setData(kValueRole, change);
        changeCell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        if (change < 0) // lost ground: the colour the eye looks for
            changeCell->setForeground(QBrush(QColor(0xc6, 0x28, 0x28)));
        m_table->setItem(row, models + 2, changeCell);
        ++row;
    }
}

void EvalSubjectsView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        fill(); // the figures are written in the language's number format
    QWidget::changeEvent(event);
}

void EvalSubjectsView::retranslate()
{
    m_metricLabel->setText(tr("Accuracy:"));
    m_metric->setToolTip(tr("acc: the choice with the highest log-probability; acc_norm: the highest "
                            "log-probability per character of the choice."));
    QStringList headers{tr("Subject")};
    if (m_shown.size() == 1) {
        headers << tr("acc ± stderr") << tr("acc_norm ± stderr") << tr("n");
        const StoredEvaluation& e = m_shown.first();
        m_caption->setText(tr("%1 on %2: %n subject(s).", nullptr, m_table->rowCount())
                               .arg(evaluationName(e), e.dataset));
    } else if (isComparing()) {
        headers << tr("n");
        for (const StoredEvaluation& e : m_shown)
            headers << evaluationName(e);
        headers << tr("Change");
        m_caption->setText(tr("%n evaluation(s) of %1 side by side by subject, oldest first. Change: the newest "
                              "minus the oldest; sort by it to see where a model lost ground.",
                              nullptr, int(m_shown.size()))
                               .arg(m_shown.first().dataset));
    } else {
        m_caption->setText(tr("Select a multiple-choice evaluation of data with subjects (MMLU-style) for its "
                              "figures by subject; select several of the same data to compare them."));
    }
    if (m_table->columnCount() != headers.size())
        return; // nothing tabulated yet
    m_table->setHorizontalHeaderLabels(headers);
    if (isComparing())
        for (int column = 0; column < int(m_shown.size()); ++column)
            m_table->horizontalHeaderItem(2 + column)->setToolTip(m_shown.at(column).model);
}

} // namespace lw::ui::evaluate
