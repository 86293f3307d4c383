// Several adapters on one base through `llmwb serve` as a client sees it: the demo model
// (20 steps) and two LoRA adapters fine-tuned from it for a few steps, served by one
// process that loads the base once. Each request's "model" picks the base or an adapter:
// greedy answers equal `llmwb generate --model BASE [--adapter DIR] --temperature 0`,
// alone and when requests for all three interleave; /v1/models lists all three; an
// unknown id gets a 404 naming them. One adapter given without a name is the server's
// model, as before several could be served: --model-id (or the base's id "+" its run)
// names it, it is listed first and answers any "model" but the base's own id.
#include "cli_runner.h"
#include "serve_process.h"
#include "test_registry.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <memory>

using lw::test::CliResult;
using lw::test::eventsNamed;
using lw::test::finishCurl;
using lw::test::http;
using lw::test::json;
using lw::test::Reply;
using lw::test::runCli;
using lw::test::ServeProcess;
using lw::test::startCurl;

namespace {

const QString kAdapterPrompt = "Question: Where did Ivy live?\nAnswer:";
constexpr int kMaxTokens = 10;

} // namespace

class TestCliServeAdapters : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void baseIsLoadedOnce();
    void listsTheBaseAndEveryAdapter();
    void eachIdAnswersAsGenerateWithItsAdapter();
    void interleavedRequestsKeepTheirAdapters();
    void unknownIdIsRefusedNamingTheKnownOnes();
    void oneUnnamedAdapterIsTheServersModel_data();
    void oneUnnamedAdapterIsTheServersModel();

private:
    QStringList projectArgs(QStringList args) const { return args << "--project" << m_project; }
    // `llmwb generate`'s greedy text after the prompt, with `adapter` applied when given.
    QString generated(const QString& adapter) const
    {
        QStringList args{"generate", "--model", m_base, "--prompt", kAdapterPrompt, "--temperature", "0",
                         "--max-tokens", QString::number(kMaxTokens)};
        if (!adapter.isEmpty())
            args << "--adapter" << adapter;
        const CliResult r = runCli(projectArgs(args));
        return r.exitCode == 0 ? r.out.chopped(1).mid(kAdapterPrompt.size()) : "failed: " + r.all();
    }
    QByteArray request(const QString& model) const
    {
        QJsonObject o{{"prompt", kAdapterPrompt}, {"max_tokens", kMaxTokens}, {"temperature", 0}};
        if (!model.isNull())
            o["model"] = model;
        return json(o);
    }
    static QString textOf(const Reply& r) { return r.json()["choices"].toArray()[0].toObject()["text"].toString(); }
    QString completions() const { return m_server->url + "/v1/completions"; }

    QTemporaryDir m_dir;
    QString m_project, m_base;
    QString m_runA, m_dirB;     // the first adapter by its run id, the second by its folder
    QString m_idBase, m_idA;    // ids the server gives; the second is named "second"
    QMap<QString, QString> m_expected; // id -> generate's answer
    std::unique_ptr<ServeProcess> m_server;
};

void TestCliServeAdapters::initTestCase()
{
    QVERIFY(QFile::exists(lw::test::llmwbPath()));
    m_project = m_dir.filePath("project");
    const CliResult base = runCli(projectArgs({"train", "--demo", "--max-steps", "20", "--events"}), 600000);
    QVERIFY2(base.exitCode == 0, qPrintable(base.all()));
    m_base = QString::number(eventsNamed(base, "run_started").value(0)["run_id"].toInteger());
    // Two adapters that differ (seed and learning rate), a few steps each.
    const CliResult a = runCli(projectArgs({"finetune", "--demo", "--max-steps", "6", "--batch-size", "4",
                                            "--learning-rate", "0.003", "--compare", "0", "--events"}),
                               600000);
    QVERIFY2(a.exitCode == 0, qPrintable(a.all()));
    m_runA = QString::number(eventsNamed(a, "run_started").value(0)["run_id"].toInteger());
    const CliResult b = runCli(projectArgs({"finetune", "--demo", "--max-steps", "6", "--batch-size", "4",
                                            "--learning-rate", "0.005", "--seed", "7", "--compare", "0", "--events"}),
                               600000);
    QVERIFY2(b.exitCode == 0, qPrintable(b.all()));
    m_dirB = eventsNamed(b, "run_started").value(0)["run_dir"].toString() + "/adapter";
    QVERIFY(QFile::exists(m_dirB + "/adapter_config.json"));

    m_server = std::make_unique<ServeProcess>(
        m_dir.path(), projectArgs({"--model", m_base, "--adapter", m_runA, "--adapter", "second=" + m_dirB}));
    QVERIFY2(!m_server->url.isEmpty(), "the server did not report listening");
    m_idBase = m_server->model;
    const QJsonArray adapters = m_server->waitFor("listening")["adapters"].toArray();
    QCOMPARE(adapters.size(), 2);
    m_idA = adapters[0].toObject()["id"].toString();
    QCOMPARE(adapters[1].toObject()["id"].toString(), QString("second"));

    m_expected[m_idBase] = generated({});
    m_expected[m_idA] = generated(m_runA);
    m_expected["second"] = generated(m_dirB);
    // Otherwise a request answered by the wrong model could pass.
    QVERIFY2(m_expected[m_idBase] != m_expected[m_idA] && m_expected[m_idBase] != m_expected["second"] &&
                 m_expected[m_idA] != m_expected["second"],
             qPrintable(QStringList(m_expected.values()).join(" | ")));
}

void TestCliServeAdapters::cleanupTestCase()
{
    if (m_server)
        QCOMPARE(m_server->terminate(), 0);
}

void TestCliServeAdapters::baseIsLoadedOnce()
{
    const QJsonObject listening = m_server->waitFor("listening");
    QCOMPARE(listening["base_loads"].toInt(), 1);
    // The default id of an adapter: the base's, "+", its fine-tune run's folder name.
    QVERIFY2(m_idA.startsWith(m_idBase + "+" + m_runA + "-"), qPrintable(m_idA));
}

void TestCliServeAdapters::listsTheBaseAndEveryAdapter()
{
    const Reply r = http(m_server->url + "/v1/models");
    QCOMPARE(r.status, 200);
    const QJsonArray data = r.json()["data"].toArray();
    QCOMPARE(data.size(), 3);
    QCOMPARE(data[0].toObject()["id"].toString(), m_idBase);
    QCOMPARE(data[1].toObject()["id"].toString(), m_idA);
    QCOMPARE(data[2].toObject()["id"].toString(), QString("second"));
    QCOMPARE(data[2].toObject()["parent"].toString(), m_idBase);
    QCOMPARE(data[2].toObject()["status"].toString(), QString("ready"));
    const Reply one = http(m_server->url + "/v1/models/second");
    QCOMPARE(one.status, 200);
    QCOMPARE(one.json()["parent"].toString(), m_idBase);
}

void TestCliServeAdapters::eachIdAnswersAsGenerateWithItsAdapter()
{
    for (const QString& id : m_expected.keys()) {
        const Reply r = http(completions(), request(id));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["model"].toString(), id);
        QCOMPARE(textOf(r), m_expected[id]);
    }
    // Without "model": the first adapter, as a server with one adapter always answered.
    const Reply unnamed = http(completions(), request(QString()));
    QCOMPARE(unnamed.status, 200);
    QCOMPARE(textOf(unnamed), m_expected[m_idA]);
}

void TestCliServeAdapters::interleavedRequestsKeepTheirAdapters()
{
    const QStringList order{m_idA, m_idBase, "second", m_idA, "second", m_idBase, m_idA, "second", m_idBase};
    std::vector<std::unique_ptr<QProcess>> clients;
    for (const QString& id : order)
        clients.push_back(startCurl(completions(), request(id)));
    for (int i = 0; i < order.size(); ++i) {
        const Reply r = finishCurl(*clients[size_t(i)]);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["model"].toString(), order[i]);
        QCOMPARE(textOf(r), m_expected[order[i]]);
    }
}

void TestCliServeAdapters::unknownIdIsRefusedNamingTheKnownOnes()
{
    const Reply r = http(completions(), request("no-such-adapter"));
    QCOMPARE(r.status, 404);
    const QJsonObject error = r.json()["error"].toObject();
    QCOMPARE(error["code"].toString(), QString("model_not_found"));
    QCOMPARE(error["param"].toString(), QString("model"));
    const QString message = error["message"].toString();
    for (const QString& id : m_expected.keys())
        QVERIFY2(message.contains("'" + id + "'"), qPrintable(message));
    QCOMPARE(http(m_server->url + "/v1/models/no-such-adapter").status, 404);
    QVERIFY(m_server->running());
}

void TestCliServeAdapters::oneUnnamedAdapterIsTheServersModel_data()
{
    QTest::addColumn<QString>("modelId");
    QTest::newRow("--model-id") << "tuned";
    QTest::newRow("default id") << QString();
}

void TestCliServeAdapters::oneUnnamedAdapterIsTheServersModel()
{
    QFETCH(QString, modelId);
    QStringList args{"--model", m_base, "--adapter", m_runA};
    if (!modelId.isEmpty())
        args << "--model-id" << modelId;
    const ServeProcess server(m_dir.path(), projectArgs(args));
    QVERIFY2(!server.url.isEmpty(), "the server did not report listening");
    const QString adapted = modelId.isEmpty() ? m_idA : modelId;
    QCOMPARE(server.model, adapted);
    const QJsonArray adapters = server.waitFor("listening")["adapters"].toArray();
    QCOMPARE(adapters.size(), 1);
    QCOMPARE(adapters[0].toObject()["id"].toString(), adapted);

    const Reply models = http(server.url + "/v1/models");
    QCOMPARE(models.status, 200);
    const QJsonArray data = models.json()["data"].toArray();
    QCOMPARE(data.size(), 2);
    QCOMPARE(data[0].toObject()["id"].toString(), adapted);
    QCOMPARE(data[1].toObject()["id"].toString(), m_idBase);

    // Its id, none, or any other name: the adapted model, under its id.
    const QString url = server.url + "/v1/completions";
    for (const QString& name : {adapted, QString(), QString("gpt-4o-mini")}) {
        const Reply r = http(url, request(name));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["model"].toString(), adapted);
        QCOMPARE(textOf(r), m_expected[m_idA]);
    }
    const Reply base = http(url, request(m_idBase));
    QCOMPARE(base.status, 200);
    QCOMPARE(base.json()["model"].toString(), m_idBase);
    QCOMPARE(textOf(base), m_expected[m_idBase]);
}

LW_TEST_GUILESS_MAIN(TestCliServeAdapters)
#include "test_cli_serve_adapters.moc"
