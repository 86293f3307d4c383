// `llmwb serve` as a client sees it: a real server process answering curl over HTTP.
// A tiny model is trained once on The Verdict; its greedy answers must be the ones
// `llmwb generate` prints, streamed or not, alone or in a burst of concurrent clients
// (all answered), and every bad request gets a JSON error while the server stays up.
#include "cli_runner.h"
#include "serve_process.h"
#include "test_registry.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <memory>

using lw::test::finishCurl;
using lw::test::http;
using lw::test::json;
using lw::test::Reply;
using lw::test::runCli;
using lw::test::ServeProcess;
using lw::test::sharedData;
using lw::test::startCurl;


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
    std::unique_ptr<ServeProcess> m_server;
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
    m_server = std::make_unique<ServeProcess>(m_dir.path(), QStringList{"--model", m_checkpoint});
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
    ServeProcess locked(m_dir.path(), {"--model", m_checkpoint, "--api-key", "sk-test-123"});
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
    for (int i = 0; i < 20; ++i) {
        const Reply r = finishCurl(*clients[size_t(i)]);
        QCOMPARE(r.status, 200); // queued, never refused
        QString text;
        if (i % 3 == 0) {
            for (const auto& e : r.events())
                text += e["choices"].toArray()[0].toObject()["text"].toString();
        } else {
            text = r.json()["choices"].toArray()[0].toObject()["text"].toString();
        }
        QCOMPARE(text, expected[i % 10]);
    }
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
