// A server that listens before its model exists (the demo model trains first), as its
// clients see it over HTTP on loopback: while loading, /v1/models lists the model as
// "loading" with the progress and completions get 503 with Retry-After and the same
// progress in the error; a failed loading is said in both, without Retry-After; once
// the model is handed over, the same server answers.
#include "core/serve/api_server.h"
#include "http_test_support.h"
#include "serve_test_support.h"
#include "shared_data.h"
#include "test_registry.h"

#include <QtTest>

using namespace lw::serve;
using nlohmann::json;

namespace {

json modelEntry(int port)
{
    const json list = lw::test::get(port, "/v1/models").parsed();
    return list.is_object() && list["data"].size() == 1 ? list["data"][0] : json();
}

} // namespace

class TestApiServerLoading : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void answers503WithTheProgressThenTheModel();
    void aFailedLoadingIsSaidInEveryAnswer();
};

void TestApiServerLoading::answers503WithTheProgressThenTheModel()
{
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    ApiServer server("demo", options);
    const int port = server.start().port;

    ModelProgress progress;
    progress.stage = "training";
    progress.message = "training the demo model: step 120 of 600";
    progress.runId = 3;
    progress.step = 120;
    progress.maxSteps = 600;
    progress.etaSeconds = 41.3;
    server.setModelProgress(progress);

    const json entry = modelEntry(port);
    QCOMPARE(entry["id"].get<std::string>(), std::string("demo"));
    QCOMPARE(entry["status"].get<std::string>(), std::string("loading"));
    QCOMPARE(entry["progress"]["step"].get<int>(), 120);
    QCOMPARE(entry["progress"]["max_steps"].get<int>(), 600);
    QCOMPARE(entry["progress"]["run_id"].get<int>(), 3);
    QCOMPARE(entry["progress"]["eta_s"].get<double>(), 41.3);

    for (const char* path : {"/v1/completions", "/v1/chat/completions"}) {
        const json body = std::string(path) == "/v1/completions" ? json{{"prompt", "Once"}, {"max_tokens", 4}}
                                                                 : lw::test::chatBody("Hi", 4);
        const lw::test::HttpReply r = lw::test::post(port, path, body);
        QCOMPARE(r.status, 503);
        QCOMPARE(r.retryAfter, std::string("43")); // the time left, rounded up, and a second to load
        const json error = r.parsed()["error"];
        QCOMPARE(error["type"].get<std::string>(), std::string("server_error"));
        QCOMPARE(error["code"].get<std::string>(), std::string("model_loading"));
        QVERIFY2(error["message"].get<std::string>().find("step 120 of 600") != std::string::npos,
                 error.dump().c_str());
        QCOMPARE(error["progress"], entry["progress"]);
    }

    // Unknown time left: a short, fixed wait.
    progress.etaSeconds = -1;
    server.setModelProgress(progress);
    QVERIFY(modelEntry(port)["progress"]["eta_s"].is_null());
    QCOMPARE(lw::test::post(port, "/v1/completions", {{"prompt", "Once"}}).retryAfter, std::string("5"));

    // The model arrives: the same server answers with it.
    auto served = std::make_unique<ServedModel>();
    served->id = "demo";
    served->tokenizer = lw::tokenizer::loadTokenizer(lw::test::sharedDataPath("llms-from-scratch/gpt2-bpe"));
    served->model = lw::test::wideLogitsModel(64, 2, served->tokenizer->vocabSize(), 32);
    served->generator = std::make_unique<lw::generate::Generator>(served->model, served->tokenizer.get());
    server.serveModel(std::move(served));
    const lw::test::HttpReply answer =
        lw::test::post(port, "/v1/completions", {{"prompt", "Once"}, {"max_tokens", 3}, {"temperature", 0}});
    QCOMPARE(answer.status, 200);
    QVERIFY(answer.retryAfter.empty());
    QCOMPARE(answer.parsed()["model"].get<std::string>(), std::string("demo"));
    const json ready = modelEntry(port);
    QCOMPARE(ready["status"].get<std::string>(), std::string("ready"));
    QVERIFY(!ready.contains("progress"));
}

void TestApiServerLoading::aFailedLoadingIsSaidInEveryAnswer()
{
    ServerOptions options;
    options.port = 0;
    ApiServer server("demo", options);
    const int port = server.start().port;
    const std::string why = "the demo model's training was cancelled (run 2); the next start of "
                            "`llmwb serve --model demo` resumes run 2 from step 40";
    server.setModelFailed(why);
    const json entry = modelEntry(port);
    QCOMPARE(entry["status"].get<std::string>(), std::string("failed"));
    QCOMPARE(entry["error"].get<std::string>(), why);
    const lw::test::HttpReply r = lw::test::post(port, "/v1/chat/completions", lw::test::chatBody("Hi", 4));
    QCOMPARE(r.status, 503);
    QVERIFY(r.retryAfter.empty()); // trying again changes nothing
    const json error = r.parsed()["error"];
    QCOMPARE(error["code"].get<std::string>(), std::string("model_failed"));
    QVERIFY2(error["message"].get<std::string>().find(why) != std::string::npos, error.dump().c_str());
}

LW_TEST_GUILESS_MAIN(TestApiServerLoading)
#include "test_api_server_loading.moc"
