#pragma once
// The "Processes" box of the Train panel: how many processes train the run on this
// machine, and, folded away until asked for, the nodes of a run over several machines
// (how many, this one's rank, where node 0 serves the rendezvous).
#include "ui/panels/train/distributed_settings.h"

#include <QGroupBox>

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

    QSpinBox* processesSpin() const { return m_processes; }
    QToolButton* nodesToggle() const { return m_nodesToggle; }
    QWidget* nodesPart() const { return m_nodesPart; }

Q_SIGNALS:
    void settingsChanged();

protected:
    void changeEvent(QEvent* event) override;

private:
    void setNodesShown(bool shown);
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
};

} // namespace lw::ui
