// `llmwb serve --model demo` on a new project, as a client sees it: it listens at once,
// answers completions with 503, Retry-After and the training's progress while the demo
// model trains, and lists the model as "loading"; stopped during the training, it says
// it was cancelled, and the next start resumes the same run from its checkpoint and
// then answers. LLMWB_DEMO_MAX_STEPS keeps the training short.
#include "serve_process.h"
#include "test_registry.h"

#include <QJsonArray>
#include <QTemporaryDir>

using lw::test::http;
using lw::test::json;
using lw::test::Reply;
using lw::test::ServeProcess;

class TestCliServeDemo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(QFile::exists(lw::test::llmwbPath())); }
    void demoModelAnswers503WhileItTrainsAndResumesAfterAStop();

private:
    QTemporaryDir m_dir;
};

void TestCliServeDemo::demoModelAnswers503WhileItTrainsAndResumesAfterAStop()
{
    // A new project: the demo project is made, then the demo model trained, while the
    // server already listens. Fewer steps than the preset: trained, not trained well.
    const QString project = m_dir.filePath("demo-project");
    const QMap<QString, QString> env{{"LLMWB_DEMO_MAX_STEPS", "40"}};
    const QStringList args{"--model", "demo", "--project", project};
    const QJsonObject chatRequest{{"messages", QJsonArray{QJsonObject{{"role", "user"}, {"content", "Hello"}}}},
                                  {"max_tokens", 12}, {"temperature", 0}};
    // Checks a "not ready" answer and returns its progress.
    auto notReady = [](const Reply& r) {
        const QJsonObject error = r.json()["error"].toObject();
        if (r.status != 503 || error["code"] != "model_loading" || r.retryAfter.toInt() < 1)
            return QJsonObject();
        return error["progress"].toObject();
    };

    int64_t runId = 0, stoppedAt = 0;
    {
        ServeProcess first(m_dir.path(), args, env);
        QVERIFY2(!first.url.isEmpty(), "no listening event");
        QCOMPARE(first.waitFor("listening")["status"].toString(), QString("loading"));
        const QString url = first.url;
        QJsonObject progress;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 300000) {
            const Reply r = http(url + "/v1/chat/completions", json(chatRequest));
            progress = notReady(r);
            QVERIFY2(!progress.isEmpty(), r.body.constData()); // still training: 503 with the progress
            if (progress["stage"] == "training" && progress["step"].toInt() >= 3)
                break;
            QThread::msleep(20);
        }
        QCOMPARE(progress["max_steps"].toInt(), 40);
        QVERIFY(progress["run_id"].toInt() > 0);
        QVERIFY(progress["eta_s"].isDouble());
        QVERIFY(progress["message"].toString().contains("step"));
        const QJsonObject model = http(url + "/v1/models").json()["data"].toArray()[0].toObject();
        QCOMPARE(model["id"].toString(), QString("demo"));
        QCOMPARE(model["status"].toString(), QString("loading"));
        QCOMPARE(model["progress"].toObject()["run_id"].toInt(), progress["run_id"].toInt());
        runId = progress["run_id"].toInt();
        // The training's own events go out as JSON lines, after "listening".
        const QList<QJsonObject> events = first.events();
        QVERIFY(!first.waitFor("step", 1000).isEmpty());
        QCOMPARE(events.first()["event"].toString(), QString("listening"));
        // Stopped while it trains: the run keeps a checkpoint, the command says it was cancelled.
        QCOMPARE(first.terminate(), 3);
        for (const QJsonObject& e : first.events())
            if (e["event"] == "step")
                stoppedAt = e["step"].toInt();
        QVERIFY(stoppedAt > 0 && stoppedAt < 40);
    }

    ServeProcess second(m_dir.path(), args, env);
    QVERIFY(!second.url.isEmpty());
    const QJsonObject resumed = second.waitFor("log", 60000, [](const QJsonObject& e) {
        return e["message"].toString().contains("resuming");
    });
    QVERIFY2(resumed["message"].toString().contains(QString("run %1").arg(runId)),
             qPrintable(resumed["message"].toString()));
    const QJsonObject ready = second.waitFor("model_ready", 300000);
    QVERIFY2(!ready.isEmpty(), "the demo model never became ready");
    QVERIFY(ready["checkpoint"].toString().contains(QString("runs/%1-").arg(runId)));
    const QJsonObject firstStep = second.waitFor("step", 1000);
    QVERIFY(firstStep["step"].toInt() > stoppedAt); // went on from its checkpoint, not from the start
    const Reply answer = http(second.url + "/v1/completions",
                              json({{"prompt", "Once upon a time"}, {"max_tokens", 12}, {"temperature", 0}}));
    QCOMPARE(answer.status, 200);
    QVERIFY2(!answer.json()["choices"].toArray()[0].toObject()["text"].toString().isEmpty(), answer.body.constData());
    const QJsonObject model = http(second.url + "/v1/models").json()["data"].toArray()[0].toObject();
    QCOMPARE(model["status"].toString(), QString("ready"));
    QCOMPARE(model["id"].toString(), QString("demo"));
    QCOMPARE(second.terminate(), 0);
}

LW_TEST_GUILESS_MAIN(TestCliServeDemo)
#include "test_cli_serve_demo.moc"
