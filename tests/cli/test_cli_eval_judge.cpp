// `llmwb eval judge` against judges on loopback: a real `llmwb serve` (a scripted model
// whose replies hold no verdict: every one is reported unparsed and nothing is scored),
// and a stand-in server written here answering fixed verdicts (the mean is worked out by
// hand), failing with 503 before answering (retries counted), refusing with 400 (no
// retry), never answering in time (an error for that example only), and comparing two
// models in both orders.
#include "eval_cli_support.h"
#include "judge_stand_in.h"
#include "serve_process.h"
#include "test_registry.h"

#include <QTemporaryDir>

using lw::test::runCli;

namespace {

QJsonObject judgeResultOf(const lw::test::CliResult& r)
{
    return lw::test::lastJsonObject(r);
}

} // namespace

class TestCliEvalJudge : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void llmwbServeAsJudgeRepliesAreUnparsed();
    void fixedVerdictsGiveTheMean();
    void retriesAfter503AreCounted();
    void clientErrorsAreNotRetried();
    void judgeThatNeverAnswersIsAnErrorForThatExample();
    void pairwiseComparisonCancelsPositionBias_data();
    void pairwiseComparisonCancelsPositionBias();
    void badOptionsAreRefused();

private:
    QStringList judgeArgs(const QString& url) const
    {
        return {"eval", "judge", "--project", m_project, "--model", m_checkpoint, "--data", m_data, "--template",
                m_template, "--max-new-tokens", "4", "--judge", url, "--json"};
    }
    QTemporaryDir m_dir;
    QString m_project, m_checkpoint, m_other, m_served, m_template, m_data;
    std::unique_ptr<lw::test::JudgeStandIn> m_judge;
};

void TestCliEvalJudge::initTestCase()
{
    QVERIFY(QFile::exists(lw::test::llmwbPath()));
    m_project = m_dir.filePath("project");
    // Short scripts (and contexts): a longer prompt loses its start, and the answers are
    // the scripts' ends, " the mat." and " away.".
    m_checkpoint = lw::test::writeScriptedEvalCheckpoint(m_dir.filePath("cat"), " the cat sat on the mat.\n\n", 1);
    m_other = lw::test::writeScriptedEvalCheckpoint(m_dir.filePath("dog"), " a dog ran far away.\n\n", 1);
    // The served judge needs a context that holds a whole judge prompt (the server
    // refuses longer ones); 48 dimensions cannot fit 480 positions exactly, so its replies
    // are only roughly the script, and still never a verdict.
    m_served = lw::test::writeScriptedEvalCheckpoint(m_dir.filePath("served"), " the cat sat on the mat.\n\n", 60);
    m_template = lw::test::writeBareEvalTemplate(m_dir.path());
    m_data = lw::test::writeEvalJsonl(m_dir.filePath("data.jsonl"),
                                      {QJsonObject{{"question", "Q-one: hello"}, {"answer", "the cat"}},
                                       QJsonObject{{"question", "Q-two: hello there"}, {"answer", "a dog"}},
                                       QJsonObject{{"question", "Q-three: hi"}, {"answer", "the mat"}}});
    m_judge = std::make_unique<lw::test::JudgeStandIn>();
}

void TestCliEvalJudge::llmwbServeAsJudgeRepliesAreUnparsed()
{
    lw::test::ServeProcess serve(m_dir.path(), {"--model", m_served, "--api-key", "sk-eval-judge"});
    QVERIFY2(!serve.url.isEmpty(), "the server did not report listening");
    qputenv("LLMWB_JUDGE_API_KEY", "sk-eval-judge");
    const auto r = runCli(judgeArgs(serve.url + "/v1") << "--judge-max-tokens" << "4");
    qunsetenv("LLMWB_JUDGE_API_KEY");
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QJsonObject out = judgeResultOf(r);
    // The scripted judge only ever continues its script: no rating in any reply.
    QCOMPARE(out["n"].toInt(), 3);
    QVERIFY2(out["unparsed"].toInt() == 3, qPrintable(r.out));
    QCOMPARE(out["scored"].toInt(), 0);
    QCOMPARE(out["errors"].toInt(), 0);
    QVERIFY(out["mean_score"].isNull());
    QCOMPARE(out["unparsed_indices"].toArray(), (QJsonArray{0, 1, 2}));
    const auto stored = lw::test::storedEvaluation(m_project, out["evaluation_id"].toInteger());
    QCOMPARE(stored.task, QString("judge"));
    for (const QJsonObject& e : stored.examples) {
        QVERIFY(e["score"].isNull());
        QCOMPARE(e["parsed"].toBool(), false);
        QVERIFY(!e["reason"].toString().isEmpty()); // the judge's whole reply is kept
        QCOMPARE(e["attempts"].toInt(), 1);
    }
    // Without the key the server refuses (401): an error per example, not retried.
    const auto refused = runCli(judgeArgs(serve.url + "/v1") << "--judge-max-tokens" << "4");
    QVERIFY2(refused.exitCode == 0, qPrintable(refused.all()));
    QCOMPARE(judgeResultOf(refused)["errors"].toInt(), 3);
    const auto rows = lw::test::storedEvaluation(m_project, judgeResultOf(refused)["evaluation_id"].toInteger());
    const QString error = rows.examples[0]["error"].toString();
    QVERIFY2(error.contains("HTTP 401"), qPrintable(error));
    QCOMPARE(rows.examples[0]["attempts"].toInt(), 1);
}

void TestCliEvalJudge::fixedVerdictsGiveTheMean()
{
    qputenv("OPENAI_API_KEY", "sk-from-openai-variable");
    const auto r = runCli(judgeArgs(QString::fromStdString(m_judge->url("fixed")))
                          << "--judge-model" << "grader-1" << "--concurrency" << "3");
    qunsetenv("OPENAI_API_KEY");
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QJsonObject out = judgeResultOf(r);
    // Q-one rated 8, Q-two rated 3, Q-three's reply has no rating: mean (8 + 3) / 2.
    QCOMPARE(out["mean_score"].toDouble(), 5.5);
    QCOMPARE(out["scored"].toInt(), 2);
    QCOMPARE(out["unparsed"].toInt(), 1);
    QCOMPARE(out["unparsed_indices"].toArray(), QJsonArray{2});
    const auto stored = lw::test::storedEvaluation(m_project, out["evaluation_id"].toInteger());
    QCOMPARE(stored.examples[0]["score"].toDouble(), 8.0);
    QCOMPARE(stored.examples[1]["score"].toDouble(), 3.0);
    QVERIFY(stored.examples[2]["score"].isNull());
    QCOMPARE(stored.examples[2]["reason"].toString(), QString("I cannot tell how good this answer is."));
    QCOMPARE(stored.settings["judge_model"].toString(), QString("grader-1"));
    // What the judge was sent: greedy, the model's name, the key from OPENAI_API_KEY, the
    // model's answer and the reference inside the prompt.
    const auto seen = m_judge->seen();
    QVERIFY(seen.size() >= 3);
    const auto& last = seen.back();
    QCOMPARE(last.body["temperature"].get<double>(), 0.0);
    QCOMPARE(QString::fromStdString(last.body["model"].get<std::string>()), QString("grader-1"));
    QCOMPARE(QString::fromStdString(last.authorization), QString("Bearer sk-from-openai-variable"));
    const QString prompt = QString::fromStdString(last.body["messages"].back()["content"].get<std::string>());
    QVERIFY(prompt.contains("[Assistant's answer]") && prompt.contains("[Reference answer]"));
    QVERIFY2(m_judge->maxInFlight() >= 2, "--concurrency 3 never had two requests in flight");
}

void TestCliEvalJudge::retriesAfter503AreCounted()
{
    const auto r = runCli(judgeArgs(QString::fromStdString(m_judge->url("flaky")))
                          << "--retries" << "3" << "--backoff" << "0.05");
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QJsonObject out = judgeResultOf(r);
    QCOMPARE(out["mean_score"].toDouble(), 7.0);
    QCOMPARE(out["errors"].toInt(), 0);
    const auto stored = lw::test::storedEvaluation(m_project, out["evaluation_id"].toInteger());
    for (const QJsonObject& e : stored.examples)
        QCOMPARE(e["attempts"].toInt(), 3); // two 503s, then the answer
}

void TestCliEvalJudge::clientErrorsAreNotRetried()
{
    const auto r = runCli(judgeArgs(QString::fromStdString(m_judge->url("bad"))) << "--retries" << "3");
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QJsonObject out = judgeResultOf(r);
    QCOMPARE(out["errors"].toInt(), 3);
    QCOMPARE(out["error_indices"].toArray(), (QJsonArray{0, 1, 2}));
    QVERIFY(out["mean_score"].isNull());
    const auto stored = lw::test::storedEvaluation(m_project, out["evaluation_id"].toInteger());
    const QString error = stored.examples[1]["error"].toString();
    QVERIFY2(error.contains("HTTP 400") && error.contains("unknown model 'nobody'"), qPrintable(error));
    QCOMPARE(stored.examples[1]["attempts"].toInt(), 1);
}

void TestCliEvalJudge::judgeThatNeverAnswersIsAnErrorForThatExample()
{
    const auto r = runCli(judgeArgs(QString::fromStdString(m_judge->url("slow")))
                          << "--timeout" << "1" << "--retries" << "0");
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QJsonObject out = judgeResultOf(r);
    QCOMPARE(out["errors"].toInt(), 1);
    QCOMPARE(out["error_indices"].toArray(), QJsonArray{1});
    QCOMPARE(out["mean_score"].toDouble(), 8.0); // Q-one only; Q-three is unparsed
    QCOMPARE(out["unparsed"].toInt(), 1);
    const auto stored = lw::test::storedEvaluation(m_project, out["evaluation_id"].toInteger());
    QVERIFY2(stored.examples[1]["error"].toString().contains("no answer"),
             qPrintable(stored.examples[1]["error"].toString()));
    QVERIFY(stored.examples[1]["score"].isNull());
}

void TestCliEvalJudge::pairwiseComparisonCancelsPositionBias_data()
{
    QTest::addColumn<QString>("route");
    QTest::addColumn<int>("wins");
    QTest::addColumn<int>("ties");
    // The judge prefers the answer about the mat (the cat model's): it wins in both orders.
    QTest::newRow("consistent judge") << "pair" << 3 << 0;
    // "[[A]]" whatever the order: each order favours a different model, so every example is a tie.
    QTest::newRow("position-biased judge") << "first" << 0 << 3;
}

void TestCliEvalJudge::pairwiseComparisonCancelsPositionBias()
{
    QFETCH(QString, route);
    QFETCH(int, wins);
    QFETCH(int, ties);
    const auto r = runCli(judgeArgs(QString::fromStdString(m_judge->url(route.toStdString())))
                          << "--rubric" << "mt-bench-pair" << "--compare-model" << m_other);
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QJsonObject out = judgeResultOf(r);
    QCOMPARE(out["wins"].toInt(), wins);
    QCOMPARE(out["ties"].toInt(), ties);
    QCOMPARE(out["losses"].toInt(), 0);
    QCOMPARE(out["win_rate"].toDouble(), wins / 3.0);
    const auto stored = lw::test::storedEvaluation(m_project, out["evaluation_id"].toInteger());
    const QJsonObject e = stored.examples[0];
    QCOMPARE(e["verdicts"].toArray().size(), 2);
    QCOMPARE(e["attempts"].toInt(), 2);
    QVERIFY2(e["answer"].toString().contains("mat") && !e["other_answer"].toString().contains("mat"),
             qPrintable(e["answer"].toString() + " / " + e["other_answer"].toString()));
    QCOMPARE(e["verdict"].toString(), QString(wins ? "win" : "tie"));
}

void TestCliEvalJudge::badOptionsAreRefused()
{
    const auto pairWithout = runCli(judgeArgs(QString::fromStdString(m_judge->url("fixed")))
                                    << "--rubric" << "mt-bench-pair");
    QVERIFY(pairWithout.exitCode != 0);
    QVERIFY2(pairWithout.err.contains("compare-model"), qPrintable(pairWithout.all()));
    const auto badUrl = runCli(judgeArgs("ftp://127.0.0.1/v1"));
    QVERIFY(badUrl.exitCode != 0);
    QVERIFY2(badUrl.err.contains("judge"), qPrintable(badUrl.all()));
}

LW_TEST_GUILESS_MAIN(TestCliEvalJudge)
#include "test_cli_eval_judge.moc"
