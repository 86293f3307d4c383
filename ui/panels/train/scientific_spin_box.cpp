#include "ui/panels/train/scientific_spin_box.h"

#include <cmath>
#include <limits>

namespace lw::ui {

ScientificSpinBox::ScientificSpinBox(QWidget* parent) : QDoubleSpinBox(parent)
{
    setDecimals(std::numeric_limits<double>::max_exponent10); // never round what was typed
    setRange(0, 1e12);
    setKeyboardTracking(false);
}

QString ScientificSpinBox::textFromValue(double value) const
{
    return QString::number(value, 'g', 8);
}

double ScientificSpinBox::valueFromText(const QString& text) const
{
    bool ok = false;
    const double value = text.trimmed().toDouble(&ok);
    return ok ? value : this->value();
}

QValidator::State ScientificSpinBox::validate(QString& text, int&) const
{
    const QString t = text.trimmed();
    if (t.isEmpty() || t.endsWith(QLatin1Char('e'), Qt::CaseInsensitive) || t.endsWith(QLatin1Char('-')) ||
        t.endsWith(QLatin1Char('.')) || t.endsWith(QLatin1Char('+')))
        return QValidator::Intermediate;
    bool ok = false;
    const double value = t.toDouble(&ok);
    if (!ok)
        return QValidator::Invalid;
    return value >= minimum() && value <= maximum() ? QValidator::Acceptable : QValidator::Intermediate;
}

void ScientificSpinBox::stepBy(int steps)
{
    const double current = value();
    if (current == 0) {
        setValue(steps > 0 ? 1e-6 : 0);
        return;
    }
    setValue(current * std::pow(2.0, steps));
}

} // namespace lw::ui
