#pragma once
// The "Processes" box of the Train panel: how many processes train the run on this
// machine, and, folded away until asked for, the nodes of a run over several machines
// (how many, this one's rank, where node 0 serves the rendezvous). Once a run can be
// resumed, the box shows the processes it last trained on (the default for the resume)
// and says so when the user picks another count, which the resume then runs on.
#include "ui/panels/train/distributed_settings.h"

#include <QGroupBox>
#include <QStringList>

#include <optional>

class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;
class QToolButton;

namespace lw::ui {

class ProcessesSection : public QGroupBox {
    Q_OBJECT
public:
    explicit ProcessesSection(QWidget* parent = nullptr);

    DistributedSettings settings() const;
    void setSettings(const DistributedSettings& settings);

    // The run Resume would continue, and the processes of its last session (world.json):
    // the box shows that count on this one computer until the user changes it.
    void setResumeTarget(qint64 runId, int recordedProcesses);
    void clearResumeTarget();
    // The settings a resume of `runId` runs on: the box's when it shows that run (the
    // user's choice), else the run becomes the target and its recorded count is used.
    DistributedSettings settingsForResume(qint64 runId, int recordedProcesses);
    // The process flags of that resume (resumeDistributedArguments), or nothing, with
    // `*problem` saying why, when those settings cannot share the run's global batch.
    std::optional<QStringList> resumeArguments(qint64 runId, int recordedProcesses, qint64 batchSize,
                                               QString* problem);
    qint64 resumeRunId() const { return m_resumeRunId; }

    QSpinBox* processesSpin() const { return m_processes; }
    QLabel* resumeNote() const { return m_resumeNote; }
    QToolButton* nodesToggle() const { return m_nodesToggle; }
    QWidget* nodesPart() const { return m_nodesPart; }

Q_SIGNALS:
    void settingsChanged();

protected:
    void changeEvent(QEvent* event) override;

private:
    void setNodesShown(bool shown);
    void updateResumeNote();
    void retranslate();

    QFormLayout* m_form;
    QSpinBox* m_processes;
    QToolButton* m_nodesToggle;
    QWidget* m_nodesPart;
    QFormLayout* m_nodesForm;
    QSpinBox* m_nodes;
    QSpinBox* m_nodeRank;
    QLineEdit* m_masterAddress;
    QSpinBox* m_masterPort;
    QLabel* m_resumeNote;
    qint64 m_resumeRunId = 0;
    int m_recordedProcesses = 0;
};

} // namespace lw::ui
