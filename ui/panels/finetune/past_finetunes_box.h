#pragma once
// The project's fine-tunes, newest first ("#7 dpo-demo · LoRA · DPO · Completed"): picking
// one shows it in the Fine-tune panel (its settings here, its curves and answers there),
// and Resume continues it when it was interrupted or cancelled. The list survives a
// restart because it is read from the store.
#include "ui/panels/finetune/finetune_catalog.h"

#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;

namespace lw::ui::finetune {

class PastFinetunesBox : public QWidget {
    Q_OBJECT
public:
    explicit PastFinetunesBox(QWidget* parent = nullptr);

    // Keeps the run picked (by id) when it is still listed.
    void setRuns(const QList<FinetuneRunEntry>& runs);
    // Marks the run the panel shows (0: none); picks nothing, emits nothing.
    void setShownRun(qint64 runId);
    // The shown run's configuration as the store keeps it: its fine-tune settings
    // ("finetune") and its learning rate and steps are listed under the picker.
    void setRunConfig(const QJsonObject& config);
    void setResumeEnabled(bool enabled);
    // Off while a fine-tune runs in the panel; the list is never pickable when empty.
    void setPickingEnabled(bool enabled);

    int runCount() const;
    qint64 runIdAt(int index) const;
    QComboBox* combo() const { return m_combo; }
    QPushButton* resumeButton() const { return m_resume; }
    QLabel* settingsLabel() const { return m_settings; }

    // "#7 dpo-demo · LoRA · DPO · Completed"
    static QString entryText(const FinetuneRunEntry& run);

Q_SIGNALS:
    void runPicked(qint64 runId);
    void resumeRequested(qint64 runId);

protected:
    void changeEvent(QEvent* event) override;

private:
    void fill();
    void retranslate();

    QList<FinetuneRunEntry> m_runs;
    qint64 m_shown = 0;
    bool m_pickingEnabled = true;
    QJsonObject m_shownConfig;
    QLabel* m_title;
    QComboBox* m_combo;
    QPushButton* m_resume;
    QLabel* m_settings;
};

} // namespace lw::ui::finetune
