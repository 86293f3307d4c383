#pragma once
// The decoding settings in a compact form: temperature, top-k, top-p, min-p, the
// penalties, max tokens and the seed, each with core's help as its tooltip. Fields go
// up to `fieldsPerRow` to a row, fewer when the form is too narrow for them to show
// their labels whole (it lays itself out again as it is resized). Defaults come from
// core's SamplerSettings; fields the form does not show (stop sequences, beams, ...)
// keep the values they were set with.
#include "core/generate/sampler_settings.h"

#include <QHash>
#include <QStringList>
#include <QWidget>

class QAbstractSpinBox;
class QGridLayout;
class QLabel;

namespace lw::ui {

class DecodingForm : public QWidget {
    Q_OBJECT
public:
    explicit DecodingForm(QWidget* parent = nullptr, int fieldsPerRow = 2);

    generate::SamplerSettings settings() const;
    void setSettings(const generate::SamplerSettings& settings);
    // The editor of a field ("temperature", ...), for tests and keyboard focus.
    QAbstractSpinBox* editor(const QString& key) const { return m_editors.value(key); }
    static QStringList fieldKeys();
    int columns() const { return m_columns; } // fields per row now

    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void changed();

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void retranslate();
    void arrange(int columns);
    int pairWidth() const; // the widest label with its editor

    generate::SamplerSettings m_base;
    QStringList m_order; // the fields, top to bottom
    QHash<QString, QAbstractSpinBox*> m_editors;
    QHash<QString, QLabel*> m_labels;
    QGridLayout* m_grid = nullptr;
    int m_maxColumns = 2;
    int m_columns = 0;
};

} // namespace lw::ui
