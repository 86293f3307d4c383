#pragma once
// The template view: rows of the chosen dataset written with a chat template and cut
// into tokens by a tokenizer (`llmwb data template`), the tokens that receive loss
// coloured, and the counts of the template checks (no end-of-sequence token, stop
// string never trained, truncated rows, rows without any loss token). Ctrl+R shows them.
#include "ui/panels/data/data_json.h"

#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTextBrowser;

namespace lw::ui::data {

class DataQuery;
class TokenizerChooser;

class TemplatePage : public QWidget {
    Q_OBJECT
public:
    explicit TemplatePage(QWidget* parent = nullptr);

    void setProjectDir(const QString& dir) { m_projectDir = dir; }
    void setDataset(const QString& name);
    void setTokenizers(const QStringList& names);
    void showPreview(const TemplatePreview& preview);
    void requestPreview();
    // The rows as rich text: loss tokens on a coloured background, the others plain.
    static QString rowsHtml(const TemplatePreview& preview, const QColor& lossColor);
    // The check counts in a sentence.
    static QString checksText(const TemplatePreview& preview);

    const TemplatePreview& preview() const { return m_preview; }
    QComboBox* templateBox() const { return m_template; }
    TokenizerChooser* tokenizerChooser() const { return m_tokenizer; }
    QSpinBox* contextBox() const { return m_context; }
    QTextBrowser* view() const { return m_view; }
    QLabel* checksLabel() const { return m_checks; }
    QLabel* errorLabel() const { return m_error; }
    QPushButton* showButton() const { return m_showButton; }
    bool isBusy() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void updateButtons();

    QString m_projectDir;
    QString m_dataset;
    TemplatePreview m_preview;
    bool m_hasPreview = false;
    DataQuery* m_query;
    QLabel* m_datasetLabel;
    QLabel* m_templateLabel;
    QComboBox* m_template;
    QLabel* m_tokenizerLabel;
    TokenizerChooser* m_tokenizer;
    QLabel* m_rowsLabel;
    QSpinBox* m_rows;
    QLabel* m_lossLabel;
    QComboBox* m_loss;
    QLabel* m_contextLabel;
    QSpinBox* m_context;
    QPushButton* m_showButton;
    QLabel* m_checks;
    QLabel* m_error;
    QTextBrowser* m_view;
    QAction* m_showAction;
};

} // namespace lw::ui::data
