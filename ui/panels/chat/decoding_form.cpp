#include "ui/panels/chat/decoding_form.h"

#include "ui/panels/chat/sampler_field_texts.h"

#include <QDoubleSpinBox>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QSpinBox>

#include <algorithm>
#include <climits>

namespace lw::ui {

namespace {

struct Range {
    const char* key;
    double minimum;
    double maximum;
    double step;
    int decimals; // -1: an integer field
};

// Ranges a person would use; core validates the settings again before generating.
const Range kRanges[] = {
    {"temperature", 0.0, 5.0, 0.05, 2},
    {"top_k", 0, 1000, 1, -1},
    {"top_p", 0.01, 1.0, 0.05, 2},
    {"min_p", 0.0, 0.99, 0.01, 2},
    {"repetition_penalty", 0.5, 3.0, 0.05, 2},
    {"presence_penalty", -2.0, 2.0, 0.1, 2},
    {"frequency_penalty", -2.0, 2.0, 0.1, 2},
    {"max_tokens", 1, 8192, 16, -1},
    {"seed", 0, INT_MAX, 1, -1},
};

} // namespace

QStringList DecodingForm::fieldKeys()
{
    QStringList keys;
    for (const Range& r : kRanges)
        keys.append(QString::fromLatin1(r.key));
    return keys;
}

DecodingForm::DecodingForm(QWidget* parent, int fieldsPerRow) : QWidget(parent)
{
    m_grid = new QGridLayout(this);
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setHorizontalSpacing(6);
    m_grid->setVerticalSpacing(4);
    m_maxColumns = qMax(1, fieldsPerRow);
    for (const Range& r : kRanges) {
        const QString key = QString::fromLatin1(r.key);
        QAbstractSpinBox* editor = nullptr;
        if (r.decimals < 0) {
            auto* box = new QSpinBox(this);
            box->setRange(int(r.minimum), int(r.maximum));
            box->setSingleStep(int(r.step));
            connect(box, &QSpinBox::valueChanged, this, &DecodingForm::changed);
            editor = box;
        } else {
            auto* box = new QDoubleSpinBox(this);
            box->setRange(r.minimum, r.maximum);
            box->setSingleStep(r.step);
            box->setDecimals(r.decimals);
            connect(box, &QDoubleSpinBox::valueChanged, this, &DecodingForm::changed);
            editor = box;
        }
        editor->setObjectName(key);
        editor->setKeyboardTracking(false);
        auto* label = new QLabel(this);
        label->setBuddy(editor);
        m_order.append(key);
        m_editors.insert(key, editor);
        m_labels.insert(key, label);
    }
    setSettings(generate::SamplerSettings());
    retranslate();
    arrange(m_maxColumns);
}

int DecodingForm::pairWidth() const
{
    // The widest label beside the widest editor: what one column of fields takes.
    int label = 0;
    int editor = 0;
    for (const QString& key : m_order) {
        label = qMax(label, m_labels[key]->sizeHint().width());
        editor = qMax(editor, m_editors[key]->minimumSizeHint().width());
    }
    return label + m_grid->horizontalSpacing() + editor;
}

QSize DecodingForm::minimumSizeHint() const
{
    // Never narrower than one field a row with every label whole; wider arrangements
    // are chosen by width when resized.
    return {pairWidth(), QWidget::minimumSizeHint().height()};
}

void DecodingForm::arrange(int columns)
{
    columns = qBound(1, columns, m_maxColumns);
    if (columns == m_columns)
        return;
    m_columns = columns;
    for (const QString& key : std::as_const(m_order)) {
        m_grid->removeWidget(m_labels[key]);
        m_grid->removeWidget(m_editors[key]);
    }
    for (int c = 0; c < m_maxColumns * 2; ++c)
        m_grid->setColumnStretch(c, 0);
    for (int index = 0; index < m_order.size(); ++index) {
        const QString& key = m_order[index];
        const int row = index / columns;
        const int column = (index % columns) * 2;
        m_grid->addWidget(m_labels[key], row, column);
        m_grid->addWidget(m_editors[key], row, column + 1);
    }
    for (int i = 0; i < columns; ++i)
        m_grid->setColumnStretch(i * 2 + 1, 1);
}

void DecodingForm::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    const int pair = pairWidth() + 2 * m_grid->horizontalSpacing();
    arrange(pair > 0 ? width() / pair : m_maxColumns);
}

generate::SamplerSettings DecodingForm::settings() const
{
    generate::SamplerSettings s = m_base;
    auto real = [this](const char* key) { return static_cast<QDoubleSpinBox*>(m_editors.value(key))->value(); };
    auto whole = [this](const char* key) { return static_cast<QSpinBox*>(m_editors.value(key))->value(); };
    s.temperature = real("temperature");
    s.top_k = whole("top_k");
    s.top_p = real("top_p");
    s.min_p = real("min_p");
    s.repetition_penalty = real("repetition_penalty");
    s.presence_penalty = real("presence_penalty");
    s.frequency_penalty = real("frequency_penalty");
    s.max_tokens = whole("max_tokens");
    s.seed = uint64_t(whole("seed"));
    return s;
}

void DecodingForm::setSettings(const generate::SamplerSettings& settings)
{
    m_base = settings;
    auto real = [this](const char* key, double value) {
        static_cast<QDoubleSpinBox*>(m_editors.value(key))->setValue(value);
    };
    auto whole = [this](const char* key, int64_t value) {
        static_cast<QSpinBox*>(m_editors.value(key))->setValue(int(std::clamp<int64_t>(value, 0, INT_MAX)));
    };
    const QSignalBlocker blockForm(this);
    real("temperature", settings.temperature);
    whole("top_k", settings.top_k);
    real("top_p", settings.top_p);
    real("min_p", settings.min_p);
    real("repetition_penalty", settings.repetition_penalty);
    real("presence_penalty", settings.presence_penalty);
    real("frequency_penalty", settings.frequency_penalty);
    whole("max_tokens", settings.max_tokens);
    whole("seed", int64_t(settings.seed));
}

void DecodingForm::retranslate()
{
    for (auto it = m_editors.cbegin(); it != m_editors.cend(); ++it) {
        const QString help = samplerFieldHelp(it.key());
        m_labels[it.key()]->setText(samplerFieldLabel(it.key()));
        m_labels[it.key()]->setToolTip(help);
        it.value()->setToolTip(help);
    }
}

void DecodingForm::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        const int pair = pairWidth() + 2 * m_grid->horizontalSpacing();
        arrange(width() > 0 && pair > 0 ? width() / pair : m_maxColumns);
    }
    QWidget::changeEvent(event);
}

} // namespace lw::ui
