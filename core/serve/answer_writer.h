#pragma once
// Turns a queued job into the HTTP response: the whole answer as one JSON object, or
// a stream of server-sent events written while the tokens come (see openai_response.h).
// A streaming client that hangs up cancels its job at the next token.
#include "core/serve/api_server.h"
#include "core/serve/generation_job.h"
#include "core/serve/openai_response.h"

#include <atomic>
#include <memory>

namespace httplib {
struct Response;
}

namespace lw::serve {

// The error as the response: its status and {"error": {...}}.
void sendError(httplib::Response& res, const ApiError& error);

class AnswerWriter {
public:
    AnswerWriter(std::shared_ptr<GenerationJob> job, AnswerHeader header, int64_t promptTokens, std::string echo,
                 bool includeUsage);

    // Waits for the end, then sets the body (or the job's error).
    void whole(httplib::Response& res, RequestRecord& record);
    // Sets a chunked text/event-stream body that is written from the same thread as
    // the job progresses; `record` gets the counts when the stream ends. `openStreams`
    // counts the streams still being written.
    void stream(httplib::Response& res, RequestRecord& record, std::shared_ptr<std::atomic<int>> openStreams);

private:
    std::shared_ptr<GenerationJob> m_job;
    AnswerHeader m_header;
    int64_t m_promptTokens;
    std::string m_echo;
    bool m_includeUsage;
};

} // namespace lw::serve
