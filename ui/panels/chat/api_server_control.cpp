#include "ui/panels/chat/api_server_control.h"

#include "ui/shell/job_supervisor.h"
#include "ui/shell/worker_events.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QSettings>
#include <QSpinBox>
#include <QToolButton>

namespace lw::ui {

namespace {

constexpr const char* kPortKey = "chat/apiPort";

} // namespace

ApiServerControl::ApiServerControl(JobSupervisor* supervisor, std::function<ModelChoice()> currentModel,
                                   std::function<QString()> projectDir, QWidget* parent)
    : QWidget(parent),
      m_supervisor(supervisor),
      m_currentModel(std::move(currentModel)),
      m_projectDir(std::move(projectDir)),
      m_button(new QToolButton(this)),
      m_portLabel(new QLabel(this)),
      m_portBox(new QSpinBox(this)),
      m_address(new QLabel(this)),
      m_errorLabel(new QLabel(this)) // the panel places it (a layout of its own reparents it)
{
    m_button->setObjectName(QStringLiteral("serveApi"));
    m_portBox->setObjectName(QStringLiteral("apiPort"));
    m_portBox->setRange(0, 65535);
    m_portBox->setGroupSeparatorShown(false); // a port is a name, not an amount
    m_portBox->setValue(QSettings().value(QLatin1String(kPortKey), kDefaultPort).toInt());
    m_portLabel->setBuddy(m_portBox);
    m_address->setObjectName(QStringLiteral("apiAddress"));
    m_address->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->setObjectName(QStringLiteral("apiError"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_errorLabel->hide();
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_button);
    layout->addWidget(m_portLabel);
    layout->addWidget(m_portBox);
    layout->addWidget(m_address);
    connect(m_button, &QToolButton::clicked, this, [this] { isServing() ? stop() : start(); });
    connect(m_portBox, &QSpinBox::valueChanged, this, [](int port) { QSettings().setValue(QLatin1String(kPortKey), port); });
    connect(m_supervisor, &JobSupervisor::otherEventReported, this, &ApiServerControl::onEvent);
    connect(m_supervisor, &JobSupervisor::jobEnded, this, &ApiServerControl::onEnded);
    retranslate();
}

void ApiServerControl::setPort(int port)
{
    m_portBox->setValue(port);
}

int ApiServerControl::port() const
{
    return m_portBox->value();
}

void ApiServerControl::start()
{
    if (isServing())
        return;
    const ModelChoice model = m_currentModel();
    const QString modelArgument = model.demo ? QStringLiteral("demo") : model.checkpointPath;
    if (modelArgument.isEmpty())
        return;
    JobSpec spec;
    spec.kind = JobKind::Other;
    spec.title = tr("API server · %1").arg(model.label);
    spec.projectDir = m_projectDir();
    spec.arguments = {QStringLiteral("serve"), QStringLiteral("--model"), modelArgument,
                      QStringLiteral("--port"), QString::number(port()), QStringLiteral("--events")};
    if (!spec.projectDir.isEmpty())
        spec.arguments << QStringLiteral("--project") << spec.projectDir;
    m_url.clear();
    m_error.clear();
    m_jobId = m_supervisor->start(spec);
    retranslate();
}

void ApiServerControl::stop()
{
    if (isServing())
        m_supervisor->cancel(m_jobId);
}

void ApiServerControl::onEvent(int jobId, const QString& type, const QJsonObject& event)
{
    if (jobId != m_jobId || type != QLatin1String("listening"))
        return;
    m_url = event.value(QLatin1String("url")).toString();
    retranslate();
    Q_EMIT listening(m_url);
}

void ApiServerControl::onEnded(int jobId, const JobEnd& end)
{
    if (jobId != m_jobId)
        return;
    m_jobId = 0;
    m_url.clear();
    m_error = end.kind == JobEnd::Kind::Failed || end.kind == JobEnd::Kind::Crashed ? end.message : QString();
    retranslate();
    Q_EMIT stopped(m_error);
}

void ApiServerControl::retranslate()
{
    m_button->setText(isServing() ? tr("Stop API") : tr("Serve API"));
    m_button->setToolTip(tr("Serve the chosen model to other programs over an OpenAI-compatible HTTP API "
                            "(/v1/models, /v1/completions, /v1/chat/completions) on this computer only"));
    m_portLabel->setText(tr("Port"));
    m_portBox->setSpecialValueText(tr("any free"));
    m_portBox->setToolTip(tr("The port the API listens on at 127.0.0.1 (any free one when 0)"));
    m_portBox->setEnabled(!isServing());
    m_portLabel->setVisible(!isServing());
    m_portBox->setVisible(!isServing());
    if (isServing())
        m_address->setText(m_url.isEmpty() ? tr("starting…") : tr("API at %1/v1").arg(m_url));
    else
        m_address->clear();
    m_errorLabel->setText(tr("The API server stopped: %1").arg(m_error));
    m_errorLabel->setVisible(!m_error.isEmpty());
}

void ApiServerControl::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

} // namespace lw::ui
