// JobSupervisor: JSON lines read as they come (cut anywhere), garbage skipped, control
// commands written to stdin, crashes and failures told apart. The jobs are real
// processes: small shell scripts that print what a worker would, in the pieces and
// with the faults a test needs.
#include "ui/shell/job_supervisor.h"
#include "ui/shell/json_line_buffer.h"
#include "test_registry.h"

#include <QSignalSpy>
#include <QtTest>

using namespace lw::ui;

namespace {

const char* const kStepLine =
    R"({"v":1,"event":"step","time":1.5,"run_id":3,"step":7,"max_steps":10,"loss":2.5,"lr":0.001,)"
    R"("grad_norm":0.75,"tokens_per_s":1234.5,"tokens_seen":896,"epoch":0.1,"elapsed_s":3,"eta_s":4.5})";

JobSpec shellJob(const QString& script)
{
    JobSpec spec;
    spec.kind = JobKind::Train;
    spec.title = QStringLiteral("script");
    spec.program = QStringLiteral("/bin/sh");
    spec.arguments = {QStringLiteral("-c"), script};
    return spec;
}

// A shell command printing `text` exactly (no interpretation of backslashes or %).
QString printfArg(const QByteArray& text)
{
    QString quoted = QString::fromUtf8(text);
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QStringLiteral("printf '%s' '") + quoted + QLatin1Char('\'');
}

JobEnd waitForEnd(QSignalSpy& ended)
{
    if (ended.isEmpty() && !ended.wait(20000))
        return JobEnd{JobEnd::Kind::Failed, -999, QStringLiteral("timed out"), {}};
    return ended.first().at(1).value<JobEnd>();
}

} // namespace

class TestJobSupervisor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void lineBufferSplitsAnywhere_data();
    void lineBufferSplitsAnywhere();
    void lineBufferDropsOverlongLines();
    void partialLinesAndGarbageFromAProcess();
    void controlCommandsReachStdin();
    void exitWithoutFinishedIsACrash();
    void killedWorkerIsACrash();
    void errorEventIsAFailure();
    void missingProgramIsAFailure();
    void cancelledRunEndsAsFinished();
};

void TestJobSupervisor::lineBufferSplitsAnywhere_data()
{
    QTest::addColumn<int>("chunkSize");
    for (int size : {1, 2, 3, 7, 64, 4096})
        QTest::addRow("chunks of %d", size) << size;
}

void TestJobSupervisor::lineBufferSplitsAnywhere()
{
    QFETCH(int, chunkSize);
    // Two events (one with a two-byte and a four-byte UTF-8 character), garbage, an
    // empty line, a CRLF line, and a last line without its newline.
    const QByteArray stream = QByteArray(kStepLine) + "\n" +
                              R"({"event":"sample","text":"Ngày xưa 🐉"})" "\n" + "not json at all\n\n" +
                              R"({"event":"log"})" "\r\n" + R"({"event":"tail"})";
    JsonLineBuffer buffer;
    QList<QByteArray> lines;
    for (qsizetype i = 0; i < stream.size(); i += chunkSize)
        lines += buffer.append(stream.mid(i, chunkSize));
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines[0], QByteArray(kStepLine));
    QCOMPARE(QString::fromUtf8(lines[1]), QStringLiteral(R"({"event":"sample","text":"Ngày xưa 🐉"})"));
    QCOMPARE(lines[2], QByteArray("not json at all"));
    QCOMPARE(lines[3], QByteArray(R"({"event":"log"})"));
    QCOMPARE(buffer.takeRemainder(), QByteArray(R"({"event":"tail"})"));
}

void TestJobSupervisor::lineBufferDropsOverlongLines()
{
    JsonLineBuffer buffer;
    const QByteArray big(JsonLineBuffer::kMaxLineBytes / 4 + 1, 'x');
    for (int i = 0; i < 4; ++i)
        QVERIFY(buffer.append(big).isEmpty());
    QCOMPARE(buffer.droppedLines(), 1);
    const QList<QByteArray> lines = buffer.append("yyy\n{\"event\":\"next\"}\n");
    QCOMPARE(lines, QList<QByteArray>{QByteArray(R"({"event":"next"})")});
}

void TestJobSupervisor::partialLinesAndGarbageFromAProcess()
{
    JobSupervisor supervisor;
    QSignalSpy steps(&supervisor, &JobSupervisor::stepReported);
    QSignalSpy logs(&supervisor, &JobSupervisor::logMessage);
    QSignalSpy finished(&supervisor, &JobSupervisor::finishedReported);
    QSignalSpy ended(&supervisor, &JobSupervisor::jobEnded);
    const QByteArray step(kStepLine);
    // The step event arrives in three writes with pauses between them, so the reader
    // sees it cut in the middle of a key and of a number.
    const QString script =
        printfArg(step.left(20)) + QStringLiteral("; sleep 0.2; ") + printfArg(step.mid(20, 50)) +
        QStringLiteral("; sleep 0.2; ") + printfArg(step.mid(70) + "\n") +
        QStringLiteral("; echo 'Traceback: something printed by mistake'; echo '{\"broken\": '; ") +
        QStringLiteral("echo '{\"v\":1,\"event\":\"from_the_future\",\"x\":1}'; echo 'a message' >&2; ") +
        printfArg(R"({"v":1,"event":"finished","status":"completed","step":10,"message":"done"})") +
        QStringLiteral("; exit 0");
    const int job = supervisor.start(shellJob(script));
    const JobEnd end = waitForEnd(ended);

    QCOMPARE(ended.first().first().toInt(), job);
    QCOMPARE(int(end.kind), int(JobEnd::Kind::Finished));
    QCOMPARE(end.finishedStatus, QStringLiteral("completed"));
    QCOMPARE(steps.count(), 1);
    const StepEvent e = steps.first().at(1).value<StepEvent>();
    QCOMPARE(e.step, 7);
    QCOMPARE(e.maxSteps, 10);
    QCOMPARE(e.loss, 2.5);
    QCOMPARE(e.learningRate, 0.001);
    QCOMPARE(e.gradNorm, 0.75);
    QCOMPARE(e.tokensPerSecond, 1234.5);
    QCOMPARE(e.etaSeconds, 4.5);
    // The last line had no newline and still counted.
    QCOMPARE(finished.count(), 1);
    int ignored = 0, stderrLines = 0;
    for (const auto& log : logs) {
        ignored += log.at(1).toString() == QLatin1String("ignored");
        stderrLines += log.at(1).toString() == QLatin1String("stderr") && log.at(2).toString() == "a message";
    }
    QCOMPARE(ignored, 2); // the traceback and the broken object; the unknown event is silently skipped
    QCOMPARE(stderrLines, 1);
    QVERIFY(!supervisor.isActive(job));
}

void TestJobSupervisor::controlCommandsReachStdin()
{
    JobSupervisor supervisor;
    QSignalSpy results(&supervisor, &JobSupervisor::resultReported);
    QSignalSpy ended(&supervisor, &JobSupervisor::jobEnded);
    // Echoes each command it reads back inside a `result` event.
    const QString script = QStringLiteral(
        "for i in 1 2 3; do read line; printf '{\"v\":1,\"event\":\"result\",\"got\":%s}\\n' \"$line\"; done");
    const int job = supervisor.start(shellJob(script));
    QTRY_VERIFY(supervisor.info(job).pid > 0);
    QVERIFY(supervisor.pause(job));
    QVERIFY(supervisor.resume(job));
    QVERIFY(supervisor.cancel(job));
    const JobEnd end = waitForEnd(ended);
    QCOMPARE(int(end.kind), int(JobEnd::Kind::Finished));
    QCOMPARE(results.count(), 3);
    QStringList commands;
    for (const auto& result : results)
        commands << result.at(1).toJsonObject().value("got").toObject().value("command").toString();
    QCOMPARE(commands, (QStringList{"pause", "resume", "cancel"}));
    QVERIFY(!supervisor.pause(job)); // gone
}

void TestJobSupervisor::exitWithoutFinishedIsACrash()
{
    JobSupervisor supervisor;
    QSignalSpy started(&supervisor, &JobSupervisor::runStarted);
    QSignalSpy ended(&supervisor, &JobSupervisor::jobEnded);
    supervisor.start(shellJob(QStringLiteral(
        "echo '{\"v\":1,\"event\":\"run_started\",\"run_id\":5,\"run_dir\":\"/x\",\"name\":\"r\"}'; exit 0")));
    const JobEnd end = waitForEnd(ended);
    QCOMPARE(started.count(), 1);
    QCOMPARE(started.first().at(1).value<RunStartedEvent>().runId, 5);
    QCOMPARE(int(end.kind), int(JobEnd::Kind::Crashed));
    QVERIFY(!end.message.isEmpty());
}

void TestJobSupervisor::killedWorkerIsACrash()
{
    JobSupervisor supervisor;
    QSignalSpy ended(&supervisor, &JobSupervisor::jobEnded);
    QSignalSpy steps(&supervisor, &JobSupervisor::stepReported);
    const int job = supervisor.start(shellJob(printfArg(QByteArray(kStepLine) + "\n") + QStringLiteral("; sleep 30")));
    QVERIFY(steps.wait(10000));
    QVERIFY(supervisor.kill(job));
    const JobEnd end = waitForEnd(ended);
    QCOMPARE(int(end.kind), int(JobEnd::Kind::Crashed));
}

void TestJobSupervisor::errorEventIsAFailure()
{
    JobSupervisor supervisor;
    QSignalSpy errors(&supervisor, &JobSupervisor::errorReported);
    QSignalSpy ended(&supervisor, &JobSupervisor::jobEnded);
    supervisor.start(shellJob(
        QStringLiteral("echo '{\"v\":1,\"event\":\"error\",\"message\":\"--dataset: no such dataset\"}'; exit 2")));
    const JobEnd end = waitForEnd(ended);
    QCOMPARE(errors.count(), 1);
    QCOMPARE(int(end.kind), int(JobEnd::Kind::Failed));
    QCOMPARE(end.exitCode, 2);
    QCOMPARE(end.message, QStringLiteral("--dataset: no such dataset"));
}

void TestJobSupervisor::missingProgramIsAFailure()
{
    JobSupervisor supervisor;
    QSignalSpy ended(&supervisor, &JobSupervisor::jobEnded);
    JobSpec spec;
    spec.program = QStringLiteral("/nonexistent/llmwb");
    const int job = supervisor.start(spec);
    const JobEnd end = waitForEnd(ended);
    QCOMPARE(int(end.kind), int(JobEnd::Kind::Failed));
    QVERIFY2(end.message.contains(QStringLiteral("/nonexistent/llmwb")), qPrintable(end.message));
    QVERIFY(!supervisor.isActive(job));
}

void TestJobSupervisor::cancelledRunEndsAsFinished()
{
    JobSupervisor supervisor;
    QSignalSpy ended(&supervisor, &JobSupervisor::jobEnded);
    // Exit code 3 (cancelled) after a `finished` event is an orderly end, not a failure.
    supervisor.start(shellJob(QStringLiteral(
        "echo '{\"v\":1,\"event\":\"finished\",\"status\":\"cancelled\",\"step\":4,\"message\":\"cancelled\"}'; exit 3")));
    const JobEnd end = waitForEnd(ended);
    QCOMPARE(int(end.kind), int(JobEnd::Kind::Finished));
    QCOMPARE(end.finishedStatus, QStringLiteral("cancelled"));
    QCOMPARE(end.exitCode, 3);
}

LW_TEST_GUILESS_MAIN(TestJobSupervisor)
#include "test_job_supervisor.moc"
