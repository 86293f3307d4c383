#include "ui/panels/data/recipe_page.h"

#include "ui/panels/data/data_commands.h"
#include "ui/panels/data/data_job.h"
#include "ui/panels/data/data_tables.h"
#include "ui/panels/data/dataset_details_text.h"
#include "ui/panels/data/job_progress_row.h"
#include "ui/panels/data/recipe_steps.h"
#include "ui/panels/data/step_settings_form.h"
#include "ui/panels/data/tokenizer_chooser.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QTableWidget>
#include <QTemporaryFile>
#include <QVBoxLayout>

namespace lw::ui::data {

RecipePage::RecipePage(JobSupervisor* supervisor, QWidget* parent)
    : QWidget(parent), m_job(new DataJob(supervisor, this)), m_datasetLabel(new QLabel(this)),
      m_steps(new QListWidget(this)), m_kind(new QComboBox(this)), m_add(new QPushButton(this)),
      m_remove(new QPushButton(this)), m_up(new QPushButton(this)), m_down(new QPushButton(this)),
      m_save(new QPushButton(this)), m_load(new QPushButton(this)), m_form(new StepSettingsForm(this)),
      m_newNameLabel(new QLabel(this)), m_newName(new QLineEdit(this)), m_tokenizerLabel(new QLabel(this)),
      m_tokenizer(new TokenizerChooser(true, this)), m_runButton(new QPushButton(this)),
      m_progress(new JobProgressRow(m_job, this)), m_error(new QLabel(this)), m_summary(new QLabel(this)),
      m_counts(makeReadOnlyTable(this, QStringLiteral("stepCounts"))),
      m_removed(makeReadOnlyTable(this, QStringLiteral("removedSamples"))), m_upAction(new QAction(this)),
      m_downAction(new QAction(this)), m_removeAction(new QAction(this)), m_saveAction(new QAction(this)),
      m_loadAction(new QAction(this)), m_runAction(new QAction(this))
{
    m_steps->setObjectName(QStringLiteral("recipeSteps"));
    m_kind->setObjectName(QStringLiteral("stepKind"));
    m_kind->addItems(recipeStepKinds());
    m_newName->setObjectName(QStringLiteral("filteredName"));
    m_runButton->setObjectName(QStringLiteral("runRecipe"));
    m_error->setObjectName(QStringLiteral("recipeError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_error->hide();
    m_summary->setWordWrap(true);
    m_datasetLabel->setWordWrap(true);
    for (auto [action, key] : {std::pair{m_upAction, QKeySequence(Qt::ALT | Qt::Key_Up)},
                               std::pair{m_downAction, QKeySequence(Qt::ALT | Qt::Key_Down)},
                               std::pair{m_removeAction, QKeySequence(QKeySequence::Delete)},
                               std::pair{m_saveAction, QKeySequence(Qt::CTRL | Qt::Key_S)},
                               std::pair{m_loadAction, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L)},
                               std::pair{m_runAction, QKeySequence(Qt::CTRL | Qt::Key_R)}}) {
        action->setShortcut(key);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(action);
    }

    auto* stepButtons = new QGridLayout;
    stepButtons->addWidget(m_kind, 0, 0);
    stepButtons->addWidget(m_add, 0, 1);
    stepButtons->addWidget(m_remove, 1, 0);
    stepButtons->addWidget(m_up, 1, 1);
    stepButtons->addWidget(m_down, 1, 2);
    stepButtons->addWidget(m_save, 2, 0);
    stepButtons->addWidget(m_load, 2, 1);
    auto* left = new QVBoxLayout;
    left->addWidget(m_datasetLabel);
    left->addWidget(m_steps, 1);
    left->addLayout(stepButtons);
    auto* top = new QHBoxLayout;
    top->addLayout(left, 1);
    top->addWidget(m_form, 1);
    auto* runRow = new QHBoxLayout;
    runRow->addWidget(m_newNameLabel);
    runRow->addWidget(m_newName, 1);
    runRow->addWidget(m_tokenizerLabel);
    runRow->addWidget(m_tokenizer, 1);
    runRow->addWidget(m_runButton);
    runRow->addWidget(m_progress, 1);
    auto* results = new QSplitter(Qt::Horizontal, this);
    results->addWidget(m_counts);
    results->addWidget(m_removed);
    results->setStretchFactor(0, 2);
    results->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top, 2);
    layout->addLayout(runRow);
    layout->addWidget(m_error);
    layout->addWidget(m_summary);
    layout->addWidget(results, 3);

    connect(m_add, &QPushButton::clicked, this, [this] { addStep(m_kind->currentText()); });
    connect(m_remove, &QPushButton::clicked, this, &RecipePage::removeCurrentStep);
    connect(m_removeAction, &QAction::triggered, this, &RecipePage::removeCurrentStep);
    connect(m_up, &QPushButton::clicked, this, [this] { moveCurrentStep(-1); });
    connect(m_upAction, &QAction::triggered, this, [this] { moveCurrentStep(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveCurrentStep(1); });
    connect(m_downAction, &QAction::triggered, this, [this] { moveCurrentStep(1); });
    connect(m_save, &QPushButton::clicked, this, &RecipePage::saveWithDialog);
    connect(m_saveAction, &QAction::triggered, this, &RecipePage::saveWithDialog);
    connect(m_load, &QPushButton::clicked, this, &RecipePage::loadWithDialog);
    connect(m_loadAction, &QAction::triggered, this, &RecipePage::loadWithDialog);
    connect(m_runButton, &QPushButton::clicked, this, &RecipePage::run);
    connect(m_runAction, &QAction::triggered, this, &RecipePage::run);
    connect(m_newName, &QLineEdit::textChanged, this, &RecipePage::updateButtons);
    connect(m_steps, &QListWidget::currentRowChanged, this, [this](int row) {
        m_form->setStep(row >= 0 && row < m_recipe.size() ? m_recipe.at(row).toObject() : QJsonObject());
        updateButtons();
    });
    connect(m_form, &StepSettingsForm::stepEdited, this, [this](const QJsonObject& step) {
        const int row = m_steps->currentRow();
        if (row < 0 || row >= m_recipe.size())
            return;
        m_recipe.replace(row, step);
        m_steps->item(row)->setText(stepSummary(step));
    });
    connect(m_job, &DataJob::runningChanged, this, &RecipePage::updateButtons);
    connect(m_job, &DataJob::succeeded, this, [this](const QJsonObject& json) {
        const FilterResult result = filterResultFromJson(json);
        showResult(result);
        Q_EMIT filtered(result.dataset);
    });
    connect(m_job, &DataJob::failed, this, &RecipePage::showError);
    connect(m_job, &DataJob::cancelled, this, [this] { m_summary->setText(tr("The filter was cancelled.")); });
    retranslateUi();
    updateButtons();
}

void RecipePage::retranslateUi()
{
    m_add->setText(tr("Add step"));
    m_remove->setText(tr("Remove"));
    m_remove->setToolTip(tr("Remove the selected step (Delete)"));
    m_up->setText(tr("Up"));
    m_up->setToolTip(tr("Run the selected step earlier (Alt+Up)"));
    m_down->setText(tr("Down"));
    m_down->setToolTip(tr("Run the selected step later (Alt+Down)"));
    m_save->setText(tr("Save…"));
    m_save->setToolTip(tr("Save the recipe as JSON (Ctrl+S)"));
    m_load->setText(tr("Load…"));
    m_load->setToolTip(tr("Load a recipe from JSON (Ctrl+Shift+L)"));
    m_newNameLabel->setText(tr("New version"));
    m_tokenizerLabel->setText(tr("Tokenizer"));
    m_tokenizerLabel->setToolTip(tr("Counts the tokens of length steps whose unit is tokens"));
    m_newName->setPlaceholderText(tr("Name of the filtered dataset"));
    m_runButton->setText(tr("Run recipe"));
    m_runButton->setToolTip(tr("Filter the dataset into a new version (Ctrl+R)"));
    m_upAction->setText(tr("Move step up"));
    m_downAction->setText(tr("Move step down"));
    m_removeAction->setText(tr("Remove step"));
    m_saveAction->setText(tr("Save recipe"));
    m_loadAction->setText(tr("Load recipe"));
    m_runAction->setText(tr("Run recipe"));
    m_datasetLabel->setText(m_dataset.isEmpty() ? tr("Select a dataset version first.")
                                                : tr("Recipe for %1").arg(m_dataset));
    m_counts->setColumnCount(4);
    m_counts->setHorizontalHeaderLabels({tr("Step"), tr("Rows in"), tr("Rows out"), tr("Changed")});
    m_removed->setColumnCount(4);
    m_removed->setHorizontalHeaderLabels({tr("Step"), tr("Source"), tr("Reason"), tr("Text")});
}

void RecipePage::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

void RecipePage::setDataset(const QString& name)
{
    m_dataset = name;
    if (!name.isEmpty())
        m_newName->setText(name + QStringLiteral("-filtered"));
    retranslateUi();
    updateButtons();
}

void RecipePage::setTokenizers(const QStringList& names)
{
    m_tokenizer->setTokenizers(names);
}

void RecipePage::setRecipe(const QJsonArray& recipe)
{
    m_recipe = recipe;
    refreshList(recipe.isEmpty() ? -1 : 0);
}

void RecipePage::refreshList(int current)
{
    m_steps->clear();
    for (const QJsonValue& step : std::as_const(m_recipe))
        m_steps->addItem(stepSummary(step.toObject()));
    m_steps->setCurrentRow(current);
    if (current < 0)
        m_form->setStep({});
    updateButtons();
}

void RecipePage::addStep(const QString& kind)
{
    const int at = m_steps->currentRow() < 0 ? int(m_recipe.size()) : m_steps->currentRow() + 1;
    m_recipe.insert(at, defaultRecipeStep(kind));
    refreshList(at);
}

void RecipePage::removeCurrentStep()
{
    const int row = m_steps->currentRow();
    if (row < 0 || row >= m_recipe.size())
        return;
    m_recipe.removeAt(row);
    refreshList(qMin(row, int(m_recipe.size()) - 1));
}

void RecipePage::moveCurrentStep(int delta)
{
    const int row = m_steps->currentRow();
    const int to = row + delta;
    if (row < 0 || to < 0 || to >= m_recipe.size())
        return;
    const QJsonValue step = m_recipe.at(row);
    m_recipe.removeAt(row);
    m_recipe.insert(to, step);
    refreshList(to);
}

bool RecipePage::saveRecipe(const QString& path, QString* error) const
{
    QSaveFile file(path);
    const QByteArray bytes = QJsonDocument(m_recipe).toJson(QJsonDocument::Indented);
    if (file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit())
        return true;
    if (error)
        *error = tr("Could not save %1: %2").arg(path, file.errorString());
    return false;
}

bool RecipePage::loadRecipe(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("Could not open %1: %2").arg(path, file.errorString());
        return false;
    }
    QString problem;
    const QJsonArray recipe = recipeFromText(file.readAll(), &problem);
    if (!problem.isEmpty()) {
        if (error)
            *error = QFileInfo(path).fileName() + QStringLiteral(": ") + problem;
        return false;
    }
    setRecipe(recipe);
    return true;
}

void RecipePage::saveWithDialog()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save recipe"), QString(), tr("Recipes (*.json)"));
    QString error;
    if (!path.isEmpty() && !saveRecipe(path, &error))
        showError(error);
}

void RecipePage::loadWithDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Load recipe"), QString(), tr("Recipes (*.json)"));
    QString error;
    if (!path.isEmpty() && !loadRecipe(path, &error))
        showError(error);
}

void RecipePage::showError(const QString& message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void RecipePage::updateButtons()
{
    const int row = m_steps->currentRow();
    const bool running = m_job->isRunning();
    m_remove->setEnabled(row >= 0);
    m_up->setEnabled(row > 0);
    m_down->setEnabled(row >= 0 && row + 1 < m_recipe.size());
    m_runButton->setEnabled(!running && !m_dataset.isEmpty() && !m_recipe.isEmpty() &&
                            !m_newName->text().trimmed().isEmpty());
    m_runAction->setEnabled(m_runButton->isEnabled());
}

void RecipePage::run()
{
    if (!m_runButton->isEnabled())
        return;
    // The recipe travels as a file the job removes when it ends.
    QTemporaryFile file(QDir::temp().filePath(QStringLiteral("llmwb-recipe-XXXXXX.json")));
    file.setAutoRemove(false);
    const QByteArray bytes = QJsonDocument(m_recipe).toJson(QJsonDocument::Compact);
    if (!file.open() || file.write(bytes) != bytes.size() || !file.flush()) {
        showError(tr("Could not write the recipe to %1: %2").arg(file.fileName(), file.errorString()));
        file.remove();
        return;
    }
    file.close();
    showError({});
    m_summary->clear();
    m_job->start(filterJob(m_projectDir, m_dataset, file.fileName(), m_newName->text().trimmed(), m_tokenizer->tokenizer()));
}

void RecipePage::showResult(const FilterResult& result)
{
    m_summary->setText(tr("%1: %2 of %3 rows kept.")
                           .arg(result.dataset, QLocale().toString(result.rowsOut), QLocale().toString(result.rowsIn)));
    m_counts->setRowCount(int(result.steps.size()));
    int removedRows = 0;
    for (const StepResult& s : result.steps)
        removedRows += int(s.removed.size());
    m_removed->setRowCount(removedRows);
    int r = 0;
    for (int i = 0; i < result.steps.size(); ++i) {
        const StepResult& s = result.steps.at(i);
        const QString name = stepSummary(s.step);
        setTableRow(m_counts, i, {name, QLocale().toString(s.rowsIn), QLocale().toString(s.rowsOut),
                               QLocale().toString(s.changed)});
        for (const RemovedSample& sample : s.removed)
            setTableRow(m_removed, r++, {s.step.value(QLatin1String("step")).toString(),
                                      QStringLiteral("%1:%2").arg(QFileInfo(sample.file).fileName()).arg(sample.line),
                                      sample.reason, sample.text});
    }
    m_counts->resizeColumnsToContents();
    m_removed->resizeColumnToContents(0);
    m_removed->resizeColumnToContents(1);
}

} // namespace lw::ui::data
