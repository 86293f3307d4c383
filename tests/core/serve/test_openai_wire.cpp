// The OpenAI wire format: request bodies are read into sampler settings with OpenAI's
// defaults, and everything malformed is refused with a 400 naming the field; responses
// and stream chunks have the fields clients read; the options refuse an open host
// without a key.
#include "core/serve/api_error.h"
#include "core/serve/openai_request.h"
#include "core/serve/openai_response.h"
#include "core/serve/server_options.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QtTest>

using namespace lw::serve;
using nlohmann::json;

Q_DECLARE_METATYPE(lw::serve::Endpoint)

namespace {

ApiError refusal(const std::string& body, Endpoint endpoint)
{
    try {
        parseCompletionRequest(body, endpoint);
    } catch (const ApiError& e) {
        return e;
    }
    return ApiError(0, "accepted");
}

} // namespace

class TestOpenAiWire : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void completionFieldsBecomeSamplerSettings();
    void absentFieldsTakeOpenAisDefaults();
    void chatMessagesAndTextParts();
    void promptMayBeTokenIdsOrABatchOfOne();
    void badRequestsAreRefusedNamingTheField_data();
    void badRequestsAreRefusedNamingTheField();
    void completionResponseHasTheOpenAiShape();
    void chatChunksCarryDeltasAndAFinishReason();
    void logprobsFollowTheModelsProbabilities();
    void openHostNeedsAnApiKey();
    void keysCompareExactly();
};

void TestOpenAiWire::completionFieldsBecomeSamplerSettings()
{
    auto r = parseCompletionRequest(R"({"model": "x", "prompt": "Once", "max_tokens": 7, "temperature": 0.5,
        "top_p": 0.9, "top_k": 12, "min_p": 0.05, "presence_penalty": 0.5, "frequency_penalty": -0.25,
        "repetition_penalty": 1.1, "stop": ["\n", "END"], "seed": 42, "n": 1, "stream": true,
        "stream_options": {"include_usage": true}, "echo": true, "logprobs": 3, "user": "me"})",
                                    Endpoint::Completions);
    QCOMPARE(*r.promptText, std::string("Once"));
    QCOMPARE(r.settings.max_tokens, int64_t(7));
    QVERIFY(r.maxTokensGiven && r.seedGiven && r.stream && r.includeUsage && r.echo);
    QCOMPARE(r.settings.temperature, 0.5);
    QCOMPARE(r.settings.top_p, 0.9);
    QCOMPARE(r.settings.top_k, int64_t(12));
    QCOMPARE(r.settings.min_p, 0.05);
    QCOMPARE(r.settings.presence_penalty, 0.5);
    QCOMPARE(r.settings.frequency_penalty, -0.25);
    QCOMPARE(r.settings.repetition_penalty, 1.1);
    QCOMPARE(r.settings.stop, (std::vector<std::string>{"\n", "END"}));
    QCOMPARE(r.settings.seed, uint64_t(42));
    QCOMPARE(r.logprobs, 3);
    QCOMPARE(r.settings.top_alternatives, int64_t(3));
}

void TestOpenAiWire::absentFieldsTakeOpenAisDefaults()
{
    auto r = parseCompletionRequest(R"({"prompt": "x", "stop": null, "max_tokens": null})", Endpoint::Completions);
    QVERIFY(!r.maxTokensGiven && !r.seedGiven && !r.stream && !r.echo);
    QCOMPARE(r.settings.temperature, 1.0);
    QCOMPARE(r.settings.top_p, 1.0);
    QCOMPARE(r.settings.top_k, int64_t(0)); // no truncation unless asked
    QCOMPARE(r.settings.presence_penalty, 0.0);
    QVERIFY(r.settings.stop.empty());
    QCOMPARE(r.logprobs, -1);
    // top_p 0 leaves only the most likely token.
    auto greedy = parseCompletionRequest(R"({"prompt": "x", "top_p": 0})", Endpoint::Completions);
    QVERIFY(greedy.settings.greedy());
}

void TestOpenAiWire::chatMessagesAndTextParts()
{
    auto r = parseCompletionRequest(R"({"messages": [
        {"role": "developer", "content": "Be brief."},
        {"role": "user", "content": [{"type": "text", "text": "Hi"}, {"type": "text", "text": "there"}]},
        {"role": "assistant", "content": null, "refusal": null},
        {"role": "user", "content": "Again", "name": "ann"}],
        "max_completion_tokens": 5, "logprobs": true, "top_logprobs": 2})",
                                    Endpoint::ChatCompletions);
    QCOMPARE(r.messages.size(), size_t(4));
    QCOMPARE(r.messages[0].role, std::string("system"));
    QCOMPARE(r.messages[1].content, std::string("Hi\nthere"));
    QCOMPARE(r.messages[2].content, std::string());
    QCOMPARE(r.messages[3].content, std::string("Again"));
    QCOMPARE(r.settings.max_tokens, int64_t(5));
    QCOMPARE(r.logprobs, 2);
}

void TestOpenAiWire::promptMayBeTokenIdsOrABatchOfOne()
{
    auto ids = parseCompletionRequest(R"({"prompt": [5, 6, 7]})", Endpoint::Completions);
    QVERIFY(!ids.promptText);
    QCOMPARE(ids.promptTokens, (std::vector<int32_t>{5, 6, 7}));
    QCOMPARE(*parseCompletionRequest(R"({"prompt": ["one"]})", Endpoint::Completions).promptText, std::string("one"));
    QCOMPARE(parseCompletionRequest(R"({"prompt": [[1, 2]]})", Endpoint::Completions).promptTokens,
             (std::vector<int32_t>{1, 2}));
}

void TestOpenAiWire::badRequestsAreRefusedNamingTheField_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Endpoint>("endpoint");
    QTest::addColumn<QString>("param");
    QTest::addColumn<QString>("inMessage");
    const Endpoint c = Endpoint::Completions, chat = Endpoint::ChatCompletions;
    QTest::newRow("malformed") << QByteArray(R"({"prompt": "x",)") << c << "" << "malformed JSON";
    QTest::newRow("empty body") << QByteArray("") << c << "" << "empty";
    QTest::newRow("not an object") << QByteArray("[1, 2]") << c << "" << "expected a JSON object";
    QTest::newRow("too deep") << QByteArray(100, '[') + QByteArray(100, ']') << c << "" << "nested deeper";
    QTest::newRow("invalid utf-8") << QByteArray("{\"prompt\": \"\xff\"}") << c << "" << "malformed JSON";
    QTest::newRow("no prompt") << QByteArray(R"({"model": "m"})") << c << "prompt" << "required";
    QTest::newRow("prompt number") << QByteArray(R"({"prompt": 5})") << c << "prompt" << "expected a string";
    QTest::newRow("two prompts") << QByteArray(R"({"prompt": ["a", "b"]})") << c << "prompt" << "one prompt per request";
    QTest::newRow("negative id") << QByteArray(R"({"prompt": [1, -2]})") << c << "prompt" << "token ids";
    QTest::newRow("max_tokens string") << QByteArray(R"({"prompt": "x", "max_tokens": "ten"})") << c << "max_tokens"
                                       << "expected an integer";
    QTest::newRow("max_tokens zero") << QByteArray(R"({"prompt": "x", "max_tokens": 0})") << c << "max_tokens" << "between 1";
    QTest::newRow("temperature high") << QByteArray(R"({"prompt": "x", "temperature": 2.5})") << c << "temperature"
                                      << "between 0 and 2";
    QTest::newRow("temperature bool") << QByteArray(R"({"prompt": "x", "temperature": true})") << c << "temperature"
                                      << "expected a number";
    QTest::newRow("top_p") << QByteArray(R"({"prompt": "x", "top_p": 1.5})") << c << "top_p" << "between";
    QTest::newRow("stop empty") << QByteArray(R"({"prompt": "x", "stop": [""]})") << c << "stop" << "1 to 256 bytes";
    QTest::newRow("stop type") << QByteArray(R"({"prompt": "x", "stop": 3})") << c << "stop" << "string";
    QTest::newRow("n=2") << QByteArray(R"({"prompt": "x", "n": 2})") << c << "n" << "between 1 and 1";
    QTest::newRow("stream type") << QByteArray(R"({"prompt": "x", "stream": "yes"})") << c << "stream" << "true or false";
    QTest::newRow("logprobs 6") << QByteArray(R"({"prompt": "x", "logprobs": 6})") << c << "logprobs" << "between 0 and 5";
    QTest::newRow("suffix") << QByteArray(R"({"prompt": "x", "suffix": "end"})") << c << "suffix" << "not supported";
    QTest::newRow("unknown field") << QByteArray(R"({"prompt": "x", "max_token": 5})") << c << "max_token" << "unrecognized";
    QTest::newRow("no messages") << QByteArray(R"({"model": "m"})") << chat << "messages" << "required";
    QTest::newRow("empty messages") << QByteArray(R"({"messages": []})") << chat << "messages" << "non-empty";
    QTest::newRow("unknown role") << QByteArray(R"({"messages": [{"role": "wizard", "content": "x"}]})") << chat
                                  << "messages[0].role" << "unknown role";
    QTest::newRow("tool role") << QByteArray(R"({"messages": [{"role": "tool", "content": "x"}]})") << chat
                               << "messages[0].role" << "unknown role";
    QTest::newRow("no content") << QByteArray(R"({"messages": [{"role": "user"}]})") << chat << "messages[0].content"
                                << "required";
    QTest::newRow("content number") << QByteArray(R"({"messages": [{"role": "user", "content": 3}]})") << chat
                                    << "messages[0].content" << "expected a string";
    QTest::newRow("image part") << QByteArray(R"({"messages": [{"role": "user", "content": [{"type": "image_url"}]}]})")
                                << chat << "messages[0].content[0]" << "only text parts";
    QTest::newRow("message not object") << QByteArray(R"({"messages": ["hi"]})") << chat << "messages[0]" << "expected an object";
    QTest::newRow("tools") << QByteArray(R"({"messages": [{"role": "user", "content": "x"}], "tools": [{"type": "function"}]})")
                           << chat << "tools" << "not supported";
    QTest::newRow("json format")
        << QByteArray(R"({"messages": [{"role": "user", "content": "x"}], "response_format": {"type": "json_object"}})") << chat
        << "response_format" << "only";
    QTest::newRow("top_logprobs alone") << QByteArray(R"({"messages": [{"role": "user", "content": "x"}], "top_logprobs": 2})")
                                        << chat << "top_logprobs" << "needs";
    QTest::newRow("prompt in chat") << QByteArray(R"({"messages": [{"role": "user", "content": "x"}], "prompt": "y"})") << chat
                                    << "prompt" << "unrecognized";
}

void TestOpenAiWire::badRequestsAreRefusedNamingTheField()
{
    QFETCH(QByteArray, body);
    QFETCH(Endpoint, endpoint);
    QFETCH(QString, param);
    QFETCH(QString, inMessage);
    const ApiError e = refusal(body.toStdString(), endpoint);
    QCOMPARE(e.status(), 400);
    QCOMPARE(QString::fromStdString(e.param()), param);
    QVERIFY2(QString(e.what()).contains(inMessage), e.what());
    const json j = e.toJson();
    QCOMPARE(j["error"]["type"].get<std::string>(), std::string("invalid_request_error"));
    QVERIFY(j["error"].contains("code") && j["error"].contains("param") && j["error"].contains("message"));
}

void TestOpenAiWire::completionResponseHasTheOpenAiShape()
{
    lw::generate::GenerationResult result;
    result.text = " world";
    result.tokens.resize(3);
    result.stopReason = lw::generate::StopReason::MaxTokens;
    const AnswerHeader h = newAnswerHeader(Endpoint::Completions, "run/best", -1);
    const json j = json::parse(jsonText(completionJson(h, "Hello world", result, 4)));
    QVERIFY(j["id"].get<std::string>().rfind("cmpl-", 0) == 0);
    QCOMPARE(j["object"].get<std::string>(), std::string("text_completion"));
    QCOMPARE(j["model"].get<std::string>(), std::string("run/best"));
    QVERIFY(j["created"].get<int64_t>() > 1600000000);
    QCOMPARE(j["choices"][0]["text"].get<std::string>(), std::string("Hello world"));
    QCOMPARE(j["choices"][0]["finish_reason"].get<std::string>(), std::string("length"));
    QVERIFY(j["choices"][0]["logprobs"].is_null());
    QCOMPARE(j["usage"], json({{"prompt_tokens", 4}, {"completion_tokens", 3}, {"total_tokens", 7}}));
    for (auto reason : {lw::generate::StopReason::EndOfText, lw::generate::StopReason::StopSequence})
        QCOMPARE(finishReason(reason), std::string("stop"));
    QCOMPARE(finishReason(lw::generate::StopReason::ContextFull), std::string("length"));
    // Half a UTF-8 character (a token boundary) never makes the JSON invalid.
    QVERIFY(jsonText(json{{"text", std::string("\xe2\x82")}}).find("\xef\xbf\xbd") != std::string::npos);
}

void TestOpenAiWire::chatChunksCarryDeltasAndAFinishReason()
{
    const AnswerHeader h = newAnswerHeader(Endpoint::ChatCompletions, "m", -1);
    const std::string role = sseEvent(roleChunk(h));
    QVERIFY(role.rfind("data: {", 0) == 0 && role.size() > 4 && role.substr(role.size() - 2) == "\n\n");
    const json first = json::parse(role.substr(6));
    QCOMPARE(first["object"].get<std::string>(), std::string("chat.completion.chunk"));
    QCOMPARE(first["choices"][0]["delta"]["role"].get<std::string>(), std::string("assistant"));
    const json text = textChunk(h, "Hi", {});
    QCOMPARE(text["choices"][0]["delta"]["content"].get<std::string>(), std::string("Hi"));
    QVERIFY(text["choices"][0]["finish_reason"].is_null());
    const json last = finalChunk(h, lw::generate::StopReason::EndOfText);
    QCOMPARE(last["choices"][0]["finish_reason"].get<std::string>(), std::string("stop"));
    QVERIFY(last["choices"][0]["delta"].empty());
    const json usage = usageChunk(h, 3, 2);
    QVERIFY(usage["choices"].empty());
    QCOMPARE(usage["usage"]["total_tokens"].get<int>(), 5);
    QCOMPARE(usage["id"], first["id"]);
    QCOMPARE(std::string(kSseDone), std::string("data: [DONE]\n\n"));
}

void TestOpenAiWire::logprobsFollowTheModelsProbabilities()
{
    lw::generate::GeneratedToken t;
    t.piece = "ab";
    t.probability = 0.5f;
    t.alternatives = {{1, 0.5f, "ab"}, {2, 0.25f, "c"}};
    lw::generate::GenerationResult result;
    result.tokens = {t, t};
    result.text = "abab";
    const json chat = completionJson(newAnswerHeader(Endpoint::ChatCompletions, "m", 2), "abab", result, 1);
    const json& first = chat["choices"][0]["logprobs"]["content"][0];
    QVERIFY(std::abs(first["logprob"].get<double>() - std::log(0.5)) < 1e-6);
    QCOMPARE(first["bytes"], json({97, 98}));
    QCOMPARE(first["top_logprobs"].size(), size_t(2));
    QVERIFY(std::abs(first["top_logprobs"][1]["logprob"].get<double>() - std::log(0.25)) < 1e-6);
    const json text = completionJson(newAnswerHeader(Endpoint::Completions, "m", 2), "Xabab", result, 1);
    const json& lp = text["choices"][0]["logprobs"];
    QCOMPARE(lp["tokens"], json({"ab", "ab"}));
    QCOMPARE(lp["text_offset"], json({1, 3})); // after the echoed prompt "X"
    QCOMPARE(lp["top_logprobs"][0].size(), size_t(2));
}

void TestOpenAiWire::openHostNeedsAnApiKey()
{
    ServerOptions o;
    o.validate();
    for (const char* loopback : {"127.0.0.1", "127.1.2.3", "localhost", "::1"}) {
        o.host = loopback;
        o.validate();
        QVERIFY(isLoopbackHost(loopback));
    }
    o.host = "0.0.0.0";
    QVERIFY(!isLoopbackHost(o.host));
    try {
        o.validate();
        QFAIL("an open host without a key was accepted");
    } catch (const lw::Error& e) {
        QVERIFY2(QString(e.what()).contains("--api-key"), e.what());
    }
    o.apiKey = "s3cret";
    o.validate();
    o.apiKey = "two words";
    QVERIFY_THROWS_EXCEPTION(lw::Error, o.validate());
    o.apiKey = "k";
    o.maxWaiting = -1;
    QVERIFY_THROWS_EXCEPTION(lw::Error, o.validate());
}

void TestOpenAiWire::keysCompareExactly()
{
    QVERIFY(constantTimeEquals("sk-local-123", "sk-local-123"));
    QVERIFY(!constantTimeEquals("sk-local-123", "sk-local-124"));
    QVERIFY(!constantTimeEquals("sk-local-123", "sk-local-12"));
    QVERIFY(!constantTimeEquals("", "x"));
}

LW_TEST_GUILESS_MAIN(TestOpenAiWire)
#include "test_openai_wire.moc"
