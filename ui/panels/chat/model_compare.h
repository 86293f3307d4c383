#pragma once
// Two models (or two checkpoints of one run, before and after fine-tuning) answering the
// same prompt with the same decoding setting, side by side. Each side has a model
// session of its own, so both load and answer at the same time.
#include "ui/panels/chat/generation_types.h"
#include "ui/panels/chat/model_catalog.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace lw::ui {

class ChatTemplatePicker;
class DemoModelJob;
class DecodingForm;
class ModelPicker;
class ModelSession;
class TokenView;

class ModelCompare : public QWidget {
    Q_OBJECT
public:
    explicit ModelCompare(QWidget* parent = nullptr);

    void setCatalog(const ModelCatalog& catalog);
    // Where the demo model comes from, and LibTorch's threads for both sides.
    void setLoadOptions(DemoModelJob* demo, int threads);

    ModelPicker* picker(int side) const { return m_sides[side].picker; }
    ModelSession* session(int side) const { return m_sides[side].session; }
    TokenView* tokenView(int side) const { return m_sides[side].tokens; }
    QLabel* statsLabel(int side) const { return m_sides[side].stats; }
    QPlainTextEdit* prompt() const { return m_prompt; }
    DecodingForm* decodingForm() const { return m_form; }
    QCheckBox* useTemplate() const { return m_useTemplate; }
    QPushButton* runButton() const { return m_run; }
    bool isRunning() const { return m_sides[0].job != 0 || m_sides[1].job != 0; }

public Q_SLOTS:
    void run();
    void stop();

Q_SIGNALS:
    // Both sides have answered (or failed; a failed side's result is empty).
    void finished(const lw::ui::AnswerResult& first, const lw::ui::AnswerResult& second);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Side {
        QLabel* title = nullptr;
        ModelPicker* picker = nullptr;
        ModelSession* session = nullptr;
        TokenView* tokens = nullptr;
        QLabel* stats = nullptr;
        quint64 job = 0;
        AnswerResult result;
    };
    QWidget* buildSide(int side);
    void sideDone(int side);
    void retranslate();
    void updateButtons();

    Side m_sides[2];
    bool m_catalogSet = false;
    QLabel* m_promptLabel;
    QPlainTextEdit* m_prompt;
    QCheckBox* m_useTemplate;
    ChatTemplatePicker* m_template;
    QLabel* m_decodingLabel;
    DecodingForm* m_form;
    QPushButton* m_run;
    QPushButton* m_stop;
};

} // namespace lw::ui
