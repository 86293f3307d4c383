#include "ui/panels/data/stats_page.h"

#include "ui/panels/data/data_commands.h"
#include "ui/panels/data/data_query.h"
#include "ui/panels/data/stats_charts.h"
#include "ui/panels/data/tokenizer_chooser.h"
#include "ui/widgets/qcustomplot_include.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace lw::ui::data {

namespace {

QDoubleSpinBox* fractionBox(QWidget* parent, double value)
{
    auto* box = new QDoubleSpinBox(parent);
    box->setRange(0, 1);
    box->setDecimals(3);
    box->setSingleStep(0.01);
    box->setValue(value);
    return box;
}

QCustomPlot* makePlot(QWidget* parent, const QString& name)
{
    auto* plot = new QCustomPlot(parent);
    plot->setObjectName(name);
    plot->setMinimumHeight(160);
    return plot;
}

} // namespace

StatsPage::StatsPage(QWidget* parent)
    : QWidget(parent), m_statsQuery(new DataQuery(this)), m_splitQuery(new DataQuery(this)),
      m_datasetLabel(new QLabel(this)), m_tokenizerLabel(new QLabel(this)), m_tokenizer(new TokenizerChooser(true, this)),
      m_compute(new QPushButton(this)), m_splitLabel(new QLabel(this)), m_train(fractionBox(this, 0.9)),
      m_validation(fractionBox(this, 0.05)), m_test(fractionBox(this, 0.05)), m_seedLabel(new QLabel(this)),
      m_seed(new QSpinBox(this)), m_groupBy(new QLineEdit(this)), m_splitButton(new QPushButton(this)),
      m_summary(new QLabel(this)), m_error(new QLabel(this)), m_chars(makePlot(this, QStringLiteral("charsPlot"))),
      m_tokens(makePlot(this, QStringLiteral("tokensPlot"))), m_empties(makePlot(this, QStringLiteral("emptiesPlot"))),
      m_languages(makePlot(this, QStringLiteral("languagesPlot"))),
      m_splits(makePlot(this, QStringLiteral("splitsPlot"))), m_computeAction(new QAction(this))
{
    m_tokenizer->setObjectName(QStringLiteral("statsTokenizer"));
    m_compute->setObjectName(QStringLiteral("computeStats"));
    m_seed->setRange(0, 1 << 30);
    m_seed->setValue(1);
    m_splitButton->setObjectName(QStringLiteral("makeSplit"));
    m_summary->setObjectName(QStringLiteral("statsSummary"));
    m_summary->setWordWrap(true);
    m_datasetLabel->setWordWrap(true);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_error->hide();
    m_computeAction->setShortcut(QKeySequence::Refresh);
    m_computeAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_computeAction);

    auto* top = new QHBoxLayout;
    top->addWidget(m_tokenizerLabel);
    top->addWidget(m_tokenizer, 1);
    top->addWidget(m_compute);
    top->addSpacing(16);
    top->addWidget(m_splitLabel);
    top->addWidget(m_train);
    top->addWidget(m_validation);
    top->addWidget(m_test);
    top->addWidget(m_seedLabel);
    top->addWidget(m_seed);
    top->addWidget(m_groupBy);
    top->addWidget(m_splitButton);
    auto* charts = new QGridLayout;
    charts->addWidget(m_chars, 0, 0);
    charts->addWidget(m_tokens, 0, 1);
    charts->addWidget(m_empties, 1, 0);
    charts->addWidget(m_languages, 1, 1);
    charts->addWidget(m_splits, 2, 0, 1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_datasetLabel);
    layout->addLayout(top);
    layout->addWidget(m_error);
    layout->addWidget(m_summary);
    layout->addLayout(charts, 1);

    connect(m_compute, &QPushButton::clicked, this, &StatsPage::requestStats);
    connect(m_computeAction, &QAction::triggered, this, &StatsPage::requestStats);
    connect(m_splitButton, &QPushButton::clicked, this, &StatsPage::requestSplit);
    connect(m_statsQuery, &DataQuery::succeeded, this, [this](const QJsonObject& json) {
        showStats(dataStatsFromJson(json));
    });
    connect(m_statsQuery, &DataQuery::failed, this, &StatsPage::showError);
    connect(m_splitQuery, &DataQuery::succeeded, this, [this](const QJsonObject& json) {
        m_summary->setText(splitText(splitCountsFromJson(json.value(QLatin1String("splits")).toObject())));
        Q_EMIT splitMade(m_dataset);
        requestStats();
    });
    connect(m_splitQuery, &DataQuery::failed, this, &StatsPage::showError);
    retranslateUi();
    setDataset(QString());
}

void StatsPage::retranslateUi()
{
    m_tokenizerLabel->setText(tr("Tokenizer"));
    m_compute->setText(tr("Compute"));
    m_compute->setToolTip(tr("Compute the statistics of the dataset (F5)"));
    m_computeAction->setText(tr("Compute statistics"));
    m_splitLabel->setText(tr("Split"));
    m_train->setToolTip(tr("Fraction of rows for training"));
    m_validation->setToolTip(tr("Fraction of rows for validation"));
    m_test->setToolTip(tr("Fraction of rows for testing"));
    m_seedLabel->setText(tr("Seed"));
    m_groupBy->setPlaceholderText(tr("Group by field"));
    m_groupBy->setToolTip(tr("Rows with the same value of this field stay in the same split"));
    m_splitButton->setText(tr("Make split"));
    m_datasetLabel->setText(m_dataset.isEmpty() ? tr("Select a dataset version first.")
                                                : tr("Statistics of %1").arg(m_dataset));
    if (m_hasStats)
        showStats(m_stats);
    else
        m_summary->setText(tr("Press Compute to read the statistics."));
}

void StatsPage::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

void StatsPage::setDataset(const QString& name)
{
    if (name != m_dataset)
        m_hasStats = false;
    m_dataset = name;
    m_compute->setEnabled(!name.isEmpty());
    m_splitButton->setEnabled(!name.isEmpty());
    m_computeAction->setEnabled(!name.isEmpty());
    retranslateUi();
}

void StatsPage::setTokenizers(const QStringList& names)
{
    m_tokenizer->setTokenizers(names);
}

QString StatsPage::splitText(const SplitCounts& counts)
{
    const QLocale locale;
    return tr("Split made: %1 train, %2 validation, %3 test (seed %4).")
        .arg(locale.toString(counts.train), locale.toString(counts.validation), locale.toString(counts.test),
             QString::number(counts.seed));
}

bool StatsPage::isBusy() const
{
    return m_statsQuery->isRunning() || m_splitQuery->isRunning();
}

void StatsPage::showError(const QString& message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void StatsPage::requestStats()
{
    if (m_dataset.isEmpty())
        return;
    showError({});
    m_statsQuery->run(statsArguments(m_projectDir, m_dataset, m_tokenizer->tokenizer()));
}

void StatsPage::requestSplit()
{
    if (m_dataset.isEmpty())
        return;
    SplitRequest split;
    split.train = m_train->value();
    split.validation = m_validation->value();
    split.test = m_test->value();
    split.seed = m_seed->value();
    split.groupBy = m_groupBy->text().trimmed();
    showError({});
    m_splitQuery->run(splitArguments(m_projectDir, m_dataset, split));
}

void StatsPage::showStats(const DataStats& stats)
{
    m_stats = stats;
    m_hasStats = true;
    const QLocale locale;
    QStringList kinds;
    for (auto it = stats.kinds.begin(); it != stats.kinds.end(); ++it)
        kinds << QStringLiteral("%1 %2").arg(locale.toString(it.value()), it.key());
    m_summary->setText(tr("%1 rows (%2). Characters per row: mean %3, median %4, 95th percentile %5, longest %6. "
                          "Exact duplicates: %7.")
                           .arg(locale.toString(stats.rows), kinds.join(QStringLiteral(", ")),
                                locale.toString(stats.chars.mean, 'f', 0), locale.toString(stats.chars.p50, 'f', 0),
                                locale.toString(stats.chars.p95, 'f', 0), locale.toString(stats.chars.max, 'f', 0),
                                locale.toString(stats.exactDuplicates)));
    if (!stats.tokens.isEmpty())
        m_summary->setText(m_summary->text() + QLatin1Char(' ') +
                           tr("Tokens: %1 in all; per row mean %2, median %3, 95th percentile %4, longest %5.")
                               .arg(locale.toString(stats.totalTokens()), locale.toString(stats.tokens.mean, 'f', 0),
                                    locale.toString(stats.tokens.p50, 'f', 0), locale.toString(stats.tokens.p95, 'f', 0),
                                    locale.toString(stats.tokens.max, 'f', 0)));
    drawHistogram(m_chars, stats.chars, tr("Length in characters"), tr("characters"));
    drawHistogram(m_tokens, stats.tokens,
                  stats.tokens.isEmpty() ? tr("Length in tokens (choose a tokenizer)") : tr("Length in tokens"),
                  tr("tokens"));
    QList<double> empties;
    for (qint64 n : stats.emptyFields)
        empties << double(n);
    drawBars(m_empties, stats.emptyFields.keys(), empties, tr("Empty fields"));
    QList<double> languages;
    for (qint64 n : stats.languages)
        languages << double(n);
    drawBars(m_languages, stats.languages.keys(), languages, tr("Languages"));
    QList<double> splitTokens;
    for (const SplitStats& s : stats.splits)
        splitTokens << double(s.tokens > 0 ? s.tokens : s.rows);
    const bool hasTokens = std::any_of(stats.splits.begin(), stats.splits.end(), [](const SplitStats& s) { return s.tokens > 0; });
    drawBars(m_splits, stats.splits.keys(), splitTokens, hasTokens ? tr("Tokens per split") : tr("Rows per split"));
}

} // namespace lw::ui::data
