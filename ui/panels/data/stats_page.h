#pragma once
// Statistics of the chosen dataset (`llmwb data stats`): length histograms in
// characters and, with a tokenizer, in tokens; empty fields; languages; exact
// duplicates; rows and tokens per split. The split itself is made here too (`llmwb
// data split`). F5 computes the statistics again.
#include "ui/panels/data/data_json.h"

#include <QWidget>

class QAction;
class QComboBox;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace lw::ui::data {

class DataQuery;
class TokenizerChooser;

class StatsPage : public QWidget {
    Q_OBJECT
public:
    explicit StatsPage(QWidget* parent = nullptr);

    void setProjectDir(const QString& dir) { m_projectDir = dir; }
    void setDataset(const QString& name);
    void setTokenizers(const QStringList& names);
    void requestStats();
    void requestSplit();
    void showStats(const DataStats& stats);
    // "Split made: 990 train, 55 validation, 55 test."
    static QString splitText(const SplitCounts& counts);

    QCustomPlot* charsPlot() const { return m_chars; }
    QCustomPlot* tokensPlot() const { return m_tokens; }
    QCustomPlot* emptiesPlot() const { return m_empties; }
    QCustomPlot* languagesPlot() const { return m_languages; }
    QCustomPlot* splitsPlot() const { return m_splits; }
    QLabel* summaryLabel() const { return m_summary; }
    TokenizerChooser* tokenizerChooser() const { return m_tokenizer; }
    QDoubleSpinBox* trainBox() const { return m_train; }
    QDoubleSpinBox* validationBox() const { return m_validation; }
    QDoubleSpinBox* testBox() const { return m_test; }
    QSpinBox* seedBox() const { return m_seed; }
    QPushButton* computeButton() const { return m_compute; }
    QPushButton* splitButton() const { return m_splitButton; }
    const DataStats& stats() const { return m_stats; }
    QLabel* errorLabel() const { return m_error; }
    bool isBusy() const;

Q_SIGNALS:
    void splitMade(const QString& dataset);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void showError(const QString& message);

    QString m_projectDir;
    QString m_dataset;
    DataStats m_stats;
    bool m_hasStats = false;
    DataQuery* m_statsQuery;
    DataQuery* m_splitQuery;
    QLabel* m_datasetLabel;
    QLabel* m_tokenizerLabel;
    TokenizerChooser* m_tokenizer;
    QPushButton* m_compute;
    QLabel* m_splitLabel;
    QDoubleSpinBox* m_train;
    QDoubleSpinBox* m_validation;
    QDoubleSpinBox* m_test;
    QLabel* m_seedLabel;
    QSpinBox* m_seed;
    QLineEdit* m_groupBy;
    QPushButton* m_splitButton;
    QLabel* m_summary;
    QLabel* m_error;
    QCustomPlot* m_chars;
    QCustomPlot* m_tokens;
    QCustomPlot* m_empties;
    QCustomPlot* m_languages;
    QCustomPlot* m_splits;
    QAction* m_computeAction;
};

} // namespace lw::ui::data
