// The local API under load, as clients see it: a real server on loopback, real HTTP
// clients (cpp-httplib) in threads. 200 chat requests from 64 concurrent clients are
// all answered, seeded ones with the text they get alone; a request that joins a
// running batch gets the same text as alone; a full queue answers 429 and a request
// waiting past the time-out 503, both with Retry-After and an OpenAI-style error; a
// client that disconnects, waiting or decoding, frees its place. The model is random,
// with GPT-2's tokenizer, so the text is noise but every byte of it is checked.
#include "core/generate/chat_template.h"
#include "core/serve/api_server.h"
#include "core/serve/openai_request.h"
#include "http_test_support.h"
#include "serve_test_support.h"
#include "shared_data.h"
#include "test_registry.h"

#include <QtTest>
#include <arpa/inet.h>
#include <atomic>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace lw::serve;
using nlohmann::json;
using lw::test::chatBody;
using lw::test::HttpReply;
using lw::test::post;
using lw::test::waitFor;

namespace {

// About a millisecond a token: GPT-2's 50257-token output layer on a small model. Its
// greedy answers to the prompts here run to max_tokens (no end-of-text, no stop string).
constexpr int kLongAnswer = 900; // tokens: about a second, and room for the chat prompt in the context


std::unique_ptr<ServedModel> randomServedModel()
{
    auto served = std::make_unique<ServedModel>();
    served->id = "random-gpt2-vocab";
    served->checkpointPath = "(in memory)";
    served->tokenizer = lw::tokenizer::loadTokenizer(lw::test::sharedDataPath("llms-from-scratch/gpt2-bpe"));
    served->model = lw::test::wideLogitsModel(1024, 21, served->tokenizer->vocabSize(), 64);
    served->generator = std::make_unique<lw::generate::Generator>(served->model, served->tokenizer.get());
    return served;
}

json seededChatBody(const std::string& content, int maxTokens, int seed)
{
    json body = chatBody(content, maxTokens);
    body["temperature"] = 0.9;
    body["seed"] = seed;
    return body;
}

// The text a chat request gets from the model alone: a Generator of its own, nothing beside it.
std::string aloneText(const ServedModel& served, const json& body)
{
    const CompletionRequest request = parseCompletionRequest(body.dump(), Endpoint::ChatCompletions);
    lw::generate::Generator alone(served.model, served.tokenizer.get());
    const auto generation =
        alone.chatRequest(lw::generate::builtinChatTemplate("chatml"), request.messages, request.settings);
    return alone.generate(generation).text;
}

// The answer's text, streamed or not; empty and a failed check when the body is not a valid answer.
std::string answerText(const HttpReply& reply, bool streamed)
{
    if (!streamed) {
        const json answer = reply.parsed();
        if (answer.is_discarded() || answer.value("object", "") != "chat.completion" ||
            !answer["choices"][0]["message"]["content"].is_string() ||
            answer["usage"]["total_tokens"].get<int>() !=
                answer["usage"]["prompt_tokens"].get<int>() + answer["usage"]["completion_tokens"].get<int>())
            return "<invalid answer: " + reply.body.substr(0, 200) + ">";
        return answer["choices"][0]["message"]["content"].get<std::string>();
    }
    std::string text;
    bool done = false, finished = false;
    size_t start = 0;
    while (start < reply.body.size()) {
        size_t end = reply.body.find('\n', start);
        if (end == std::string::npos)
            end = reply.body.size();
        const std::string line = reply.body.substr(start, end - start);
        start = end + 1;
        if (line.rfind("data: ", 0) != 0)
            continue;
        if (line == "data: [DONE]") {
            done = true;
            continue;
        }
        const json chunk = json::parse(line.substr(6), nullptr, false);
        if (chunk.is_discarded() || chunk.value("object", "") != "chat.completion.chunk")
            return "<invalid chunk: " + line.substr(0, 200) + ">";
        const json& choice = chunk["choices"][0];
        if (choice["delta"].contains("content"))
            text += choice["delta"]["content"].get<std::string>();
        finished = finished || choice["finish_reason"].is_string();
    }
    return done && finished ? text : "<stream without its end>";
}

// A streamed request that keeps the model busy until `stop` is set (or it ends).
class BusyStream {
public:
    BusyStream(int port, int maxTokens)
    {
        m_thread = std::thread([this, port, maxTokens] {
            httplib::Client client("127.0.0.1", port);
            client.set_read_timeout(120, 0);
            json body = chatBody("Keep going", maxTokens);
            body["stream"] = true;
            body["temperature"] = 0; // the same long answer every time
            httplib::Request request;
            request.method = "POST";
            request.path = "/v1/chat/completions";
            request.body = body.dump();
            request.set_header("Content-Type", "application/json");
            request.content_receiver = [this](const char* data, size_t size, uint64_t, uint64_t) {
                if (m_bytes == 0 && std::string(data, size).rfind("data: ", 0) == 0)
                    m_streaming = true; // an event, not an error body
                m_bytes += size;
                return !m_stop.load(); // false: the client hangs up
            };
            client.send(request);
            m_ended = true;
        });
    }
    ~BusyStream()
    {
        m_stop = true;
        m_thread.join();
    }
    // True once the first bytes of the answer came (the request decodes now).
    bool waitUntilDecoding(int timeoutMs = 30000) const
    {
        QElapsedTimer timer;
        timer.start();
        while (m_bytes.load() == 0 && !m_ended && timer.elapsed() < timeoutMs)
            QThread::msleep(5);
        return m_streaming && !m_ended;
    }
    bool ended() const { return m_ended; }
    void hangUp() { m_stop = true; }

private:
    std::atomic<size_t> m_bytes{0};
    std::atomic<bool> m_stop{false}, m_ended{false}, m_streaming{false};
    std::thread m_thread;
};

} // namespace

class TestApiServerLoad : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void twoHundredRequestsFromSixtyFourClientsAreAllAnswered();
    void aRequestJoiningARunningBatchGetsTheTextItGetsAlone();
    void aFullQueueAnswers429WithRetryAfter();
    void waitingPastTheTimeoutAnswers503WithRetryAfter();
    void aClientThatDisconnectsWhileDecodingFreesItsSlot();
    void aClientThatDisconnectsWhileWaitingLeavesTheQueue();

private:
    // A server on a free loopback port with these limits.
    std::unique_ptr<ApiServer> startServer(int maxBatch, int maxWaiting = 256, double queueTimeout = 300);

    std::unique_ptr<ServedModel> m_model;
    int m_port = 0;
    std::vector<RequestRecord> m_records;
    std::mutex m_recordsLock;
};

void TestApiServerLoad::initTestCase()
{
    m_model = randomServedModel();
}

std::unique_ptr<ApiServer> TestApiServerLoad::startServer(int maxBatch, int maxWaiting, double queueTimeout)
{
    ServerOptions options;
    options.port = 0;
    options.maxBatch = maxBatch;
    options.maxWaiting = maxWaiting;
    options.queueTimeoutSeconds = queueTimeout;
    options.threads = 2;
    auto server = std::make_unique<ApiServer>(*m_model, options);
    {
        std::lock_guard<std::mutex> lock(m_recordsLock);
        m_records.clear();
    }
    server->setRequestObserver([this](const RequestRecord& r) {
        std::lock_guard<std::mutex> lock(m_recordsLock);
        m_records.push_back(r);
    });
    m_port = server->start().port;
    return server;
}

void TestApiServerLoad::twoHundredRequestsFromSixtyFourClientsAreAllAnswered()
{
    auto server = startServer(8);
    constexpr int kRequests = 200, kClients = 64;
    const std::vector<std::string> prompts = {"Tell me a story", "Hi", "What is a cat?", "Count to ten",
                                              "Why is the sky blue?"};
    // Every third request is streamed, every other one seeded: their text must be the
    // text they get alone, however busy the batch they decoded in.
    auto bodyFor = [&](int i) {
        json body = i % 2 ? seededChatBody(prompts[size_t(i) % prompts.size()], 16, i % 7)
                          : chatBody(prompts[size_t(i) % prompts.size()], 8 + i % 9);
        body["stream"] = i % 3 == 0;
        return body;
    };
    std::vector<HttpReply> replies(kRequests);
    std::atomic<int> next{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c)
        clients.emplace_back([&] {
            for (int i = next++; i < kRequests; i = next++)
                replies[size_t(i)] = post(m_port, "/v1/chat/completions", bodyFor(i));
        });
    for (auto& t : clients)
        t.join();

    int seededChecked = 0;
    for (int i = 0; i < kRequests; ++i) {
        const HttpReply& r = replies[size_t(i)];
        QVERIFY2(r.status == 200, qPrintable(QString("request %1: %2 %3").arg(i).arg(r.status).arg(r.body.c_str())));
        const std::string text = answerText(r, i % 3 == 0);
        QVERIFY2(text.rfind("<invalid", 0) != 0 && text != "<stream without its end>", text.c_str());
        if (i % 2) {
            json body = bodyFor(i);
            body.erase("stream");
            QCOMPARE(text, aloneText(*m_model, body));
            ++seededChecked;
        }
    }
    QCOMPARE(seededChecked, kRequests / 2);
    const auto counts = server->counts();
    QCOMPARE(counts.completed, uint64_t(kRequests));
    QCOMPARE(counts.refused, uint64_t(0));
    QCOMPARE(counts.peakRunning, size_t(8)); // 64 clients kept every slot busy
    qInfo("200 requests: %llu steps, %.1f sequences per step on average",
          static_cast<unsigned long long>(counts.steps), double(counts.sequenceSteps) / double(counts.steps));
}

void TestApiServerLoad::aRequestJoiningARunningBatchGetsTheTextItGetsAlone()
{
    auto server = startServer(4);
    BusyStream busy(m_port, kLongAnswer);
    QVERIFY(busy.waitUntilDecoding());
    for (int seed : {3, 4}) {
        const json body = seededChatBody("Once upon a time", 40, seed);
        const HttpReply reply = post(m_port, "/v1/chat/completions", body);
        QCOMPARE(reply.status, 200);
        QCOMPARE(answerText(reply, false), aloneText(*m_model, body));
    }
    QVERIFY2(!busy.ended(), "the busy stream ended before the requests that joined it");
    QCOMPARE(server->counts().peakRunning, size_t(2));
}

void TestApiServerLoad::aFullQueueAnswers429WithRetryAfter()
{
    auto server = startServer(1, 2);
    BusyStream busy(m_port, kLongAnswer);
    QVERIFY(busy.waitUntilDecoding());
    std::vector<HttpReply> waited(2);
    lw::test::JoiningThreads waiting;
    for (size_t i = 0; i < 2; ++i)
        waiting.add([&, i] { waited[i] = post(m_port, "/v1/chat/completions", chatBody("Wait", 4)); });
    QVERIFY(waitFor([&] { return server->counts().waiting == 2; }));
    const HttpReply refused = post(m_port, "/v1/chat/completions", chatBody("One too many", 4));
    QCOMPARE(refused.status, 429);
    QVERIFY2(!refused.retryAfter.empty() && std::stoi(refused.retryAfter) >= 1 && std::stoi(refused.retryAfter) <= 60,
             refused.retryAfter.c_str());
    const json error = refused.parsed()["error"];
    QCOMPARE(error["type"].get<std::string>(), std::string("rate_limit_exceeded"));
    QCOMPARE(error["code"].get<std::string>(), std::string("server_busy"));
    QVERIFY(error["message"].get<std::string>().find("try again") != std::string::npos);
    QVERIFY(!busy.ended());
    busy.hangUp(); // the waiting two take its place and are answered
    waiting.joinAll();
    for (const HttpReply& r : waited)
        QCOMPARE(r.status, 200);
}

void TestApiServerLoad::waitingPastTheTimeoutAnswers503WithRetryAfter()
{
    auto server = startServer(1, 256, 0.3);
    BusyStream busy(m_port, kLongAnswer);
    QVERIFY(busy.waitUntilDecoding());
    QElapsedTimer timer;
    timer.start();
    const HttpReply late = post(m_port, "/v1/chat/completions", chatBody("Too late", 4));
    QCOMPARE(late.status, 503);
    QVERIFY(timer.elapsed() >= 300);
    QVERIFY2(!busy.ended(), "it waited until the busy request ended, not for its time-out");
    QVERIFY(!late.retryAfter.empty() && std::stoi(late.retryAfter) >= 1);
    const json error = late.parsed()["error"];
    QCOMPARE(error["code"].get<std::string>(), std::string("queue_timeout"));
    QCOMPARE(error["type"].get<std::string>(), std::string("server_error"));
    QCOMPARE(server->counts().timedOut, uint64_t(1));
}

void TestApiServerLoad::aClientThatDisconnectsWhileDecodingFreesItsSlot()
{
    auto server = startServer(1);
    // A whole (not streamed) answer of ~1 s: its client hangs up as soon as it decodes
    // (a fixed wait would race the decoding on a fast machine).
    json longBody = chatBody("A long answer", kLongAnswer);
    longBody["temperature"] = 0;
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    QVERIFY(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(uint16_t(m_port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QVERIFY(::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
    const std::string body = longBody.dump();
    const std::string request = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                "Content-Type: application/json\r\nContent-Length: " +
                                std::to_string(body.size()) + "\r\n\r\n" + body;
    QCOMPARE(::send(fd, request.data(), request.size(), MSG_NOSIGNAL), ssize_t(request.size()));
    const bool decoding = waitFor([&] { return server->counts().running == 1; }, 20000);
    ::close(fd);
    QVERIFY(decoding);
    QVERIFY(waitFor([&] { return server->counts().abandoned == 1; }));
    const HttpReply next = post(m_port, "/v1/chat/completions", chatBody("Next", 4));
    QCOMPARE(next.status, 200);
    QVERIFY(waitFor([&] {
        std::lock_guard<std::mutex> lock(m_recordsLock);
        return m_records.size() == 2;
    }));
    std::lock_guard<std::mutex> lock(m_recordsLock);
    const auto left = std::find_if(m_records.begin(), m_records.end(), [](const auto& r) { return r.status == 499; });
    QVERIFY(left != m_records.end());
    QVERIFY2(left->completionTokens < kLongAnswer, qPrintable(QString::number(left->completionTokens)));
}

void TestApiServerLoad::aClientThatDisconnectsWhileWaitingLeavesTheQueue()
{
    auto server = startServer(1);
    BusyStream busy(m_port, kLongAnswer);
    QVERIFY(busy.waitUntilDecoding());
    lw::test::JoiningThreads impatient;
    impatient.add([&] { post(m_port, "/v1/chat/completions", chatBody("I will not wait", 4), 200); });
    QVERIFY(waitFor([&] { return server->counts().waiting == 1; }));
    impatient.joinAll();
    QVERIFY(waitFor([&] { return server->counts().abandoned == 1; }));
    QCOMPARE(server->counts().waiting, size_t(0));
    QVERIFY2(!busy.ended(), "it left the queue only when the busy request ended");
}

LW_TEST_GUILESS_MAIN(TestApiServerLoad)
#include "test_api_server_load.moc"
