// `llmwb eval judge --judge https://...` against the judge stand-in served over TLS on
// loopback, with certificates made by the `openssl` command for this test: the verdicts
// come through when the judge's certificate authority is given (--judge-ca, or the
// SSL_CERT_FILE that OpenSSL's default store reads), and a certificate nobody vouched for
// stops the run with an error naming the URL instead of scoring anything.
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

} // namespace

class TestCliEvalJudgeHttps : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void caFileGivesTheVerdicts();
    void sslCertFileIsTheDefaultStore();
    void untrustedCertificateStopsNamingTheUrl();
    void caFileOptionIsChecked();

private:
    QStringList judgeArgs(const QString& url) const
    {
        return {"eval", "judge", "--project", m_project, "--model", m_checkpoint, "--data", m_data, "--template",
                m_template, "--max-new-tokens", "4", "--judge", url, "--retries", "0", "--json"};
    }
    QString fixedUrl() const { return QString::fromStdString(m_judge->url("fixed")); }
    QTemporaryDir m_dir;
    QString m_project, m_checkpoint, m_template, m_data, m_cert, m_otherCert;
    std::unique_ptr<lw::test::JudgeStandIn> m_judge;
};

void TestCliEvalJudgeHttps::initTestCase()
{
    QVERIFY(QFile::exists(lw::test::llmwbPath()));
    m_cert = m_dir.filePath("judge-cert.pem");
    m_otherCert = m_dir.filePath("other-cert.pem");
    QVERIFY2(makeCertificate(m_cert, m_dir.filePath("judge-key.pem")), "openssl req failed");
    QVERIFY2(makeCertificate(m_otherCert, m_dir.filePath("other-key.pem")), "openssl req failed");
    m_judge = std::make_unique<lw::test::JudgeStandIn>(m_cert.toStdString(), m_dir.filePath("judge-key.pem").toStdString());
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

LW_TEST_GUILESS_MAIN(TestCliEvalJudgeHttps)
#include "test_cli_eval_judge_https.moc"
