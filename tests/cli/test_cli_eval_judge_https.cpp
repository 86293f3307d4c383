// `llmwb eval judge --judge https://...` against the judge stand-in served over TLS on
// loopback, with certificates made by the `openssl` command for this test: the verdicts
// come through when the judge's certificate authority is given (--judge-ca, or the
// SSL_CERT_FILE that OpenSSL's default store reads), and a certificate nobody vouched for
// stops the run with an error naming the URL instead of scoring anything, at the first
// attempt. A judge that drops connections during the TLS handshake (tls_dropping_judge.py,
// Python's own TLS server) is asked again, and the attempts are counted.
#include "eval_cli_support.h"
#include "judge_stand_in.h"
#include "test_registry.h"

#include <QProcess>
#include <QTemporaryDir>

using lw::test::runCli;

namespace {

// A self-signed certificate for 127.0.0.1 (its own certificate authority) and its key.
bool makeCertificate(const QString& certPath, const QString& keyPath)
{
    QProcess openssl;
    openssl.start("openssl", {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                              "-keyout", keyPath, "-out", certPath, "-days", "2", "-subj", "/CN=127.0.0.1",
                              "-addext", "subjectAltName=IP:127.0.0.1"});
    return openssl.waitForFinished(30000) && openssl.exitStatus() == QProcess::NormalExit && openssl.exitCode() == 0;
}

// tls_dropping_judge.py, serving with the given certificate: its first `drops`
// connections are dropped during the handshake.
class DroppingJudge {
public:
    DroppingJudge(const QString& certPath, const QString& keyPath, int drops)
    {
        const QString script = QString::fromUtf8(lw::test::sourceDir()) + "/tests/cli/tls_dropping_judge.py";
        m_process.start("/usr/bin/python3", {script, certPath, keyPath, QString::number(drops)});
        while (m_process.waitForReadyRead(10000) && !m_process.canReadLine())
            ;
        const QByteArray line = m_process.readLine().trimmed();
        if (line.startsWith("port "))
            m_port = line.mid(5).toInt();
    }
    QString url() const { return m_port ? QString("https://127.0.0.1:%1/v1").arg(m_port) : QString(); }
    // Connections accepted so far (each client attempt opens one).
    int connections()
    {
        while (m_process.waitForReadyRead(300))
            ;
        m_output += m_process.readAllStandardOutput();
        return int(m_output.count("connection "));
    }

private:
    QProcess m_process;
    QByteArray m_output;
    int m_port = 0;
};

} // namespace

class TestCliEvalJudgeHttps : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void caFileGivesTheVerdicts();
    void sslCertFileIsTheDefaultStore();
    void untrustedCertificateStopsNamingTheUrl();
    void caFileOptionIsChecked();
    void handshakeCutShortIsRetried();
    void untrustedCertificateIsNotRetried();

private:
    QStringList judgeArgs(const QString& url, int retries = 0) const
    {
        return {"eval", "judge", "--project", m_project, "--model", m_checkpoint, "--data", m_data, "--template",
                m_template, "--max-new-tokens", "4", "--judge", url, "--retries", QString::number(retries),
                "--backoff", "0.05", "--json"};
    }
    QString fixedUrl() const { return QString::fromStdString(m_judge->url("fixed")); }
    QTemporaryDir m_dir;
    QString m_project, m_checkpoint, m_template, m_data, m_cert, m_key, m_otherCert;
    std::unique_ptr<lw::test::JudgeStandIn> m_judge;
};

void TestCliEvalJudgeHttps::initTestCase()
{
    QVERIFY(QFile::exists(lw::test::llmwbPath()));
    m_cert = m_dir.filePath("judge-cert.pem");
    m_key = m_dir.filePath("judge-key.pem");
    m_otherCert = m_dir.filePath("other-cert.pem");
    QVERIFY2(makeCertificate(m_cert, m_key), "openssl req failed");
    QVERIFY2(makeCertificate(m_otherCert, m_dir.filePath("other-key.pem")), "openssl req failed");
    m_judge = std::make_unique<lw::test::JudgeStandIn>(m_cert.toStdString(), m_key.toStdString());
    m_project = m_dir.filePath("project");
    m_checkpoint = lw::test::writeScriptedEvalCheckpoint(m_dir.filePath("cat"), " the cat sat on the mat.\n\n", 1);
    m_template = lw::test::writeBareEvalTemplate(m_dir.path());
    m_data = lw::test::writeEvalJsonl(m_dir.filePath("data.jsonl"),
                                      {QJsonObject{{"question", "Q-one: hello"}, {"answer", "the cat"}},
                                       QJsonObject{{"question", "Q-two: hello there"}, {"answer", "a dog"}},
                                       QJsonObject{{"question", "Q-three: hi"}, {"answer", "the mat"}}});
}

void TestCliEvalJudgeHttps::caFileGivesTheVerdicts()
{
    QVERIFY(fixedUrl().startsWith("https://"));
    const auto r = runCli(judgeArgs(fixedUrl()) << "--judge-ca" << m_cert);
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QJsonObject out = lw::test::lastJsonObject(r);
    // As over http: Q-one rated 8, Q-two 3, Q-three's reply has no rating: mean (8 + 3) / 2.
    QCOMPARE(out["mean_score"].toDouble(), 5.5);
    QCOMPARE(out["scored"].toInt(), 2);
    QCOMPARE(out["errors"].toInt(), 0);
    const auto stored = lw::test::storedEvaluation(m_project, out["evaluation_id"].toInteger());
    QCOMPARE(stored.settings["judge_ca"].toString(), m_cert);
}

void TestCliEvalJudgeHttps::sslCertFileIsTheDefaultStore()
{
    qputenv("SSL_CERT_FILE", m_cert.toUtf8());
    const auto r = runCli(judgeArgs(fixedUrl()));
    qunsetenv("SSL_CERT_FILE");
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    QCOMPARE(lw::test::lastJsonObject(r)["mean_score"].toDouble(), 5.5);
}

void TestCliEvalJudgeHttps::untrustedCertificateStopsNamingTheUrl()
{
    const int before = int(m_judge->seen().size());
    // Another authority given, and the default store (pointed at that other authority too,
    // so the machine's own store cannot make the result differ).
    qputenv("SSL_CERT_FILE", m_otherCert.toUtf8());
    const auto withOther = runCli(judgeArgs(fixedUrl()) << "--judge-ca" << m_otherCert);
    const auto withDefault = runCli(judgeArgs(fixedUrl()));
    qunsetenv("SSL_CERT_FILE");
    for (const auto* r : {&withOther, &withDefault}) {
        QVERIFY2(r->exitCode != 0, qPrintable(r->all()));
        QVERIFY2(r->err.contains(fixedUrl() + "/chat/completions"), qPrintable(r->all()));
        QVERIFY2(r->err.contains("not trusted") && r->err.contains("--judge-ca"), qPrintable(r->all()));
    }
    QVERIFY2(withOther.err.contains(m_otherCert), qPrintable(withOther.all()));
    QCOMPARE(int(m_judge->seen().size()), before); // nothing reached the untrusted server's handler
}

void TestCliEvalJudgeHttps::caFileOptionIsChecked()
{
    const auto missing = runCli(judgeArgs(fixedUrl()) << "--judge-ca" << m_dir.filePath("no-such.pem"));
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.contains("no-such.pem"), qPrintable(missing.all()));
    const auto plainHttp = runCli(judgeArgs("http://127.0.0.1:1/v1") << "--judge-ca" << m_cert);
    QCOMPARE(plainHttp.exitCode, 2);
    QVERIFY2(plainHttp.err.contains("judge-ca") && plainHttp.err.contains("https"), qPrintable(plainHttp.all()));
}

void TestCliEvalJudgeHttps::handshakeCutShortIsRetried()
{
    // The first connection is reset after the client's hello, the second closed: both
    // are transient, so the first example succeeds at its third attempt.
    DroppingJudge judge(m_cert, m_key, 2);
    QVERIFY2(!judge.url().isEmpty(), "tls_dropping_judge.py did not start");
    const auto r = runCli(judgeArgs(judge.url(), 3) << "--judge-ca" << m_cert);
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QJsonObject out = lw::test::lastJsonObject(r);
    QCOMPARE(out["errors"].toInt(), 0);
    QCOMPARE(out["scored"].toInt(), 3);
    QCOMPARE(out["mean_score"].toDouble(), 7.0);
    const auto stored = lw::test::storedEvaluation(m_project, out["evaluation_id"].toInteger());
    QCOMPARE(stored.examples[0]["attempts"].toInt(), 3);
    QCOMPARE(stored.examples[1]["attempts"].toInt(), 1);
    QCOMPARE(stored.examples[2]["attempts"].toInt(), 1);
    QCOMPARE(judge.connections(), 5);

    // With no retries the same drop is an error for that example only, naming the URL.
    DroppingJudge once(m_cert, m_key, 1);
    const auto unlucky = runCli(judgeArgs(once.url(), 0) << "--judge-ca" << m_cert);
    QVERIFY2(unlucky.exitCode == 0, qPrintable(unlucky.all()));
    const QJsonObject unluckyOut = lw::test::lastJsonObject(unlucky);
    QCOMPARE(unluckyOut["errors"].toInt(), 1);
    QCOMPARE(unluckyOut["error_indices"].toArray(), QJsonArray{0});
    const QString error = lw::test::storedEvaluation(m_project, unluckyOut["evaluation_id"].toInteger())
                              .examples[0]["error"]
                              .toString();
    QVERIFY2(error.contains(once.url() + "/chat/completions") && error.contains("TLS handshake"), qPrintable(error));
}

void TestCliEvalJudgeHttps::untrustedCertificateIsNotRetried()
{
    DroppingJudge judge(m_cert, m_key, 0);
    QVERIFY2(!judge.url().isEmpty(), "tls_dropping_judge.py did not start");
    const auto r = runCli(judgeArgs(judge.url(), 3) << "--judge-ca" << m_otherCert);
    QVERIFY2(r.exitCode != 0, qPrintable(r.all()));
    QVERIFY2(r.err.contains(judge.url() + "/chat/completions") && r.err.contains("not trusted"), qPrintable(r.all()));
    QCOMPARE(judge.connections(), 1); // one handshake, no retry, no further example
}

LW_TEST_GUILESS_MAIN(TestCliEvalJudgeHttps)
#include "test_cli_eval_judge_https.moc"
