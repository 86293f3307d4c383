#pragma once
// The decoding settings in a compact form (one or two fields per row): temperature, top-k,
// top-p, min-p, the penalties, max tokens and the seed, each with core's help as its
// tooltip. Defaults come from core's SamplerSettings; fields the form does not show
// (stop sequences, beams, ...) keep the values they were set with.
#include "core/generate/sampler_settings.h"

#include <QHash>
#include <QStringList>
#include <QWidget>

class QAbstractSpinBox;
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

Q_SIGNALS:
    void changed();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    generate::SamplerSettings m_base;
    QHash<QString, QAbstractSpinBox*> m_editors;
    QHash<QString, QLabel*> m_labels;
};

} // namespace lw::ui
