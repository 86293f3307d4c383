#include "ui/panels/chat/model_picker.h"

namespace lw::ui {

ModelPicker::ModelPicker(QWidget* parent) : QComboBox(parent)
{
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    setMinimumContentsLength(28);
    connect(this, &QComboBox::activated, this, [this] { m_chosen = true; });
    connect(this, &QComboBox::currentIndexChanged, this, [this](int) {
        if (!m_filling)
            Q_EMIT choiceChanged(currentChoice());
    });
}

void ModelPicker::setCatalog(const ModelCatalog& catalog)
{
    const QString kept = currentKey();
    const bool sameProject = catalog.projectDir == m_catalog.projectDir && !m_catalog.models.isEmpty();
    m_filling = true;
    m_catalog = catalog;
    clear();
    for (const ModelChoice& choice : catalog.models) {
        addItem(choice.label, choice.key);
        setItemData(count() - 1, choice.checkpointPath.isEmpty() ? choice.label : choice.checkpointPath,
                    Qt::ToolTipRole);
    }
    // Once a model is in use, refreshing the list never changes it by itself: it stays
    // while it is there. Until then (and for another project's list, or when the model
    // went away) the default is shown, so a run that completed meanwhile is offered.
    if (!sameProject)
        m_settled = false;
    int index = m_chosen || m_settled ? catalog.indexOf(kept) : -1;
    if (index < 0)
        index = qMax(0, catalog.indexOf(catalog.defaultKey));
    setCurrentIndex(index);
    m_filling = false;
    if (currentKey() != kept)
        Q_EMIT choiceChanged(currentChoice());
}

ModelChoice ModelPicker::currentChoice() const
{
    const int index = currentIndex();
    if (index < 0 || index >= m_catalog.models.size())
        return {};
    return m_catalog.models[index];
}

bool ModelPicker::selectKey(const QString& key)
{
    const int index = m_catalog.indexOf(key);
    if (index < 0)
        return false;
    m_chosen = true;
    setCurrentIndex(index);
    return true;
}

} // namespace lw::ui
