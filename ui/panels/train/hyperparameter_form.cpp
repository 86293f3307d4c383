#include "ui/panels/train/hyperparameter_form.h"

#include "core/train/train_config.h"
#include "ui/panels/train/config_field_texts.h"
#include "ui/panels/train/scientific_spin_box.h"
#include "ui/shell/json_bridge.h"
#include "ui/widgets/check_box_contrast.h"
#include "ui/widgets/zero_meaning.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include <climits>

namespace lw::ui {

namespace {

QString defaultText(const QJsonValue& value)
{
    if (value.isBool())
        return value.toBool() ? HyperparameterForm::tr("on") : HyperparameterForm::tr("off");
    if (value.isString())
        return value.toString().isEmpty() ? HyperparameterForm::tr("empty") : value.toString();
    return QString::number(value.toDouble(), 'g', 8);
}

} // namespace

HyperparameterForm::HyperparameterForm(QWidget* parent) : QWidget(parent)
{
    build();
    retranslate();
}

bool HyperparameterForm::isExcluded(const QString& key)
{
    return key == QLatin1String("dataset") || key == QLatin1String("model") || key == QLatin1String("threads") ||
           key == QLatin1String("device");
}

void HyperparameterForm::build()
{
    const nlohmann::json coreDefaults = train::TrainConfig().toJson();
    const QJsonObject defaults = toQJson(coreDefaults);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    QHash<int, QFormLayout*> forms;
    for (const auto& [coreKey, help] : train::trainConfigHelp()) {
        const QString key = QString::fromStdString(coreKey);
        if (isExcluded(key) || !defaults.contains(key))
            continue;
        const int group = int(configFieldGroup(key));
        if (!m_groups.contains(group)) {
            auto* box = new QGroupBox(this);
            m_groups.insert(group, box);
            forms.insert(group, new QFormLayout(box));
        }
        Field field;
        field.key = key;
        field.help = help;
        field.defaultValue = defaults.value(key);
        field.editor = makeEditor(key, field.defaultValue, coreDefaults[coreKey].is_number_integer());
        field.editor->setObjectName(key);
        field.label = new QLabel(this);
        field.label->setBuddy(field.editor);
        forms[group]->addRow(field.label, field.editor);
        m_fields.insert(key, field);
        m_order.append(key);
    }
    // Groups in the order of ConfigGroup, whatever the order of the fields.
    QList<int> groups = m_groups.keys();
    std::sort(groups.begin(), groups.end());
    for (int group : groups)
        layout->addWidget(m_groups[group]);
    resetToDefaults();
}

QWidget* HyperparameterForm::makeEditor(const QString& key, const QJsonValue& defaultValue, bool integer)
{
    const QStringList choices = configFieldChoices(key);
    if (!choices.isEmpty()) {
        auto* combo = new QComboBox(this);
        combo->addItems(choices);
        connect(combo, &QComboBox::currentIndexChanged, this, &HyperparameterForm::valuesChanged);
        return combo;
    }
    if (defaultValue.isBool()) {
        auto* check = new QCheckBox(this);
        keepCheckBoxReadable(check);
        connect(check, &QCheckBox::toggled, this, &HyperparameterForm::valuesChanged);
        return check;
    }
    if (defaultValue.isString()) {
        auto* edit = new QLineEdit(this);
        connect(edit, &QLineEdit::textChanged, this, &HyperparameterForm::valuesChanged);
        return edit;
    }
    if (integer) {
        auto* spin = new QSpinBox(this);
        spin->setRange(0, INT_MAX);
        spin->setKeyboardTracking(false);
        spin->setProperty("integer", true);
        connect(spin, &QSpinBox::valueChanged, this, &HyperparameterForm::valuesChanged);
        return spin;
    }
    auto* spin = new ScientificSpinBox(this);
    connect(spin, &QDoubleSpinBox::valueChanged, this, &HyperparameterForm::valuesChanged);
    return spin;
}

void HyperparameterForm::setEditorValue(QWidget* editor, const QJsonValue& value)
{
    if (auto* combo = qobject_cast<QComboBox*>(editor)) {
        const int index = combo->findText(value.toString());
        if (index >= 0)
            combo->setCurrentIndex(index);
    } else if (auto* check = qobject_cast<QCheckBox*>(editor)) {
        check->setChecked(value.toBool());
    } else if (auto* edit = qobject_cast<QLineEdit*>(editor)) {
        edit->setText(value.toString());
    } else if (auto* spin = qobject_cast<QSpinBox*>(editor)) {
        spin->setValue(int(qBound(0.0, value.toDouble(), double(INT_MAX))));
    } else if (auto* real = qobject_cast<QDoubleSpinBox*>(editor)) {
        real->setValue(value.toDouble());
    }
}

QJsonValue HyperparameterForm::editorValue(const Field& field) const
{
    QWidget* editor = field.editor;
    if (auto* combo = qobject_cast<QComboBox*>(editor))
        return combo->currentText();
    if (auto* check = qobject_cast<QCheckBox*>(editor))
        return check->isChecked();
    if (auto* edit = qobject_cast<QLineEdit*>(editor))
        return edit->text();
    if (auto* spin = qobject_cast<QSpinBox*>(editor))
        return qint64(spin->value());
    if (auto* real = qobject_cast<QDoubleSpinBox*>(editor))
        return real->value();
    return field.defaultValue;
}

QJsonObject HyperparameterForm::values() const
{
    QJsonObject out;
    for (const QString& key : m_order)
        out.insert(key, editorValue(m_fields[key]));
    return out;
}

void HyperparameterForm::setValues(const QJsonObject& values)
{
    {
        const QSignalBlocker blocker(this);
        for (auto it = values.constBegin(); it != values.constEnd(); ++it)
            if (m_fields.contains(it.key()))
                setEditorValue(m_fields[it.key()].editor, it.value());
    }
    Q_EMIT valuesChanged();
}

void HyperparameterForm::resetToDefaults()
{
    QJsonObject defaults;
    for (const QString& key : m_order)
        defaults.insert(key, m_fields[key].defaultValue);
    setValues(defaults);
}

QWidget* HyperparameterForm::editor(const QString& key) const
{
    auto it = m_fields.constFind(key);
    return it == m_fields.constEnd() ? nullptr : it->editor;
}

void HyperparameterForm::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void HyperparameterForm::retranslate()
{
    for (auto it = m_groups.constBegin(); it != m_groups.constEnd(); ++it)
        it.value()->setTitle(configGroupTitle(ConfigGroup(it.key())));
    for (const QString& key : m_order) {
        Field& field = m_fields[key];
        field.label->setText(configFieldLabel(key));
        const QString tip = tr("%1\nDefault: %2").arg(translatedConfigHelp(field.help), defaultText(field.defaultValue));
        field.label->setToolTip(tip);
        field.editor->setToolTip(tip);
        showZeroMeaning(qobject_cast<QAbstractSpinBox*>(field.editor), translatedConfigHelp(field.help));
    }
}

} // namespace lw::ui
