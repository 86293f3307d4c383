#include "ui/panels/data/step_settings_form.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace lw::ui::data {

StepSettingsForm::StepSettingsForm(QWidget* parent)
    : QWidget(parent), m_form(new QFormLayout), m_title(new QLabel(this))
{
    m_title->setObjectName(QStringLiteral("stepTitle"));
    m_title->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addLayout(m_form);
    layout->addStretch(1);
    rebuild();
}

void StepSettingsForm::setStep(const QJsonObject& step)
{
    m_step = step;
    rebuild();
}

void StepSettingsForm::setValue(const QString& key, const QJsonValue& value)
{
    m_step.insert(key, value);
    Q_EMIT stepEdited(m_step);
}

void StepSettingsForm::rebuild()
{
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    m_editors.clear();
    const QString kind = m_step.value(QLatin1String("step")).toString();
    if (kind.isEmpty()) {
        m_title->setText(tr("Add a step, or select one to change its settings."));
        return;
    }
    int settings = 0;
    for (auto it = m_step.begin(); it != m_step.end(); ++it) {
        const QString key = it.key();
        if (key == QLatin1String("step"))
            continue;
        ++settings;
        const QJsonValue value = it.value();
        QWidget* editor = nullptr;
        if (value.isBool()) {
            auto* box = new QCheckBox(this);
            box->setChecked(value.toBool());
            connect(box, &QCheckBox::toggled, this, [this, key](bool on) { setValue(key, on); });
            editor = box;
        } else if (value.isDouble() && value.toDouble() == std::floor(value.toDouble()) &&
                   std::abs(value.toDouble()) < std::numeric_limits<int>::max()) {
            auto* box = new QSpinBox(this);
            box->setRange(0, std::numeric_limits<int>::max());
            box->setValue(value.toInt());
            connect(box, &QSpinBox::valueChanged, this, [this, key](int v) { setValue(key, v); });
            editor = box;
        } else if (value.isDouble()) {
            auto* box = new QDoubleSpinBox(this);
            box->setDecimals(3);
            box->setRange(0, 1e9);
            box->setSingleStep(0.05);
            box->setValue(value.toDouble());
            connect(box, &QDoubleSpinBox::valueChanged, this, [this, key](double v) { setValue(key, v); });
            editor = box;
        } else if (value.isArray()) {
            QStringList items;
            for (const QJsonValue& v : value.toArray())
                items << v.toVariant().toString();
            auto* line = new QLineEdit(items.join(QStringLiteral(", ")), this);
            line->setToolTip(tr("Separate the values with commas"));
            connect(line, &QLineEdit::textEdited, this, [this, key](const QString& text) {
                QJsonArray list;
                for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
                    if (!part.trimmed().isEmpty())
                        list.append(part.trimmed());
                setValue(key, list);
            });
            editor = line;
        } else {
            auto* line = new QLineEdit(value.toString(), this);
            connect(line, &QLineEdit::textEdited, this, [this, key](const QString& text) { setValue(key, text); });
            editor = line;
        }
        editor->setObjectName(QStringLiteral("setting_") + key);
        m_form->addRow(key, editor);
        m_editors.insert(key, editor);
    }
    m_title->setText(settings > 0 ? tr("Settings of step %1").arg(kind)
                                  : tr("Step %1 has no settings: it runs with the worker's defaults.").arg(kind));
}

void StepSettingsForm::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        rebuild();
}

} // namespace lw::ui::data
