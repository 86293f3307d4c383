#pragma once
// The recipe builder: a filter recipe made step by step (add, remove, reorder, each
// step's settings in a small form), saved and loaded as JSON, and run on the chosen
// dataset as a job with progress and cancel (`llmwb data filter`); the rows in and out
// of every step and the samples each removed, with the reason, come back in tables.
// Keys: Alt+Up/Alt+Down move a step, Delete removes it, Ctrl+S saves, Ctrl+Shift+L
// loads, Ctrl+R runs.
#include "ui/panels/data/data_json.h"

#include <QJsonArray>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableWidget;

namespace lw::ui {
class JobSupervisor;
}

namespace lw::ui::data {

class DataJob;
class JobProgressRow;
class StepSettingsForm;
class TokenizerChooser;

class RecipePage : public QWidget {
    Q_OBJECT
public:
    explicit RecipePage(JobSupervisor* supervisor, QWidget* parent = nullptr);

    void setProjectDir(const QString& dir) { m_projectDir = dir; }
    void setDataset(const QString& name);
    QString dataset() const { return m_dataset; }
    // For length steps counted in tokens.
    void setTokenizers(const QStringList& names);

    QJsonArray recipe() const { return m_recipe; }
    void setRecipe(const QJsonArray& recipe);
    void addStep(const QString& kind);
    void removeCurrentStep();
    void moveCurrentStep(int delta);
    bool saveRecipe(const QString& path, QString* error) const;
    bool loadRecipe(const QString& path, QString* error);
    void run();
    void showResult(const FilterResult& result);

    QListWidget* stepList() const { return m_steps; }
    StepSettingsForm* settingsForm() const { return m_form; }
    QComboBox* stepKindBox() const { return m_kind; }
    QLineEdit* newNameEdit() const { return m_newName; }
    TokenizerChooser* tokenizerChooser() const { return m_tokenizer; }
    QPushButton* runButton() const { return m_runButton; }
    QTableWidget* countsTable() const { return m_counts; }
    QTableWidget* removedTable() const { return m_removed; }
    QLabel* errorLabel() const { return m_error; }
    DataJob* job() const { return m_job; }

Q_SIGNALS:
    void filtered(const QString& dataset);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void refreshList(int current);
    void showError(const QString& message);
    void updateButtons();
    void saveWithDialog();
    void loadWithDialog();

    QString m_projectDir;
    QString m_dataset;
    QJsonArray m_recipe;
    DataJob* m_job;
    QLabel* m_datasetLabel;
    QListWidget* m_steps;
    QComboBox* m_kind;
    QPushButton* m_add;
    QPushButton* m_remove;
    QPushButton* m_up;
    QPushButton* m_down;
    QPushButton* m_save;
    QPushButton* m_load;
    StepSettingsForm* m_form;
    QLabel* m_newNameLabel;
    QLineEdit* m_newName;
    QLabel* m_tokenizerLabel;
    TokenizerChooser* m_tokenizer;
    QPushButton* m_runButton;
    JobProgressRow* m_progress;
    QLabel* m_error;
    QLabel* m_summary;
    QTableWidget* m_counts;
    QTableWidget* m_removed;
    QAction* m_upAction;
    QAction* m_downAction;
    QAction* m_removeAction;
    QAction* m_saveAction;
    QAction* m_loadAction;
    QAction* m_runAction;
};

} // namespace lw::ui::data
