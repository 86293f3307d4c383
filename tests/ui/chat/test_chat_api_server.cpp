// "Serve API" in the Chat panel: it starts the real `llmwb serve` worker on the chosen
// checkpoint as a job of the app, shows the address once it listens, a real HTTP client
// (curl) gets the model list and a completion with its usage counts, and Stop ends the
// job cleanly.
#include "chat_test_support.h"
#include "ui/panels/chat/api_server_control.h"
#include "ui/shell/job_supervisor.h"
#include "ui/train/ui_test_support.h"
#include "test_registry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QToolButton>

using namespace lw::ui;

namespace {

QJsonObject curlJson(const QStringList& arguments)
{
    QProcess curl;
    curl.start(QStringLiteral("curl"), QStringList{QStringLiteral("-s"), QStringLiteral("--max-time"),
                                                   QStringLiteral("60")} + arguments);
    if (!curl.waitForFinished(70000) || curl.exitCode() != 0)
        return {};
    return QJsonDocument::fromJson(curl.readAllStandardOutput()).object();
}

} // namespace

class TestChatApiServer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void servesTheChosenCheckpointUntilStopped();

private:
    QTemporaryDir m_dir;
    chat_test::ChatFixture m_fixture;
    std::unique_ptr<Preferences> m_preferences;
};

void TestChatApiServer::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    m_fixture = chat_test::makeChatFixture(m_dir);
    m_preferences = std::make_unique<Preferences>();
}

void TestChatApiServer::servesTheChosenCheckpointUntilStopped()
{
    auto panel = chat_test::openPanel(m_fixture, m_preferences.get());
    JobSupervisor supervisor;
    panel->enableApiServer(&supervisor);
    ApiServerControl* server = panel->apiServer();
    QVERIFY(server && !server->isServing());
    server->setPort(0); // any free port: the label tells which
    QSignalSpy listening(server, &ApiServerControl::listening);
    QSignalSpy stopped(server, &ApiServerControl::stopped);
    QTest::mouseClick(server->button(), Qt::LeftButton);
    QVERIFY(server->isServing());
    QVERIFY(listening.wait(60000));
    const QString url = listening.first().first().toString();
    QVERIFY2(url.startsWith(QStringLiteral("http://127.0.0.1:")), qPrintable(url));
    QVERIFY(server->addressLabel()->text().contains(url));
    QCOMPARE(supervisor.activeJobs().size(), 1); // in the status bar, cancellable there too

    const QJsonObject models = curlJson({url + QStringLiteral("/v1/models")});
    const QJsonArray data = models.value(QStringLiteral("data")).toArray();
    QCOMPARE(data.size(), 1);
    QVERIFY(data[0].toObject().value(QStringLiteral("id")).toString().contains(QStringLiteral("best")));

    const QJsonObject request{{"prompt", "Once upon a time"}, {"max_tokens", 8}, {"temperature", 0}};
    const QJsonObject answer = curlJson({QStringLiteral("-H"), QStringLiteral("Content-Type: application/json"),
                                         QStringLiteral("-d"),
                                         QString::fromUtf8(QJsonDocument(request).toJson(QJsonDocument::Compact)),
                                         url + QStringLiteral("/v1/completions")});
    const QJsonObject usage = answer.value(QStringLiteral("usage")).toObject();
    QVERIFY2(usage.value(QStringLiteral("prompt_tokens")).toInt() > 0, QJsonDocument(answer).toJson().constData());
    const int completionTokens = usage.value(QStringLiteral("completion_tokens")).toInt();
    QVERIFY(completionTokens > 0 && completionTokens <= 8);
    QCOMPARE(answer.value(QStringLiteral("choices")).toArray().size(), 1);

    QCOMPARE(server->button()->text(), QStringLiteral("Stop API"));
    QTest::mouseClick(server->button(), Qt::LeftButton);
    QVERIFY(stopped.wait(30000));
    QCOMPARE(stopped.first().first().toString(), QString()); // stopped as asked, no error
    QVERIFY(!server->isServing());
    QCOMPARE(server->button()->text(), QStringLiteral("Serve API"));
    QTRY_COMPARE_WITH_TIMEOUT(supervisor.activeJobs().size(), 0, 10000);
}

LW_TEST_MAIN(TestChatApiServer)
#include "test_chat_api_server.moc"
