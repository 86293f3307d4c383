#pragma once
// One request on its way through the generation queue: the HTTP thread that received
// it waits here for text (streaming) or for the end, and may cancel it when its client
// goes away; the generation thread adds tokens and the result. Thread-safe.
#include "core/generate/generator.h"
#include "core/serve/api_error.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>

namespace lw::serve {

class GenerationJob {
public:
    // `variant`: which of the served models answers (GenerationQueue: 0 the base, 1.. its adapters).
    explicit GenerationJob(generate::GenerationRequest request, size_t variant = 0)
        : m_request(std::move(request)), m_variant(variant)
    {
    }
    GenerationJob(const GenerationJob&) = delete;
    GenerationJob& operator=(const GenerationJob&) = delete;

    const generate::GenerationRequest& request() const { return m_request; }
    size_t variant() const { return m_variant; }

    // One release of text, with the tokens chosen since the previous release (a token
    // may release no text of its own: half a character, or the start of a stop sequence).
    struct Piece {
        std::string text; // whole characters, no stop sequence
        std::vector<generate::GeneratedToken> tokens;
    };
    // What arrived since the last call, piece by piece, so that a stream sends one event
    // per release even when the client reads more slowly than the model writes.
    struct Progress {
        std::vector<Piece> pieces;
        std::vector<generate::GeneratedToken> unreleasedTokens; // chosen after the last piece, no text yet
        bool finished = false; // result() or error() is ready; nothing more will come
    };

    // --- the client's side
    // Waits until there is new output or the job ends, at most `timeout`.
    Progress waitForProgress(std::chrono::milliseconds timeout);
    void waitUntilFinished();
    // False when `timeout` passed first.
    bool waitUntilFinished(std::chrono::milliseconds timeout);
    // The client went away: the generation stops at its next token.
    void cancel() { m_cancelled = true; }
    bool cancelled() const { return m_cancelled.load(); }
    // Valid once finished: the result, unless an error ended the job.
    const generate::GenerationResult& result() const { return m_result; }
    const std::optional<ApiError>& error() const { return m_error; }

    // --- the generation thread's side
    void addOutput(const generate::GeneratedToken* token, const std::string& text);
    void finish(generate::GenerationResult result);
    void fail(const ApiError& error);

private:
    const generate::GenerationRequest m_request;
    const size_t m_variant;
    std::atomic<bool> m_cancelled{false};
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<Piece> m_pieces;
    Piece m_open; // tokens chosen since the last release
    bool m_finished = false;
    generate::GenerationResult m_result;
    std::optional<ApiError> m_error;
};

} // namespace lw::serve
