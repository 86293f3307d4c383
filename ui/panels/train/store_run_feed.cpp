#include "ui/panels/train/store_run_feed.h"

#include "core/store/project.h"
#include "core/store/run_lock.h"
#include "core/util/paths.h"
#include "ui/shell/background.h"
#include "ui/shell/json_bridge.h"

#include <QPointer>

#include <csignal>
#include <exception>

namespace lw::ui {

namespace {

const char* const kMetricNames[] = {"loss", "val_loss", "lr", "grad_norm", "tokens_per_s"};

} // namespace

struct StorePoll {
    QString error;
    QString name;
    QJsonObject config;
    QString status;
    QString errorMessage;
    qint64 step = 0, maxSteps = 0, pid = 0;
    bool sameHost = false;
    bool lockHeld = false;
    struct Series {
        QVector<double> steps, values;
        double lastTime = -1;
    };
    QMap<QString, Series> metrics;
    QList<QPair<qint64, QString>> samples;
};

StoreRunFeed::StoreRunFeed(const QString& projectDir, qint64 runId, QObject* parent)
    : RunFeed(parent), m_projectDir(projectDir), m_wantedRunId(runId)
{
    m_timer.setInterval(kPollIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &StoreRunFeed::poll);
}

void StoreRunFeed::start()
{
    poll();
    m_timer.start();
}

bool StoreRunFeed::cancel()
{
    if (hasEnded() || m_pid <= 0 || !m_sameHost)
        return false;
    return ::kill(pid_t(m_pid), SIGTERM) == 0;
}

void StoreRunFeed::poll()
{
    if (m_polling || hasEnded())
        return;
    m_polling = true;
    const QString dir = m_projectDir;
    const qint64 runId = m_wantedRunId;
    const QMap<QString, qint64> after = m_lastStepOf;
    const qint64 sampleAfter = m_lastSampleStep;
    const bool wantConfig = !m_identified;
    runInBackground(
        this,
        [dir, runId, after, sampleAfter, wantConfig] {
            StorePoll result;
            try {
                auto project = store::Project::open(dir.toStdString());
                // Marks the run interrupted if its process died since the last poll.
                store::Store store = project.openStoreForListing();
                const store::RunRecord run = store.run(runId);
                result.name = QString::fromStdString(run.name);
                if (wantConfig)
                    result.config = toQJson(run.config);
                const std::string_view status = store::runStatusToString(run.status);
                result.status = QString::fromUtf8(status.data(), qsizetype(status.size()));
                result.errorMessage = QString::fromStdString(run.errorMessage);
                result.step = run.step;
                result.maxSteps = run.maxSteps;
                result.pid = run.pid.value_or(0);
                result.sameHost = run.host == util::hostName();
                result.lockHeld = store::RunLock::isHeld(store.absolutePath(run.runDir));
                for (const char* name : kMetricNames) {
                    const QString key = QString::fromLatin1(name);
                    store::MetricQuery query;
                    query.name = name;
                    if (after.contains(key))
                        query.afterStep = after.value(key);
                    StorePoll::Series series;
                    for (const auto& point : store.metrics(runId, query)) {
                        series.steps.append(double(point.step));
                        series.values.append(point.value);
                        series.lastTime = point.time;
                    }
                    if (!series.steps.isEmpty())
                        result.metrics.insert(key, series);
                }
                for (const auto& sample : store.samples(runId, sampleAfter >= 0 ? std::optional<int64_t>(sampleAfter)
                                                                                 : std::nullopt))
                    result.samples.append({sample.step, QString::fromStdString(sample.text)});
            } catch (const std::exception& e) {
                result.error = QString::fromUtf8(e.what());
            }
            return result;
        },
        [this](const StorePoll& result) { onPolled(result); });
}

void StoreRunFeed::onPolled(const StorePoll& result)
{
    m_polling = false;
    if (hasEnded())
        return;
    if (!result.error.isEmpty()) {
        m_timer.stop();
        end(QStringLiteral("failed"), result.error);
        return;
    }
    m_pid = result.pid;
    m_sameHost = result.sameHost;
    if (!m_identified) {
        m_identified = true;
        identify(m_wantedRunId, result.name, result.config);
    }
    for (auto it = result.metrics.constBegin(); it != result.metrics.constEnd(); ++it) {
        m_lastStepOf[it.key()] = qint64(it.value().steps.last());
        Q_EMIT pointsArrived(it.key(), it.value().steps, it.value().values);
    }
    for (const auto& sample : result.samples) {
        m_lastSampleStep = qMax(m_lastSampleStep, sample.first);
        Q_EMIT sampleArrived(sample.first, sample.second);
    }
    const auto loss = result.metrics.constFind(QStringLiteral("loss"));
    if (loss != result.metrics.constEnd()) {
        if (m_firstTime < 0) {
            m_firstTime = loss->lastTime;
            m_firstStep = qint64(loss->steps.last());
        }
        m_lastTime = loss->lastTime;
    }
    double eta = -1;
    const double elapsed = m_lastTime - m_firstTime;
    if (elapsed > 0 && result.step > m_firstStep) {
        const double stepsPerSecond = double(result.step - m_firstStep) / elapsed;
        eta = double(result.maxSteps - result.step) / stepsPerSecond;
    }
    const auto throughput = result.metrics.constFind(QStringLiteral("tokens_per_s"));
    const double tokensPerSecond = throughput != result.metrics.constEnd() ? throughput->values.last() : 0;
    if (!result.metrics.isEmpty() || m_status.isEmpty())
        Q_EMIT progressChanged(result.step, result.maxSteps, eta, tokensPerSecond);
    const bool live = result.status == QLatin1String("running") || result.status == QLatin1String("paused");
    if (live && result.status != m_status) {
        m_status = result.status;
        Q_EMIT statusChanged(m_status);
    }
    if (!live && result.status != QLatin1String("created")) {
        m_timer.stop();
        end(result.status, result.errorMessage);
    }
}

} // namespace lw::ui
