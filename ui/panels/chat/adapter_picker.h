#pragma once
// The adapter drop-down next to the Chat panel's model picker: "None", the project's
// fine-tune runs with an adapter trained on the chosen model's run (its lineage base),
// and "Other folder…", which asks for a folder with adapter_config.json (PEFT's
// layout). The choice is kept while the base stays the same.
#include "ui/panels/chat/model_catalog.h"

#include <QComboBox>

namespace lw::ui {

class AdapterPicker : public QComboBox {
    Q_OBJECT
public:
    explicit AdapterPicker(QWidget* parent = nullptr);

    void setCatalog(const ModelCatalog& catalog);
    // Lists the adapters of `base` (none for the demo model or a model of no run).
    void setBase(const ModelChoice& base);
    // The adapter chosen ("" for none).
    QString currentDir() const;
    // Selects an adapter folder, adding it to the list when it is not a run's; false
    // when it has no adapter_config.json.
    bool selectDir(const QString& dir);
    // Adapters listed for the current base (without "None" and "Other folder…").
    int adapterCount() const;

Q_SIGNALS:
    void adapterChanged(const QString& dir);

protected:
    void changeEvent(QEvent* event) override;

private:
    void fill();
    void onActivated(int index);
    void retranslate();

    ModelCatalog m_catalog;
    qint64 m_baseRunId = 0;
    QStringList m_otherFolders; // chosen with "Other folder…", kept for this session
    QString m_current;
    bool m_filling = false;
};

} // namespace lw::ui
