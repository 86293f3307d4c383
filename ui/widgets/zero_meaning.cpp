#include "ui/widgets/zero_meaning.h"

#include <QDoubleSpinBox>
#include <QSpinBox>

namespace lw::ui {

QString zeroMeaning(const QString& help)
{
    static const QString marker = QStringLiteral("(0: ");
    const qsizetype start = help.indexOf(marker);
    if (start < 0)
        return {};
    const qsizetype from = start + marker.size();
    qsizetype end = from;
    while (end < help.size() && help[end] != u',' && help[end] != u';' && help[end] != u')')
        ++end;
    return help.mid(from, end - from).trimmed();
}

void showZeroMeaning(QAbstractSpinBox* spin, const QString& help)
{
    // The special text stands for the minimum: only a box whose minimum is 0 may show it.
    const auto* integer = qobject_cast<const QSpinBox*>(spin);
    const auto* real = qobject_cast<const QDoubleSpinBox*>(spin);
    const bool startsAtZero = (integer && integer->minimum() == 0) || (real && real->minimum() == 0.0);
    const QString text = zeroMeaning(help);
    if (startsAtZero && !text.isEmpty())
        spin->setSpecialValueText(text);
}

} // namespace lw::ui
