// What the app reads from a worker's stdout (ui/shell): bytes cut into lines by
// JsonLineBuffer as the pipe delivers them, each line a JSON event (docs/events.md)
// read into its typed value, as JobSupervisor::handleLine does. The option byte is
// the size of the pieces (1 to 256 bytes); however the bytes are cut, the lines are
// the same.
#include "fuzz_harness.h"
#include "ui/shell/json_line_buffer.h"
#include "ui/shell/worker_events.h"

#include <QJsonDocument>

namespace {

using lw::fuzz::invariantBroken;

void readEvent(const QByteArray& line)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return;
    const QJsonObject event = document.object();
    const QString type = event.value(QLatin1String("event")).toString();
    using namespace lw::ui;
    if (type == QLatin1String("step"))
        (void)formatEta(StepEvent::fromJson(event).etaSeconds);
    else if (type == QLatin1String("eval"))
        (void)EvalEvent::fromJson(event);
    else if (type == QLatin1String("sample"))
        (void)SampleEvent::fromJson(event);
    else if (type == QLatin1String("checkpoint"))
        (void)CheckpointEvent::fromJson(event);
    else if (type == QLatin1String("run_started"))
        (void)RunStartedEvent::fromJson(event);
    else if (type == QLatin1String("progress"))
        (void)formatEta(ProgressEvent::fromJson(event).etaSeconds);
    else if (type == QLatin1String("finished"))
        (void)FinishedEvent::fromJson(event);
}

void fuzzWorkerEvents(std::string_view input)
{
    const qsizetype pieceBytes = 1 + lw::fuzz::takeOptionByte(input);
    const QByteArray bytes = QByteArray::fromRawData(input.data(), qsizetype(input.size()));
    lw::ui::JsonLineBuffer pieces;
    QList<QByteArray> lines;
    for (qsizetype at = 0; at < bytes.size(); at += pieceBytes)
        lines += pieces.append(bytes.mid(at, pieceBytes));
    const QByteArray rest = pieces.takeRemainder();
    lw::ui::JsonLineBuffer whole;
    if (whole.append(bytes) != lines || whole.takeRemainder() != rest)
        invariantBroken("the lines depend on how the bytes were cut");
    for (const QByteArray& line : lines)
        readEvent(line);
    if (!rest.isEmpty())
        readEvent(rest);
}

} // namespace

LW_FUZZ_HARNESS(worker_events, fuzzWorkerEvents)
