#pragma once
// How the local API server listens and what it allows: the one description shared by
// `llmwb serve` and the Chat panel. The limits keep one misbehaving client from taking
// the machine: bounded request bodies, answers, and requests waiting at once. Requests
// are answered by continuous batching (generation_queue.h): up to maxBatch decode
// together, the others wait in a queue of at most maxWaiting, each for at most
// queueTimeoutSeconds.
#include <cstddef>
#include <cstdint>
#include <string>

namespace lw::serve {

// Each waiting request holds an HTTP thread while it waits: this bounds them.
constexpr int kMaxWaitingLimit = 1024;

struct ServerOptions {
    std::string host = "127.0.0.1"; // a non-loopback address needs apiKey
    int port = 8080;                 // 0: a free port, reported by the listening callback
    std::string apiKey;              // empty: no key (loopback only)
    // model (the served model's own template, else chatml), chatml, llama3, alpaca or a
    // template JSON file.
    std::string chatTemplate = "model";
    std::string modelId;             // empty: derived from the checkpoint path
    int maxWaiting = 256;            // requests waiting for a place in the batch; more get 429
    double queueTimeoutSeconds = 300; // a request waiting longer gets 503
    int maxBatch = 8;                // sequences decoded together, one forward pass per step (1: one at a time)
    size_t maxRequestBytes = 1 << 20; // larger bodies get 413
    int64_t maxTokens = 0;           // cap on a request's max_tokens (0: the model's context length)
    int threads = 0;                 // CPU threads of the generation thread (0: all cores)

    // lw::Error naming the option: a non-loopback host without an API key, bad limits.
    void validate() const;
};

// True for 127.0.0.0/8, ::1 and "localhost": addresses only this machine can reach.
bool isLoopbackHost(const std::string& host);

// Equal strings, compared in time that does not depend on where they differ.
bool constantTimeEquals(const std::string& a, const std::string& b);

} // namespace lw::serve
