#include "ui/panels/evaluate/eval_form.h"

#include "ui/panels/evaluate/eval_scores.h"

#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSet>
#include <QSpinBox>
#include <QVBoxLayout>

namespace lw::ui::evaluate {

namespace {

constexpr int kSpecRole = Qt::UserRole;

// A spin box whose lowest value means "leave the flag out", shown as `special`.
QSpinBox* optionalSpin(QWidget* parent, int lowest, int highest, const QString& name)
{
    auto* spin = new QSpinBox(parent);
    spin->setObjectName(name);
    spin->setRange(lowest, highest);
    spin->setValue(lowest);
    return spin;
}

QLineEdit* lineEdit(QWidget* parent, const QString& name)
{
    auto* edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setClearButtonEnabled(true);
    return edit;
}

void setLabelText(QFormLayout* form, QWidget* field, const QString& text)
{
    if (auto* label = qobject_cast<QLabel*>(form->labelForField(field)))
        label->setText(text);
}

} // namespace

EvalForm::EvalForm(QWidget* parent)
    : QWidget(parent), m_models(new QListWidget(this)), m_task(new QComboBox(this)), m_fields(new QFormLayout),
      m_dataset(new QComboBox(this)), m_textFile(lineEdit(this, QStringLiteral("evalTextFile"))),
      m_context(optionalSpin(this, 0, 1 << 20, QStringLiteral("evalContext"))),
      m_stride(optionalSpin(this, 0, 1 << 20, QStringLiteral("evalStride"))),
      m_data(lineEdit(this, QStringLiteral("evalData"))), m_layout(new QComboBox(this)),
      m_shots(optionalSpin(this, -1, 64, QStringLiteral("evalShots"))),
      m_seed(optionalSpin(this, -1, 1 << 30, QStringLiteral("evalSeed"))),
      m_limit(optionalSpin(this, 0, 1 << 30, QStringLiteral("evalLimit"))),
      m_template(lineEdit(this, QStringLiteral("evalTemplate"))),
      m_maxNewTokens(optionalSpin(this, 0, 1 << 16, QStringLiteral("evalMaxNewTokens"))),
      m_judgeUrl(lineEdit(this, QStringLiteral("evalJudgeUrl"))),
      m_judgeModel(lineEdit(this, QStringLiteral("evalJudgeModel"))), m_rubric(new QComboBox(this)),
      m_modelsLabel(new QLabel(this))
{
    m_models->setObjectName(QStringLiteral("evalModels"));
    m_models->setMinimumHeight(90);
    m_task->setObjectName(QStringLiteral("evalTask"));
    for (const QString& task : evalTasks())
        m_task->addItem(QString(), task);
    m_dataset->setObjectName(QStringLiteral("evalDataset"));
    m_dataset->addItem(QString()); // none: a text file instead
    m_layout->setObjectName(QStringLiteral("evalLayout"));
    for (const char* layout : {"auto", "mmlu", "hellaswag", "arc"})
        m_layout->addItem(QString::fromLatin1(layout), QString::fromLatin1(layout));
    m_rubric->setObjectName(QStringLiteral("evalRubric"));
    m_rubric->addItem(QString(), QString());
    for (const char* rubric : {"mt-bench", "mt-bench-pair", "score-100"})
        m_rubric->addItem(QString::fromLatin1(rubric), QString::fromLatin1(rubric));
    m_judgeUrl->setPlaceholderText(QStringLiteral("http://127.0.0.1:8080/v1"));

    m_fields->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_fields->addRow(new QLabel(this), m_task);
    m_fields->addRow(new QLabel(this), m_dataset);
    m_fields->addRow(new QLabel(this), fileRow(m_textFile, false));
    m_fields->addRow(new QLabel(this), m_context);
    m_fields->addRow(new QLabel(this), m_stride);
    m_fields->addRow(new QLabel(this), fileRow(m_data, true));
    m_fields->addRow(new QLabel(this), m_layout);
    m_fields->addRow(new QLabel(this), m_shots);
    m_fields->addRow(new QLabel(this), m_seed);
    m_fields->addRow(new QLabel(this), m_limit);
    m_fields->addRow(new QLabel(this), m_template);
    m_fields->addRow(new QLabel(this), m_maxNewTokens);
    m_fields->addRow(new QLabel(this), m_judgeUrl);
    m_fields->addRow(new QLabel(this), m_judgeModel);
    m_fields->addRow(new QLabel(this), m_rubric);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_modelsLabel);
    layout->addWidget(m_models, 1);
    layout->addLayout(m_fields);

    connect(m_task, &QComboBox::currentIndexChanged, this, [this] {
        updateVisibleFields();
        Q_EMIT changed();
    });
    connect(m_models, &QListWidget::itemChanged, this, &EvalForm::changed);
    for (QLineEdit* edit : {m_textFile, m_data, m_template, m_judgeUrl, m_judgeModel})
        connect(edit, &QLineEdit::textChanged, this, &EvalForm::changed);
    connect(m_dataset, &QComboBox::currentIndexChanged, this, &EvalForm::changed);
    retranslate();
    updateVisibleFields();
}

QWidget* EvalForm::fileRow(QLineEdit* edit, bool datasetsToo)
{
    auto* row = new QWidget(this);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    auto* browse = new QPushButton(row);
    browse->setObjectName(edit->objectName() + QStringLiteral("Browse"));
    layout->addWidget(browse);
    m_browseButtons.append(browse);
    connect(browse, &QPushButton::clicked, this, [this, edit, datasetsToo] {
        const QString filter = datasetsToo ? tr("Examples (*.jsonl *.json *.csv *.parquet);;All files (*)")
                                           : tr("Text (*.txt *.md *.jsonl);;All files (*)");
        const QString path = QFileDialog::getOpenFileName(this, tr("Choose a file"), edit->text(), filter);
        if (!path.isEmpty())
            edit->setText(path);
    });
    return row;
}

void EvalForm::setModels(const QList<models::ModelEntry>& entries)
{
    const QStringList checked = checkedModels();
    const QSet<QString> ticked(checked.begin(), checked.end());
    const QSignalBlocker blocker(m_models);
    m_models->clear();
    for (const models::ModelEntry& entry : entries) {
        auto* item = new QListWidgetItem(QStringLiteral("%1  ·  %2").arg(entry.name, models::kindText(entry.kind)),
                                         m_models);
        item->setData(kSpecRole, entry.spec);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(ticked.contains(entry.spec) ? Qt::Checked : Qt::Unchecked);
        item->setToolTip(tr("--model %1\n%2").arg(entry.spec, entry.path));
    }
    Q_EMIT changed();
}

void EvalForm::setDatasets(const QStringList& names)
{
    const QString current = m_dataset->currentText();
    const QSignalBlocker blocker(m_dataset);
    while (m_dataset->count() > 1)
        m_dataset->removeItem(1);
    m_dataset->addItems(names);
    const int index = m_dataset->findText(current);
    m_dataset->setCurrentIndex(index > 0 ? index : 0);
}

void EvalForm::setModelChecked(const QString& spec, bool checked)
{
    for (int i = 0; i < m_models->count(); ++i)
        if (m_models->item(i)->data(kSpecRole).toString() == spec)
            m_models->item(i)->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

QStringList EvalForm::checkedModels() const
{
    QStringList specs;
    for (int i = 0; i < m_models->count(); ++i)
        if (m_models->item(i)->checkState() == Qt::Checked)
            specs.append(m_models->item(i)->data(kSpecRole).toString());
    return specs;
}

void EvalForm::setTask(const QString& task)
{
    const int index = m_task->findData(task);
    if (index >= 0)
        m_task->setCurrentIndex(index);
}

QString EvalForm::task() const
{
    return m_task->currentData().toString();
}

EvalRequest EvalForm::request() const
{
    EvalRequest request;
    request.task = task();
    request.models = checkedModels();
    request.dataset = m_dataset->currentIndex() > 0 ? m_dataset->currentText() : QString();
    request.textFile = m_textFile->text().trimmed();
    request.context = m_context->value();
    request.stride = m_stride->value();
    request.data = m_data->text().trimmed();
    request.layout = m_layout->currentData().toString();
    request.shots = m_shots->value();
    request.seed = m_seed->value();
    request.limit = m_limit->value();
    request.promptTemplate = m_template->text().trimmed();
    request.maxNewTokens = m_maxNewTokens->value();
    request.judgeUrl = m_judgeUrl->text().trimmed();
    request.judgeModel = m_judgeModel->text().trimmed();
    request.rubric = m_rubric->currentData().toString();
    return request;
}

void EvalForm::updateVisibleFields()
{
    const QString t = task();
    const bool perplexity = t == kTaskPerplexity, mc = t == kTaskMultipleChoice, generate = t == kTaskGenerate,
               judge = t == kTaskJudge;
    const QList<std::pair<QWidget*, bool>> rows = {
        {m_dataset, perplexity},
        {m_textFile->parentWidget(), perplexity},
        {m_context, perplexity},
        {m_stride, perplexity},
        {m_data->parentWidget(), !perplexity},
        {m_layout, mc},
        {m_shots, mc},
        {m_seed, mc},
        {m_limit, mc || generate},
        {m_template, generate},
        {m_maxNewTokens, generate},
        {m_judgeUrl, judge},
        {m_judgeModel, judge},
        {m_rubric, judge},
    };
    for (const auto& [field, visible] : rows)
        m_fields->setRowVisible(field, visible);
}

void EvalForm::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void EvalForm::retranslate()
{
    m_modelsLabel->setText(tr("Models to evaluate (one job each, in order):"));
    m_models->setToolTip(tr("Tick the runs, checkpoints, imports, fine-tunes and merges to evaluate; each is "
                            "evaluated in turn with the same task and settings."));
    for (int i = 0; i < m_task->count(); ++i)
        m_task->setItemText(i, taskTitle(m_task->itemData(i).toString()));
    m_dataset->setItemText(0, tr("(none: use a text file)"));
    m_context->setSpecialValueText(tr("model's context"));
    m_stride->setSpecialValueText(tr("default"));
    m_shots->setSpecialValueText(tr("default"));
    m_seed->setSpecialValueText(tr("default"));
    m_limit->setSpecialValueText(tr("all"));
    m_maxNewTokens->setSpecialValueText(tr("default"));
    m_rubric->setItemText(0, tr("default"));
    m_data->setPlaceholderText(tr("a .jsonl file (or, for multiple choice, a dataset)"));
    m_textFile->setPlaceholderText(tr("a plain text file"));
    m_template->setPlaceholderText(tr("default: the model's chat template"));
    m_judgeModel->setPlaceholderText(tr("the server's model"));
    for (QWidget* button : m_browseButtons)
        static_cast<QPushButton*>(button)->setText(tr("Browse…"));

    const auto describe = [this](QWidget* field, const QString& label, const QString& tip) {
        setLabelText(m_fields, field, label);
        field->setToolTip(tip);
        if (QWidget* labelWidget = m_fields->labelForField(field))
            labelWidget->setToolTip(tip);
    };
    describe(m_task, tr("Task:"),
             tr("Perplexity: how well the model predicts a text. Multiple choice: accuracy on questions with "
                "choices. Generation metrics: exact match, BLEU, chrF and ROUGE of its answers against references. "
                "LLM judge: another model scores its answers."));
    describe(m_dataset, tr("Dataset:"), tr("A dataset of the project whose validation text is scored (--dataset)."));
    describe(m_textFile->parentWidget(), tr("Text file:"),
             tr("A text file to score instead of a dataset (--text-file)."));
    describe(m_context, tr("Context:"),
             tr("Tokens the model sees per window (--context); at most its own context length."));
    describe(m_stride, tr("Stride:"),
             tr("Tokens each window moves on (--stride); smaller than the context, every token is scored with "
                "more context before it, at more cost."));
    describe(m_data->parentWidget(), tr("Examples:"),
             tr("The examples to evaluate on (--data): a JSONL file, or for multiple choice a dataset of the "
                "project."));
    describe(m_layout, tr("Layout:"),
             tr("How the questions are written in the file (--layout): auto finds out from its fields."));
    describe(m_shots, tr("Shots:"), tr("Solved examples put before each question (--shots)."));
    describe(m_seed, tr("Seed:"), tr("The seed that picks the solved examples (--seed), for a result that repeats."));
    describe(m_limit, tr("Limit:"), tr("Evaluate only the first N examples (--limit); all when left at \"all\"."));
    describe(m_template, tr("Prompt template:"),
             tr("How each example becomes a prompt (--template); {prompt} stands for the example's prompt."));
    describe(m_maxNewTokens, tr("Max new tokens:"), tr("The longest answer the model may write (--max-new-tokens)."));
    describe(m_judgeUrl, tr("Judge URL:"),
             tr("The OpenAI-compatible server of the judging model (--judge), e.g. llmwb serve or llama.cpp."));
    describe(m_judgeModel, tr("Judge model:"), tr("The model name sent to the judge's server (--judge-model)."));
    describe(m_rubric, tr("Rubric:"),
             tr("How the judge scores (--rubric): mt-bench 1 to 10, mt-bench-pair a win, tie or loss against the "
                "reference answer, score-100 0 to 100."));
}

} // namespace lw::ui::evaluate
