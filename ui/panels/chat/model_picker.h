#pragma once
// A drop-down of the models the catalog offers: the catalog's default (the best
// completed run's best checkpoint, or the demo model) until a model is in use (settle())
// or chosen by the user; from then on the model shown is kept when the list is
// refreshed (a run finished or was renamed, a checkpoint was written) as long as it is
// still there.
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
    // The model shown is in use: refreshes keep it (until another project is listed).
    void settle() { m_settled = true; }

Q_SIGNALS:
    void choiceChanged(const lw::ui::ModelChoice& choice);

private:
    ModelCatalog m_catalog;
    bool m_filling = false;
    bool m_chosen = false;  // by the user (or selectKey): kept over refreshes
    bool m_settled = false; // in use: kept over refreshes of the same project
};

} // namespace lw::ui
