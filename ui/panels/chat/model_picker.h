#pragma once
// A drop-down of the models the catalog offers: the catalog's default (the best
// completed run's best checkpoint, or the demo model) when a project's models are first
// listed, then whatever is shown, kept when the list is refreshed (a run finished or
// was renamed, a checkpoint was written) as long as it is still there.
#include "ui/panels/chat/model_catalog.h"

#include <QComboBox>

namespace lw::ui {

class ModelPicker : public QComboBox {
    Q_OBJECT
public:
    explicit ModelPicker(QWidget* parent = nullptr);

    void setCatalog(const ModelCatalog& catalog);
    ModelChoice currentChoice() const;
    QString currentKey() const { return currentChoice().key; }
    // Selects the model with this key; false when the catalog has none.
    bool selectKey(const QString& key);

Q_SIGNALS:
    void choiceChanged(const lw::ui::ModelChoice& choice);

private:
    ModelCatalog m_catalog;
    bool m_filling = false;
    bool m_chosen = false; // by the user (or selectKey): kept over refreshes
};

} // namespace lw::ui
