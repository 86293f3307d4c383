// `llmwb serve` as a client sees it: a real server process answering curl over HTTP.
// A tiny model is trained once on The Verdict; its greedy answers must be the ones
// `llmwb generate` prints, streamed or not, alone or in a burst of concurrent clients,
// and every bad request gets a JSON error while the server stays up.
#include "cli_runner.h"
#include "test_registry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QThread>
#include <csignal>
#include <memory>

using lw::test::runCli;
using lw::test::sharedData;

namespace {

struct Reply {
    int status = 0;
    QByteArray body;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    // The JSON of every "data: {...}" event of a stream, and whether [DONE] ended it.
    QList<QJsonObject> events(bool* done = nullptr) const
    {
        QList<QJsonObject> out;
        if (done)
            *done = false;
        for (const QByteArray& line : body.split('\n')) {
            if (!line.startsWith("data: "))
                continue;
            if (line == "data: [DONE]") {
                if (done)
                    *done = true;
                continue;
            }
            out.append(QJsonDocument::fromJson(line.mid(6)).object());
        }
        return out;
    }
};

// curl, started now and read later (for bursts).
std::unique_ptr<QProcess> startCurl(const QString& url, const QByteArray& body, const QStringList& headers = {})
{
    auto p = std::make_unique<QProcess>();
    QStringList args = {"-sS", "-N", "--max-time", "90", "-w", "\n%{http_code}", url};
    for (const QString& h : headers)
        args << "-H" << h;
    if (!body.isNull())
        args << "-H" << "Content-Type: application/json" << "--data-binary" << "@-";
    p->start("curl", args);
    p->waitForStarted(10000);
    if (!body.isNull())
        p->write(body);
    p->closeWriteChannel();
    return p;
}

Reply finishCurl(QProcess& p)
{
    p.waitForFinished(100000);
    Reply r;
    const QByteArray out = p.readAllStandardOutput();
    const int newline = out.lastIndexOf('\n');
    r.status = out.mid(newline + 1).toInt();
    r.body = out.left(newline);
    return r;
}

Reply http(const QString& url, const QByteArray& body = QByteArray(), const QStringList& headers = {})
{
    return finishCurl(*startCurl(url, body, headers));
}

QByteArray json(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// A running `llmwb serve --events`; its events go to a file, so that a test that reads
// none never blocks the server on a full pipe.
class Server {
public:
    Server(const QString& dir, const QStringList& args)
        : m_events(dir + QString("/serve-%1.events").arg(++s_count))
    {
        m_process.setStandardOutputFile(m_events);
        m_process.setStandardErrorFile(m_events + ".err");
        m_process.start(lw::test::llmwbPath(), QStringList{"serve", "--port", "0", "--events"} + args);
        m_process.waitForStarted(10000);
        const QJsonObject listening = waitFor("listening");
        url = listening["url"].toString();
        model = listening["model"].toString();
    }
    ~Server()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(10000);
        }
    }
    QList<QJsonObject> events() const
    {
        QFile f(m_events);
        f.open(QIODevice::ReadOnly);
        QList<QJsonObject> out;
        for (const QByteArray& line : f.readAll().split('\n'))
            if (!line.isEmpty())
                out.append(QJsonDocument::fromJson(line).object());
        return out;
    }
    QJsonObject waitFor(const QString& type, int timeoutMs = 120000,
                        const std::function<bool(const QJsonObject&)>& also = {}) const
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            for (const QJsonObject& e : events())
                if (e["event"] == type && (!also || also(e)))
                    return e;
            if (m_process.state() == QProcess::NotRunning)
                break;
            QThread::msleep(20);
        }
        return {};
    }
    int terminate()
    {
        ::kill(pid_t(m_process.processId()), SIGTERM);
        m_process.waitForFinished(30000);
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }
    bool running() const { return m_process.state() == QProcess::Running; }

    QString url, model;

private:
    static inline int s_count = 0;
    QProcess m_process;
    QString m_events;
};

} // namespace

class TestCliServe : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void listsTheModel();
    void usageCountsAreTheTokenizers();
    void greedyAnswerIsWhatGeneratePrints_data();
    void greedyAnswerIsWhatGeneratePrints();
    void streamedChunksMakeTheSameAnswer();
    void chatWithSystemAndUserMessages();
    void stopSequenceEndsTheTextBeforeIt();
    void badRequestsGetJsonErrors_data();
    void badRequestsGetJsonErrors();
    void apiKeyIsRequiredWhenSet();
    void openHostWithoutKeyIsRefusedAtStart();
    void burstOfConcurrentClients();
    void clientLeavingMidStreamDoesNotHurtTheNext();

private:
    QString completions() const { return m_server->url + "/v1/completions"; }
    QString chat() const { return m_server->url + "/v1/chat/completions"; }
    QString generated(const QStringList& extra) const;
    QJsonObject greedyRequest(const QString& prompt, int maxTokens) const
    {
        return {{"model", "any"}, {"prompt", prompt}, {"max_tokens", maxTokens}, {"temperature", 0}};
    }

    QTemporaryDir m_dir;
    QString m_project, m_checkpoint, m_tokenizer;
    std::unique_ptr<Server> m_server;
};

void TestCliServe::initTestCase()
{
    QVERIFY(QFile::exists(lw::test::llmwbPath()));
    QProcess curl;
    curl.start("curl", {"--version"});
    QVERIFY2(curl.waitForFinished(10000) && curl.exitCode() == 0, "curl is needed (packaging/install-deps.sh)");
    m_project = m_dir.filePath("project");
    const QString corpus = sharedData("llms-from-scratch/the-verdict.txt");
    auto tok = runCli({"tokenizer", "train", "--project", m_project, "--input", corpus, "--vocab-size", "400",
                       "--name", "verdict-bpe"});
    QVERIFY2(tok.exitCode == 0, qPrintable(tok.all()));
    auto data = runCli({"data", "prepare", "--project", m_project, "--input", corpus, "--tokenizer", "verdict-bpe",
                        "--name", "verdict"});
    QVERIFY2(data.exitCode == 0, qPrintable(data.all()));
    auto train = runCli({"train", "--project", m_project, "--dataset", "verdict", "--preset", "tiny",
                         "--context-length", "256", "--max-steps", "40", "--eval-every", "20", "--learning-rate",
                         "0.005", "--warmup-steps", "5", "--batch-size", "4", "--name", "serve-test", "--events"});
    QVERIFY2(train.exitCode == 0, qPrintable(train.all()));
    for (const QString& line : train.out.split('\n', Qt::SkipEmptyParts)) {
        const QJsonObject e = QJsonDocument::fromJson(line.toUtf8()).object();
        if (e["event"] == "finished")
            m_checkpoint = e["best_checkpoint"].toString();
    }
    QVERIFY(QFile::exists(m_checkpoint));
    m_tokenizer = QFileInfo(m_checkpoint).dir().filePath("../tokenizer");
    m_server = std::make_unique<Server>(m_dir.path(), QStringList{"--model", m_checkpoint, "--max-concurrent", "6"});
    QVERIFY2(!m_server->url.isEmpty(), "the server did not report listening");
    QVERIFY(m_server->url.startsWith("http://127.0.0.1:"));
}

void TestCliServe::cleanupTestCase()
{
    if (!m_server)
        return;
    QCOMPARE(m_server->terminate(), 0); // SIGTERM stops it gracefully
    QVERIFY(!m_server->waitFor("stopped", 1000).isEmpty());
}

QString TestCliServe::generated(const QStringList& extra) const
{
    auto r = runCli(QStringList{"generate", "--checkpoint", m_checkpoint, "--temperature", "0"} + extra);
    return r.exitCode == 0 ? r.out.chopped(1) : "failed: " + r.all(); // it ends the text with a newline
}

void TestCliServe::listsTheModel()
{
    const Reply r = http(m_server->url + "/v1/models");
    QCOMPARE(r.status, 200);
    const QJsonObject list = r.json();
    QCOMPARE(list["object"].toString(), QString("list"));
    QCOMPARE(list["data"].toArray().size(), 1);
    const QJsonObject model = list["data"].toArray()[0].toObject();
    QCOMPARE(model["id"].toString(), m_server->model);
    QVERIFY2(model["id"].toString().contains("serve-test"), qPrintable(model["id"].toString()));
    QCOMPARE(model["object"].toString(), QString("model"));
}

void TestCliServe::usageCountsAreTheTokenizers()
{
    const QString prompt = "I had always thought Jack Gisburn";
    const Reply r = http(completions(), json(greedyRequest(prompt, 12)));
    QCOMPARE(r.status, 200);
    const QJsonObject usage = r.json()["usage"].toObject();
    auto encoded = runCli({"tokenizer", "encode", "--tokenizer", m_tokenizer, "--text", prompt});
    QCOMPARE(encoded.exitCode, 0);
    QCOMPARE(usage["prompt_tokens"].toInt(), int(encoded.out.split(' ', Qt::SkipEmptyParts).size()));
    const QJsonObject choice = r.json()["choices"].toArray()[0].toObject();
    if (choice["finish_reason"] == "length")
        QCOMPARE(usage["completion_tokens"].toInt(), 12);
    QVERIFY(usage["completion_tokens"].toInt() > 0 && usage["completion_tokens"].toInt() <= 12);
    QCOMPARE(usage["total_tokens"].toInt(), usage["prompt_tokens"].toInt() + usage["completion_tokens"].toInt());
    QVERIFY(r.json()["id"].toString().startsWith("cmpl-"));
    QCOMPARE(r.json()["object"].toString(), QString("text_completion"));
}

void TestCliServe::greedyAnswerIsWhatGeneratePrints_data()
{
    QTest::addColumn<QString>("prompt");
    QTest::newRow("verdict") << "I had always thought";
    QTest::newRow("dialogue") << "\"It was";
}

void TestCliServe::greedyAnswerIsWhatGeneratePrints()
{
    QFETCH(QString, prompt);
    const Reply first = http(completions(), json(greedyRequest(prompt, 20)));
    const Reply again = http(completions(), json(greedyRequest(prompt, 20)));
    QCOMPARE(first.status, 200);
    const QString text = first.json()["choices"].toArray()[0].toObject()["text"].toString();
    QVERIFY(!text.isEmpty());
    QCOMPARE(again.json()["choices"].toArray()[0].toObject()["text"].toString(), text);
    QCOMPARE(prompt + text, generated({"--prompt", prompt, "--max-tokens", "20"}));
}

void TestCliServe::streamedChunksMakeTheSameAnswer()
{
    QJsonObject request = greedyRequest("I had always thought", 30);
    const QString whole = http(completions(), json(request)).json()["choices"].toArray()[0].toObject()["text"].toString();
    request["stream"] = true;
    request["stream_options"] = QJsonObject{{"include_usage", true}};
    const Reply streamed = http(completions(), json(request));
    QCOMPARE(streamed.status, 200);
    bool done = false;
    const auto events = streamed.events(&done);
    QVERIFY(done);
    QVERIFY2(events.size() >= 4, streamed.body.constData());
    QString text;
    for (const auto& e : events.mid(0, events.size() - 2))
        text += e["choices"].toArray()[0].toObject()["text"].toString();
    QCOMPARE(text, whole);
    QVERIFY(!events[events.size() - 2]["choices"].toArray()[0].toObject()["finish_reason"].toString().isEmpty());
    QCOMPARE(events.last()["usage"].toObject()["completion_tokens"].toInt() > 0, true);

    QJsonObject chatRequest{{"messages", QJsonArray{QJsonObject{{"role", "user"}, {"content", "Hello"}}}},
                            {"max_tokens", 24}, {"temperature", 0}};
    const QString chatWhole =
        http(chat(), json(chatRequest)).json()["choices"].toArray()[0].toObject()["message"].toObject()["content"].toString();
    chatRequest["stream"] = true;
    const auto chatEvents = http(chat(), json(chatRequest)).events(&done);
    QVERIFY(done);
    QCOMPARE(chatEvents.first()["choices"].toArray()[0].toObject()["delta"].toObject()["role"].toString(),
             QString("assistant"));
    QString chatText;
    for (const auto& e : chatEvents) {
        QCOMPARE(e["object"].toString(), QString("chat.completion.chunk"));
        chatText += e["choices"].toArray()[0].toObject()["delta"].toObject()["content"].toString();
    }
    QCOMPARE(chatText, chatWhole);
}

void TestCliServe::chatWithSystemAndUserMessages()
{
    const QJsonObject request{{"model", "whatever"},
                              {"messages", QJsonArray{QJsonObject{{"role", "system"}, {"content", "You paint."}},
                                                      QJsonObject{{"role", "user"}, {"content", "Who was Jack?"}}}},
                              {"max_tokens", 16},
                              {"temperature", 0}};
    const Reply r = http(chat(), json(request));
    QCOMPARE(r.status, 200);
    const QJsonObject body = r.json();
    QCOMPARE(body["object"].toString(), QString("chat.completion"));
    QCOMPARE(body["model"].toString(), m_server->model);
    const QJsonObject message = body["choices"].toArray()[0].toObject()["message"].toObject();
    QCOMPARE(message["role"].toString(), QString("assistant"));
    QCOMPARE(message["content"].toString(), generated({"--template", "chatml", "--system", "You paint.", "--prompt",
                                                       "Who was Jack?", "--max-tokens", "16"}));
    QVERIFY(body["usage"].toObject()["prompt_tokens"].toInt() > 10);
}

void TestCliServe::stopSequenceEndsTheTextBeforeIt()
{
    QJsonObject request = greedyRequest("I had always thought", 40);
    request["temperature"] = 1.0; // seeded: the same text every time, and more varied than greedy
    request["seed"] = 7;
    const QString text = http(completions(), json(request)).json()["choices"].toArray()[0].toObject()["text"].toString();
    QVERIFY(text.size() > 12);
    const QString stop = text.mid(8, 2);
    request["stop"] = QJsonArray{"never-appears", stop};
    const QJsonObject choice = http(completions(), json(request)).json()["choices"].toArray()[0].toObject();
    QCOMPARE(choice["text"].toString(), text.left(text.indexOf(stop)));
    QCOMPARE(choice["finish_reason"].toString(), QString("stop"));
}

void TestCliServe::badRequestsGetJsonErrors_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("inMessage");
    QTest::newRow("malformed JSON") << "/v1/completions" << QByteArray(R"({"prompt": "x",)") << 400 << "malformed JSON";
    QTest::newRow("wrong type") << "/v1/completions" << QByteArray(R"({"prompt": "x", "max_tokens": "5"})") << 400
                                << "max_tokens";
    QTest::newRow("unknown role") << "/v1/chat/completions"
                                  << QByteArray(R"({"messages": [{"role": "robot", "content": "x"}]})") << 400
                                  << "unknown role";
    QTest::newRow("over the context") << "/v1/completions" << QByteArray(R"({"prompt": "x", "max_tokens": 100000})")
                                      << 400 << "max_tokens";
    QTest::newRow("prompt and answer over the context")
        << "/v1/completions" << QByteArray(R"({"prompt": "x", "max_tokens": 256})") << 400 << "context";
    QTest::newRow("token id outside the vocabulary")
        << "/v1/completions" << QByteArray(R"({"prompt": [1, 99999]})") << 400 << "vocabulary";
    QTest::newRow("2 MiB body") << "/v1/completions"
                                << QByteArray(R"({"prompt": ")") + QByteArray(2 << 20, 'a') + QByteArray(R"("})")
                                << 413 << "larger than";
    QTest::newRow("unknown path") << "/v1/embeddings" << QByteArray("{}") << 404 << "unknown URL";
}

void TestCliServe::badRequestsGetJsonErrors()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, inMessage);
    const Reply r = http(m_server->url + path, body);
    QCOMPARE(r.status, status);
    const QJsonObject error = r.json()["error"].toObject();
    QVERIFY2(error["message"].toString().contains(inMessage), r.body.left(400).constData());
    QVERIFY(error.contains("type") && error.contains("param") && error.contains("code"));
    QCOMPARE(http(m_server->url + "/v1/models").status, 200); // still up
}

void TestCliServe::apiKeyIsRequiredWhenSet()
{
    Server locked(m_dir.path(), {"--model", m_checkpoint, "--api-key", "sk-test-123"});
    QVERIFY(!locked.url.isEmpty());
    const QString models = locked.url + "/v1/models";
    const Reply missing = http(models);
    QCOMPARE(missing.status, 401);
    QCOMPARE(missing.json()["error"].toObject()["code"].toString(), QString("invalid_api_key"));
    QCOMPARE(http(models, QByteArray(), {"Authorization: Bearer sk-test-124"}).status, 401);
    QCOMPARE(http(locked.url + "/v1/completions", json(greedyRequest("I", 3))).status, 401);
    QCOMPARE(http(models, QByteArray(), {"Authorization: Bearer sk-test-123"}).status, 200);
    QCOMPARE(http(locked.url + "/v1/completions", json(greedyRequest("I", 3)), {"Authorization: Bearer sk-test-123"})
                 .status,
             200);
}

void TestCliServe::openHostWithoutKeyIsRefusedAtStart()
{
    auto r = runCli({"serve", "--model", m_checkpoint, "--host", "0.0.0.0", "--port", "0"}, 30000);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--api-key"), qPrintable(r.err));
}

void TestCliServe::burstOfConcurrentClients()
{
    // Greedy and seeded sampling: both are pure functions of the logits, so any mix-up of
    // two requests' KV caches in a batch would change the text.
    const QStringList prompts = {"I had always thought", "\"It was", "The picture", "She said", "Gisburn"};
    auto requestFor = [&](int i) {
        QJsonObject request = greedyRequest(prompts[i % prompts.size()], 40);
        if (i % 2) {
            request["temperature"] = 0.9;
            request["seed"] = i % 10;
        }
        return request;
    };
    QMap<int, QString> expected; // by i % 10
    for (int i = 0; i < 10; ++i)
        expected[i] = http(completions(), json(requestFor(i))).json()["choices"].toArray()[0].toObject()["text"].toString();
    std::vector<std::unique_ptr<QProcess>> clients;
    for (int i = 0; i < 20; ++i) {
        QJsonObject request = requestFor(i);
        request["stream"] = i % 3 == 0;
        clients.push_back(startCurl(completions(), json(request)));
    }
    int answered = 0, busy = 0;
    for (int i = 0; i < 20; ++i) {
        const Reply r = finishCurl(*clients[size_t(i)]);
        if (r.status == 429) {
            QCOMPARE(r.json()["error"].toObject()["type"].toString(), QString("rate_limit_exceeded"));
            ++busy;
            continue;
        }
        QCOMPARE(r.status, 200);
        QString text;
        if (i % 3 == 0) {
            for (const auto& e : r.events())
                text += e["choices"].toArray()[0].toObject()["text"].toString();
        } else {
            text = r.json()["choices"].toArray()[0].toObject()["text"].toString();
        }
        QCOMPARE(text, expected[i % 10]);
        ++answered;
    }
    qInfo("burst of 20: %d answered, %d told to retry (429)", answered, busy);
    QVERIFY(answered >= 6);
    QVERIFY(m_server->running());
    QCOMPARE(http(m_server->url + "/v1/models").status, 200);
}

void TestCliServe::clientLeavingMidStreamDoesNotHurtTheNext()
{
    QJsonObject request = greedyRequest("I had always thought", 200);
    request["stream"] = true;
    auto leaving = startCurl(completions(), json(request));
    QElapsedTimer timer;
    timer.start();
    while (!leaving->readAllStandardOutput().contains("data: ") && timer.elapsed() < 30000)
        leaving->waitForReadyRead(50);
    leaving->kill();
    leaving->waitForFinished(5000);
    const Reply next = http(completions(), json(greedyRequest("I had always thought", 20)));
    QCOMPARE(next.status, 200);
    QCOMPARE("I had always thought" + next.json()["choices"].toArray()[0].toObject()["text"].toString(),
             generated({"--prompt", "I had always thought", "--max-tokens", "20"}));
    // The left stream was logged as answered, with at most what it asked for.
    const QJsonObject logged = m_server->waitFor("request", 10000, [](const QJsonObject& e) {
        return e["stream"].toBool() && e["path"] == "/v1/completions" && e["completion_tokens"].toInt() > 20;
    });
    QVERIFY(logged.isEmpty() || logged["completion_tokens"].toInt() <= 200);
}

LW_TEST_GUILESS_MAIN(TestCliServe)
#include "test_cli_serve.moc"
