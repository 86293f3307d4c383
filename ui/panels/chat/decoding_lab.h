#pragma once
// The decoding lab: one prompt answered side by side with 2 to 4 decoding settings, all
// in one batch (one forward pass per step for every column). Every token is coloured by
// its probability; hovering it lists the model's most likely tokens at that step.
#include "ui/panels/chat/generation_types.h"

#include <QList>
#include <QWidget>

class QCheckBox;
class QHBoxLayout;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace lw::ui {

class ChatTemplatePicker;
class LabColumn;
class ModelSession;

class DecodingLab : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMinColumns = 2;
    static constexpr int kMaxColumns = 4;
    static constexpr int kAlternatives = 5; // tokens listed when hovering one

    explicit DecodingLab(ModelSession* session, QWidget* parent = nullptr);

    void setColumnCount(int columns);
    int columnCount() const { return int(m_columns.size()); }
    LabColumn* column(int index) const { return m_columns.value(index); }
    QPlainTextEdit* prompt() const { return m_prompt; }
    QSpinBox* columnsSpin() const { return m_columnsSpin; }
    QCheckBox* useTemplate() const { return m_useTemplate; }
    QPushButton* runButton() const { return m_run; }
    QPushButton* stopButton() const { return m_stop; }
    bool isRunning() const { return m_job != 0; }

public Q_SLOTS:
    void run();
    void stop();

Q_SIGNALS:
    void finished(const QList<lw::ui::AnswerResult>& results);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void updateButtons();

    ModelSession* m_session;
    QLabel* m_promptLabel;
    QPlainTextEdit* m_prompt;
    QLabel* m_columnsLabel;
    QSpinBox* m_columnsSpin;
    QCheckBox* m_useTemplate;
    ChatTemplatePicker* m_template;
    QPushButton* m_run;
    QPushButton* m_stop;
    QLabel* m_legend;
    QHBoxLayout* m_columnsLayout;
    QList<LabColumn*> m_columns;
    quint64 m_job = 0;
};

} // namespace lw::ui
