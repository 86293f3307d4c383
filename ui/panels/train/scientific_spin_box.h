#pragma once
// A spin box for values such as 6e-4 or 1e-8 that a fixed number of decimals would
// round away: shown in the shortest exact form, typed in either notation, and stepped
// by multiplying (x2 / ÷2), which suits learning rates and epsilons better than adding.
#include <QDoubleSpinBox>

namespace lw::ui {

class ScientificSpinBox : public QDoubleSpinBox {
    Q_OBJECT
public:
    explicit ScientificSpinBox(QWidget* parent = nullptr);

    QString textFromValue(double value) const override;
    double valueFromText(const QString& text) const override;
    QValidator::State validate(QString& text, int& position) const override;
    void stepBy(int steps) override;
};

} // namespace lw::ui
