#include "core/serve/answer_writer.h"

#include <chrono>
#include <httplib.h>

namespace lw::serve {

namespace {

using Clock = std::chrono::steady_clock;

// How long a writer waits for the job between checks of its client's connection, and
// how long a stream stays silent before writing an SSE comment (which keeps proxies
// from closing it, and notices a client whose connection could not be checked).
constexpr std::chrono::milliseconds kPollInterval{100};
constexpr std::chrono::seconds kKeepAliveAfter{2};

struct StreamState {
    std::shared_ptr<GenerationJob> job;
    std::shared_ptr<const ClientConnection> client;
    AnswerHeader header;
    int64_t promptTokens = 0;
    std::string echo;
    bool includeUsage = false;
    RequestRecord* record = nullptr;
    bool opened = false;
    std::vector<generate::GeneratedToken> heldTokens; // chosen, their text not released yet
    Clock::time_point lastWrite = Clock::now();
};

void countCompletion(RequestRecord& record, const generate::GenerationResult& result)
{
    record.completionTokens = int64_t(result.tokens.size());
    record.finishReason = finishReason(result.stopReason);
}

// One call of the chunked body provider: waits a little for the job and writes what
// came. False when the client is gone.
bool writeStreamPart(StreamState& s, httplib::DataSink& sink)
{
    auto send = [&](const std::string& bytes) {
        if (sink.write(bytes.data(), bytes.size())) {
            s.lastWrite = Clock::now();
            return true;
        }
        s.job->cancel();
        return false;
    };
    const bool withLogprobs = s.header.logprobs >= 0;
    if (!s.opened) {
        s.opened = true;
        if (s.header.endpoint == Endpoint::ChatCompletions && !send(sseEvent(roleChunk(s.header))))
            return false;
        if (!s.echo.empty() && !send(sseEvent(textChunk(s.header, s.echo, {}))))
            return false;
    }
    GenerationJob::Progress progress = s.job->waitForProgress(kPollInterval);
    if (!progress.finished && s.client->closed()) {
        s.job->cancel();
        return false;
    }
    for (const GenerationJob::Piece& piece : progress.pieces) {
        if (withLogprobs)
            s.heldTokens.insert(s.heldTokens.end(), piece.tokens.begin(), piece.tokens.end());
        if (!send(sseEvent(textChunk(s.header, piece.text, s.heldTokens))))
            return false;
        s.heldTokens.clear();
    }
    if (withLogprobs)
        s.heldTokens.insert(s.heldTokens.end(), progress.unreleasedTokens.begin(), progress.unreleasedTokens.end());
    if (progress.pieces.empty() && !progress.finished && Clock::now() - s.lastWrite > kKeepAliveAfter) {
        if (!send(": waiting\n\n"))
            return false;
    }
    if (!progress.finished)
        return true;

    if (s.job->error()) {
        if (!send(sseEvent(s.job->error()->toJson())))
            return false;
    } else {
        const generate::GenerationResult& result = s.job->result();
        if (!s.heldTokens.empty() && !send(sseEvent(textChunk(s.header, "", s.heldTokens))))
            return false;
        if (!send(sseEvent(finalChunk(s.header, result.stopReason))))
            return false;
        if (s.includeUsage && !send(sseEvent(usageChunk(s.header, s.promptTokens, int64_t(result.tokens.size())))))
            return false;
        countCompletion(*s.record, result);
    }
    if (!send(kSseDone))
        return false;
    sink.done();
    return true;
}

} // namespace

void sendError(httplib::Response& res, const ApiError& error)
{
    res.status = error.status();
    if (error.retryAfterSeconds())
        res.set_header("Retry-After", std::to_string(*error.retryAfterSeconds()));
    res.set_content(jsonText(error.toJson()), "application/json");
}

AnswerWriter::AnswerWriter(std::shared_ptr<GenerationJob> job, std::shared_ptr<const ClientConnection> client,
                           AnswerHeader header, int64_t promptTokens, std::string echo, bool includeUsage)
    : m_job(std::move(job)), m_client(std::move(client)), m_header(std::move(header)), m_promptTokens(promptTokens),
      m_echo(std::move(echo)), m_includeUsage(includeUsage)
{
}

void AnswerWriter::whole(httplib::Response& res, RequestRecord& record)
{
    while (!m_job->waitUntilFinished(kPollInterval))
        if (m_client->closed()) {
            m_job->cancel(); // it leaves the queue, or its slot, at the next step
            m_job->waitUntilFinished();
            if (!m_job->error())
                countCompletion(record, m_job->result());
            // Nobody reads it; the log shows what happened.
            return sendError(res, ApiError(499, "the client closed the request", "invalid_request_error", {},
                                           "client_closed_request"));
        }
    if (m_job->error())
        return sendError(res, *m_job->error());
    const generate::GenerationResult& result = m_job->result();
    res.set_content(jsonText(completionJson(m_header, m_echo + result.text, result, m_promptTokens)),
                    "application/json");
    countCompletion(record, result);
}

void AnswerWriter::stream(httplib::Response& res, RequestRecord& record, std::shared_ptr<std::atomic<int>> openStreams)
{
    auto state = std::make_shared<StreamState>();
    state->job = m_job;
    state->client = m_client;
    state->header = m_header;
    state->promptTokens = m_promptTokens;
    state->echo = m_echo;
    state->includeUsage = m_includeUsage;
    state->record = &record;
    ++*openStreams;
    res.set_header("Cache-Control", "no-cache");
    res.set_header("X-Accel-Buffering", "no"); // proxies in front must not hold the events back
    res.set_chunked_content_provider(
        "text/event-stream", [state](size_t, httplib::DataSink& sink) { return writeStreamPart(*state, sink); },
        [job = m_job, openStreams](bool success) {
            if (!success)
                job->cancel(); // the body was never written to the end: nobody reads the rest
            --*openStreams;
        });
}

} // namespace lw::serve
