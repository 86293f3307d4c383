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
    // Refreshing the list never changes the model by itself: the one shown stays while
    // it is there. A project's first list, or a model that went away, gets the default.
    int index = m_chosen || sameProject ? catalog.indexOf(kept) : -1;
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
