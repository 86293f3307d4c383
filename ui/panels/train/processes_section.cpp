#include "ui/panels/train/processes_section.h"

#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QThread>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace lw::ui {

namespace {

QSpinBox* makeSpin(QWidget* parent, const char* objectName, int minimum, int maximum, int value)
{
    auto* spin = new QSpinBox(parent);
    spin->setObjectName(QLatin1String(objectName));
    spin->setRange(minimum, maximum);
    spin->setValue(value);
    return spin;
}

QLabel* label(QFormLayout* form, QWidget* field)
{
    return static_cast<QLabel*>(form->labelForField(field));
}

} // namespace

ProcessesSection::ProcessesSection(QWidget* parent) : QGroupBox(parent)
{
    setObjectName(QStringLiteral("processesSection"));
    m_processes = makeSpin(this, "processes", 1, 256, 1);
    m_nodesToggle = new QToolButton(this);
    m_nodesToggle->setObjectName(QStringLiteral("nodesToggle"));
    m_nodesToggle->setCheckable(true);
    m_nodesToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_nodesToggle->setAutoRaise(true);
    m_nodesToggle->setArrowType(Qt::RightArrow);

    m_nodesPart = new QWidget(this);
    m_nodesPart->setObjectName(QStringLiteral("nodesPart"));
    m_nodes = makeSpin(m_nodesPart, "nodes", 1, 4096, 1);
    m_nodeRank = makeSpin(m_nodesPart, "nodeRank", 0, 4095, 0);
    m_masterAddress = new QLineEdit(QStringLiteral("127.0.0.1"), m_nodesPart);
    m_masterAddress->setObjectName(QStringLiteral("masterAddress"));
    m_masterPort = makeSpin(m_nodesPart, "masterPort", 0, 65535, 0);
    m_nodesForm = new QFormLayout(m_nodesPart);
    m_nodesForm->setContentsMargins(0, 0, 0, 0);
    for (QWidget* field : std::initializer_list<QWidget*>{m_nodes, m_nodeRank, m_masterAddress, m_masterPort})
        m_nodesForm->addRow(new QLabel(m_nodesPart), field);
    m_nodesPart->hide();

    m_resumeNote = new QLabel(this);
    m_resumeNote->setObjectName(QStringLiteral("resumeNote"));
    m_resumeNote->setWordWrap(true);
    m_resumeNote->hide();

    m_form = new QFormLayout;
    m_form->addRow(new QLabel(this), m_processes);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(m_resumeNote);
    layout->addWidget(m_nodesToggle);
    layout->addWidget(m_nodesPart);

    connect(m_nodesToggle, &QToolButton::toggled, this, &ProcessesSection::setNodesShown);
    for (QSpinBox* spin : {m_processes, m_nodes, m_nodeRank, m_masterPort})
        connect(spin, &QSpinBox::valueChanged, this, &ProcessesSection::settingsChanged);
    connect(m_masterAddress, &QLineEdit::textChanged, this, &ProcessesSection::settingsChanged);
    connect(this, &ProcessesSection::settingsChanged, this, &ProcessesSection::updateResumeNote);
    retranslate();
}

DistributedSettings ProcessesSection::settings() const
{
    DistributedSettings s;
    s.processes = m_processes->value();
    s.nodes = m_nodes->value();
    s.nodeRank = m_nodeRank->value();
    s.masterAddress = m_masterAddress->text().trimmed();
    s.masterPort = m_masterPort->value();
    return s;
}

void ProcessesSection::setSettings(const DistributedSettings& s)
{
    m_processes->setValue(s.processes);
    m_nodes->setValue(s.nodes);
    m_nodeRank->setValue(s.nodeRank);
    m_masterAddress->setText(s.masterAddress);
    m_masterPort->setValue(s.masterPort);
    if (s.nodes > 1)
        m_nodesToggle->setChecked(true);
}

void ProcessesSection::setResumeTarget(qint64 runId, int recordedProcesses)
{
    m_resumeRunId = runId;
    m_recordedProcesses = std::max(1, recordedProcesses);
    // A resume trains on this computer unless the user opens the nodes again.
    DistributedSettings s = settings();
    s.processes = m_recordedProcesses;
    s.nodes = 1;
    s.nodeRank = 0;
    setSettings(s);
    updateResumeNote();
}

void ProcessesSection::clearResumeTarget()
{
    m_resumeRunId = 0;
    m_recordedProcesses = 0;
    updateResumeNote();
}

DistributedSettings ProcessesSection::settingsForResume(qint64 runId, int recordedProcesses)
{
    if (runId != m_resumeRunId)
        setResumeTarget(runId, recordedProcesses);
    return settings();
}

std::optional<QStringList> ProcessesSection::resumeArguments(qint64 runId, int recordedProcesses, qint64 batchSize,
                                                            QString* problem)
{
    const DistributedSettings processes = settingsForResume(runId, recordedProcesses);
    *problem = distributedProblem(processes, batchSize);
    if (!problem->isEmpty())
        return std::nullopt;
    return resumeDistributedArguments(processes, recordedProcesses);
}

void ProcessesSection::updateResumeNote()
{
    const int chosen = settings().worldSize();
    const bool differs = m_resumeRunId > 0 && chosen != m_recordedProcesses;
    m_resumeNote->setVisible(differs);
    if (!differs)
        return;
    m_resumeNote->setText(tr("Resume continues run #%1 with this count (its last session: %2).")
                              .arg(m_resumeRunId)
                              .arg(m_recordedProcesses));
    m_resumeNote->setToolTip(
        tr("The run goes on from its last checkpoint with each process training an equal share of every batch, "
           "so the losses stay those of the same run to float rounding. With dropout each process draws its own "
           "masks, so on another count the resumed steps are not bit-exact with a run that was never stopped."));
}

void ProcessesSection::setNodesShown(bool shown)
{
    m_nodesToggle->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
    m_nodesPart->setVisible(shown);
}

void ProcessesSection::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QGroupBox::changeEvent(event);
}

void ProcessesSection::retranslate()
{
    setTitle(tr("Processes"));
    label(m_form, m_processes)->setText(tr("On this computer"));
    m_processes->setToolTip(
        tr("Worker processes that train the run together on this computer (%1 cores here). Each trains its "
           "share of every batch and the gradients are averaged, so the batch size keeps its meaning. "
           "With more than one, give each process a share of the cores (Preferences, threads).")
            .arg(QThread::idealThreadCount()));
    m_nodesToggle->setText(tr("Nodes (several computers)"));
    m_nodesToggle->setToolTip(tr("Train over several computers: start the same run on each with its own "
                                 "node rank; they meet at the master address."));
    label(m_nodesForm, m_nodes)->setText(tr("Nodes"));
    m_nodes->setToolTip(tr("Computers taking part, each running the same number of processes."));
    label(m_nodesForm, m_nodeRank)->setText(tr("This node's rank"));
    m_nodeRank->setToolTip(tr("This computer's number among the nodes, from 0. Node 0 serves the rendezvous "
                              "and alone writes the run to its project."));
    label(m_nodesForm, m_masterAddress)->setText(tr("Master address"));
    m_masterAddress->setToolTip(tr("The address of node 0, which every node must reach (a host name or IP)."));
    label(m_nodesForm, m_masterPort)->setText(tr("Master port"));
    m_masterPort->setSpecialValueText(tr("Automatic"));
    m_masterPort->setToolTip(tr("The port node 0 listens on for the rendezvous. Automatic: a free port on one "
                                "computer, 29500 over several."));
    updateResumeNote();
}

} // namespace lw::ui
