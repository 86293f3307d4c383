// The local API under load: a real server (or one already running, --url) on loopback,
// real HTTP clients in threads, each sending chat completions one after the other.
// For every number of concurrent clients: requests/s, completion tokens/s and the
// latency of a whole answer (p50, p99), and the batch the server decoded on average.
//
//   bench_serve --model demo --clients 1,8,64 --max-tokens 64 --max-batch 8 --threads 2
//   bench_serve --model runs/1-first --max-batch 1,4,16         (one pass per --max-batch)
//   bench_serve --url http://127.0.0.1:8080 --clients 8          (any OpenAI-style server)
// Prints one human line per pass, then one JSON line with all of them.
#include "core/serve/api_server.h"
#include "core/serve/demo_model.h"
#include "core/util/blas_setup.h"
#include "core/util/paths.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <thread>

using namespace lw::serve;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

struct BenchOptions {
    std::string model = "demo", project, url;
    std::vector<int> clients = {1, 8, 64};
    std::vector<int> maxBatches = {8};
    int requests = 0; // per pass; 0: max(100, 4 x clients)
    int maxTokens = 64;
    int threads = 0;
    std::string prompt = "Tell me a story about a cat and a dog.";
};

struct PassResult {
    int clients = 0, maxBatch = 0, requests = 0, failed = 0;
    double seconds = 0, requestsPerS = 0, tokensPerS = 0, p50Ms = 0, p99Ms = 0, meanBatch = 0;
    int64_t completionTokens = 0;
};

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t index = std::min(values.size() - 1, size_t(p * double(values.size() - 1) + 0.5));
    return values[index];
}

// `clients` threads share `requests` chat completions; each times its whole answers.
// Request i samples with seed i: the answers differ, and so do their lengths (an answer
// may end before max_tokens), as with real clients.
PassResult runPass(const std::string& host, int port, const BenchOptions& o, int clients, int requests)
{
    auto bodyFor = [&](int i) {
        return json{{"messages", json::array({{{"role", "user"}, {"content", o.prompt}}})},
                    {"max_tokens", o.maxTokens},
                    {"temperature", 0.8},
                    {"seed", i}}
            .dump();
    };
    std::vector<double> latencies(size_t(requests), -1);
    std::vector<int64_t> tokens(size_t(requests), 0);
    std::atomic<int> next{0};
    const Clock::time_point start = Clock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c)
        threads.emplace_back([&] {
            httplib::Client client(host, port);
            client.set_read_timeout(600, 0);
            client.set_keep_alive(true);
            client.set_tcp_nodelay(true); // else headers and body wait on delayed ACKs (~40 ms each)
            for (int i = next++; i < requests; i = next++) {
                const Clock::time_point sent = Clock::now();
                auto res = client.Post("/v1/chat/completions", bodyFor(i), "application/json");
                if (!res || res->status != 200) {
                    const std::string why = res ? "HTTP " + std::to_string(res->status) + ": " + res->body
                                                : "no answer: " + httplib::to_string(res.error());
                    std::fprintf(stderr, "bench_serve: request %d failed (%s)\n", i, why.c_str());
                    continue;
                }
                latencies[size_t(i)] = std::chrono::duration<double, std::milli>(Clock::now() - sent).count();
                const json answer = json::parse(res->body, nullptr, false);
                if (!answer.is_discarded())
                    tokens[size_t(i)] = answer["usage"].value("completion_tokens", int64_t(0));
            }
        });
    for (auto& t : threads)
        t.join();
    PassResult r;
    r.clients = clients;
    r.requests = requests;
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::vector<double> answered;
    for (size_t i = 0; i < latencies.size(); ++i) {
        if (latencies[i] < 0) {
            ++r.failed;
            continue;
        }
        answered.push_back(latencies[i]);
        r.completionTokens += tokens[i];
    }
    r.requestsPerS = double(answered.size()) / r.seconds;
    r.tokensPerS = double(r.completionTokens) / r.seconds;
    r.p50Ms = percentile(answered, 0.50);
    r.p99Ms = percentile(answered, 0.99);
    return r;
}

json passJson(const PassResult& r)
{
    return {{"clients", r.clients},         {"max_batch", r.maxBatch},       {"requests", r.requests},
            {"failed", r.failed},           {"seconds", r.seconds},          {"requests_per_s", r.requestsPerS},
            {"completion_tokens", r.completionTokens}, {"tokens_per_s", r.tokensPerS},
            {"p50_ms", r.p50Ms},            {"p99_ms", r.p99Ms},             {"mean_batch", r.meanBatch}};
}

void printPass(const PassResult& r)
{
    std::printf("serve: %2d clients, max batch %2d: %7.1f requests/s, %8.0f tokens/s, latency p50 %7.1f ms, "
                "p99 %7.1f ms, mean batch %.1f%s\n",
                r.clients, r.maxBatch, r.requestsPerS, r.tokensPerS, r.p50Ms, r.p99Ms, r.meanBatch,
                r.failed ? (", " + std::to_string(r.failed) + " failed").c_str() : "");
    std::fflush(stdout);
}

int requestsFor(const BenchOptions& o, int clients)
{
    return o.requests > 0 ? o.requests : std::max(100, 4 * clients);
}

} // namespace

int main(int argc, char** argv)
{
    lw::util::ensureFastRuntime(argv, true);
    BenchOptions o;
    CLI::App app{"Requests/s and latency of the local API (chat completions) for several numbers of clients"};
    app.add_option("--model", o.model, "Checkpoint, run folder or `demo` (the project's demo model)")
        ->capture_default_str();
    app.add_option("--project", o.project, "Project of the demo model (default: the default project)");
    app.add_option("--url", o.url, "Measure a server that is already running (http://host:port) instead");
    app.add_option("--clients", o.clients, "Concurrent clients of each pass")->delimiter(',')->capture_default_str();
    app.add_option("--max-batch", o.maxBatches, "The server's --max-batch, one round of passes each")
        ->delimiter(',')
        ->capture_default_str();
    app.add_option("--requests", o.requests, "Requests per pass (0: the larger of 100 and 4 x clients)");
    app.add_option("--max-tokens", o.maxTokens, "max_tokens of every request")->capture_default_str();
    app.add_option("--threads", o.threads, "CPU threads of the model (0: all cores)")->capture_default_str();
    app.add_option("--prompt", o.prompt, "The user message")->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    std::vector<PassResult> passes;
    json info;
    try {
        if (!o.url.empty()) {
            const std::string rest = o.url.substr(o.url.find("://") == std::string::npos ? 0 : o.url.find("://") + 3);
            const std::string host = rest.substr(0, rest.rfind(':'));
            const int port = std::stoi(rest.substr(rest.rfind(':') + 1));
            info = {{"url", o.url}};
            for (int clients : o.clients) {
                PassResult r = runPass(host, port, o, clients, requestsFor(o, clients));
                r.maxBatch = 0; // not known from outside
                printPass(r);
                passes.push_back(r);
            }
        } else {
            lw::util::configureThreads(o.threads);
            std::string path = o.model;
            if (o.model == "demo") {
                lw::train::TrainControl control;
                path = ensureDemoCheckpoint(o.project.empty() ? lw::util::defaultProjectDir() : o.project, control,
                                            [](const std::string& m) { std::fprintf(stderr, "demo: %s\n", m.c_str()); });
            }
            ServedModel model = loadServedModel(path);
            info = {{"model", model.id}, {"checkpoint", model.checkpointPath},
                    {"runner", model.generator->runnerDescription()},
                    {"threads", lw::util::configureThreads(o.threads)}};
            for (int maxBatch : o.maxBatches) {
                for (int clients : o.clients) {
                    ServerOptions options;
                    options.port = 0;
                    options.maxBatch = maxBatch;
                    options.threads = o.threads;
                    options.maxWaiting = std::max(256, clients);
                    ApiServer server(model, options);
                    const int port = server.start().port;
                    PassResult r = runPass("127.0.0.1", port, o, clients, requestsFor(o, clients));
                    const auto counts = server.counts();
                    r.maxBatch = maxBatch;
                    r.meanBatch = counts.steps ? double(counts.sequenceSteps) / double(counts.steps) : 0;
                    printPass(r);
                    passes.push_back(r);
                }
            }
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_serve: %s\n", e.what());
        return 1;
    }
    json out = {{"bench", "serve"}, {"max_tokens", o.maxTokens}, {"passes", json::array()}};
    out.update(info);
    for (const PassResult& r : passes)
        out["passes"].push_back(passJson(r));
    std::printf("%s\n", out.dump().c_str());
    return 0;
}
