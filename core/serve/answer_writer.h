#pragma once
// Turns a queued job into the HTTP response: the whole answer as one JSON object, or
// a stream of server-sent events written while the tokens come (see openai_response.h).
// A client that hangs up, while its request waits or while it is answered, streamed or
// not, cancels its job: it leaves the queue, or frees its slot at the next step.
#include "core/serve/api_server.h"
#include "core/serve/client_connection.h"
#include "core/serve/generation_job.h"
#include "core/serve/openai_response.h"

#include <atomic>
#include <memory>

namespace httplib {
struct Response;
}

namespace lw::serve {

// The error as the response: its status, {"error": {...}} and, when it passes, the
// Retry-After header.
void sendError(httplib::Response& res, const ApiError& error);

class AnswerWriter {
public:
    AnswerWriter(std::shared_ptr<GenerationJob> job, std::shared_ptr<const ClientConnection> client,
                 AnswerHeader header, int64_t promptTokens, std::string echo, bool includeUsage);

    // Waits for the end (or the client's leaving), then sets the body (or the job's error).
    void whole(httplib::Response& res, RequestRecord& record);
    // Sets a chunked text/event-stream body that is written from the same thread as
    // the job progresses; `record` gets the counts when the stream ends. `openStreams`
    // counts the streams still being written.
    void stream(httplib::Response& res, RequestRecord& record, std::shared_ptr<std::atomic<int>> openStreams);

private:
    std::shared_ptr<GenerationJob> m_job;
    std::shared_ptr<const ClientConnection> m_client;
    AnswerHeader m_header;
    int64_t m_promptTokens;
    std::string m_echo;
    bool m_includeUsage;
};

} // namespace lw::serve
