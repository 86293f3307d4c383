#pragma once
// The training hyper-parameters as a form, built from core: one field per entry of
// trainConfigHelp() (so a field added to TrainConfig appears here by itself), its kind
// of editor from the JSON type of TrainConfig's default, its tooltip from the help
// text. Fields other parts of the app set (the dataset, the model, and the threads and
// device of the preferences) are left out.
#include <QHash>
#include <QJsonObject>
#include <QWidget>

class QFormLayout;
class QGroupBox;
class QLabel;

namespace lw::ui {

class HyperparameterForm : public QWidget {
    Q_OBJECT
public:
    explicit HyperparameterForm(QWidget* parent = nullptr);

    // The values of every field shown (JSON keys of TrainConfig).
    QJsonObject values() const;
    // Sets the fields present in `values`; others keep their value.
    void setValues(const QJsonObject& values);
    void resetToDefaults();
    QWidget* editor(const QString& key) const; // nullptr for fields not shown
    QStringList keys() const { return m_order; }

    // Fields a form does not show.
    static bool isExcluded(const QString& key);

Q_SIGNALS:
    void valuesChanged();

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Field {
        QString key;
        std::string help;
        QJsonValue defaultValue;
        QWidget* editor = nullptr;
        QLabel* label = nullptr;
    };
    void build();
    QWidget* makeEditor(const QString& key, const QJsonValue& defaultValue, bool integer);
    void setEditorValue(QWidget* editor, const QJsonValue& value);
    QJsonValue editorValue(const Field& field) const;
    void retranslate();

    QHash<QString, Field> m_fields;
    QStringList m_order;
    QHash<int, QGroupBox*> m_groups;
};

} // namespace lw::ui
