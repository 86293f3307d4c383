#include "ui/shell/worker_events.h"

#include <QCoreApplication>
#include <QJsonValue>

#include <algorithm>

namespace lw::ui {

namespace {

qint64 integer(const QJsonObject& json, const char* key, qint64 fallback = 0)
{
    const QJsonValue v = json.value(QLatin1String(key));
    // A number outside qint64 (1e300) has no integer value: it counts as absent.
    const bool inRange = v.isDouble() && std::fabs(v.toDouble()) < 9223372036854775808.0;
    return inRange ? qint64(v.toDouble()) : fallback;
}

double number(const QJsonObject& json, const char* key, double fallback)
{
    const QJsonValue v = json.value(QLatin1String(key));
    return v.isDouble() ? v.toDouble() : fallback;
}

QString stringField(const QJsonObject& json, const char* key)
{
    return json.value(QLatin1String(key)).toString();
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

} // namespace

RunStartedEvent RunStartedEvent::fromJson(const QJsonObject& json)
{
    RunStartedEvent e;
    e.runId = integer(json, "run_id");
    e.runDir = stringField(json, "run_dir");
    e.name = stringField(json, "name");
    e.config = json.value(QLatin1String("config")).toObject();
    e.parameters = integer(json, "parameters");
    e.resumedFrom = stringField(json, "resumed_from");
    return e;
}

StepEvent StepEvent::fromJson(const QJsonObject& json)
{
    StepEvent e;
    e.step = integer(json, "step");
    e.maxSteps = integer(json, "max_steps");
    e.loss = number(json, "loss", kNaN);
    e.learningRate = number(json, "lr", 0);
    e.gradNorm = number(json, "grad_norm", 0);
    e.tokensPerSecond = number(json, "tokens_per_s", 0);
    e.tokensSeen = integer(json, "tokens_seen");
    e.epoch = number(json, "epoch", 0);
    e.elapsedSeconds = number(json, "elapsed_s", 0);
    e.etaSeconds = number(json, "eta_s", -1);
    e.worldSize = int(std::max<qint64>(1, integer(json, "world_size")));
    e.metrics = json.value(QLatin1String("metrics")).toObject();
    return e;
}

EvalEvent EvalEvent::fromJson(const QJsonObject& json)
{
    EvalEvent e;
    e.step = integer(json, "step");
    e.valLoss = number(json, "val_loss", kNaN);
    e.bestValLoss = number(json, "best_val_loss", kNaN);
    e.bestStep = integer(json, "best_step");
    e.improved = json.value(QLatin1String("improved")).toBool();
    e.metrics = json.value(QLatin1String("metrics")).toObject();
    return e;
}

SampleEvent SampleEvent::fromJson(const QJsonObject& json)
{
    SampleEvent e;
    e.step = integer(json, "step");
    e.prompt = stringField(json, "prompt");
    e.text = stringField(json, "text");
    return e;
}

CheckpointEvent CheckpointEvent::fromJson(const QJsonObject& json)
{
    CheckpointEvent e;
    e.kind = stringField(json, "kind");
    e.step = integer(json, "step");
    e.path = stringField(json, "path");
    e.bytes = integer(json, "bytes");
    return e;
}

FinishedEvent FinishedEvent::fromJson(const QJsonObject& json)
{
    FinishedEvent e;
    e.status = stringField(json, "status");
    e.step = integer(json, "step");
    e.message = stringField(json, "message");
    e.lastCheckpoint = stringField(json, "last_checkpoint");
    e.bestCheckpoint = stringField(json, "best_checkpoint");
    e.bestValLoss = number(json, "best_val_loss", kNaN);
    return e;
}

ProgressEvent ProgressEvent::fromJson(const QJsonObject& json)
{
    ProgressEvent e;
    e.stage = stringField(json, "stage");
    e.fraction = qBound(0.0, number(json, "fraction", 0), 1.0);
    e.etaSeconds = number(json, "eta_s", -1);
    e.message = stringField(json, "message");
    e.rows = integer(json, "rows", -1);
    e.rejected = integer(json, "rejected", -1);
    return e;
}

QString formatEta(double seconds)
{
    if (!(seconds >= 0) || seconds > 1e8)
        return {};
    const qint64 s = qint64(seconds + 0.5);
    if (s >= 3600)
        return QCoreApplication::translate("lw::ui::Duration", "%1h %2m")
            .arg(s / 3600)
            .arg((s / 60) % 60, 2, 10, QLatin1Char('0'));
    if (s >= 60)
        return QCoreApplication::translate("lw::ui::Duration", "%1m %2s")
            .arg(s / 60)
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    return QCoreApplication::translate("lw::ui::Duration", "%1s").arg(s);
}

} // namespace lw::ui
