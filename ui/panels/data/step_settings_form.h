#pragma once
// The settings of one recipe step as a small form: a number box for each number, a
// check box for each flag, a line for each text, and a comma-separated line for each
// list of texts (e.g. the languages to keep). Edits change the step at once.
#include <QJsonObject>
#include <QMap>
#include <QWidget>

class QFormLayout;
class QLabel;

namespace lw::ui::data {

class StepSettingsForm : public QWidget {
    Q_OBJECT
public:
    explicit StepSettingsForm(QWidget* parent = nullptr);

    void setStep(const QJsonObject& step);
    QJsonObject step() const { return m_step; }
    QWidget* editor(const QString& key) const { return m_editors.value(key); }

Q_SIGNALS:
    void stepEdited(const QJsonObject& step);

protected:
    void changeEvent(QEvent* event) override;

private:
    void rebuild();
    void setValue(const QString& key, const QJsonValue& value);

    QJsonObject m_step;
    QFormLayout* m_form;
    QLabel* m_title;
    QMap<QString, QWidget*> m_editors;
};

} // namespace lw::ui::data
