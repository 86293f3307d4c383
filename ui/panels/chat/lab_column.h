#pragma once
// One column of the decoding lab: a decoding setting, the answer it gave coloured by
// token probability, and the answer's statistics.
#include "core/generate/sampler_settings.h"
#include "ui/panels/chat/generation_types.h"

#include <QFrame>

class QLabel;

namespace lw::ui {

class DecodingForm;
class TokenView;

class LabColumn : public QFrame {
    Q_OBJECT
public:
    LabColumn(int number, QWidget* parent = nullptr);

    // A different starting setting per column, so that the first run already compares.
    static generate::SamplerSettings presetSettings(int column);

    DecodingForm* form() const { return m_form; }
    TokenView* tokenView() const { return m_tokens; }
    QLabel* statsLabel() const { return m_stats; }

    void clearAnswer();
    void appendToken(const TokenViewItem& token);
    void finish(const AnswerResult& answer);
    void fail(const QString& message);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    int m_number;
    QLabel* m_title;
    DecodingForm* m_form;
    TokenView* m_tokens;
    QLabel* m_stats;
    AnswerResult m_answer; // the last one, whose statistics follow the language
};

} // namespace lw::ui
