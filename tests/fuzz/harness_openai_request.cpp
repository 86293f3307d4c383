// Request bodies of the local API (core/serve/openai_request.h). The option byte picks
// the endpoint (bit 0: chat). A refused body is an ApiError whose OpenAI-style JSON the
// server can send (it must serialise); an accepted one has valid sampler settings.
#include "core/serve/api_error.h"
#include "core/serve/openai_request.h"
#include "core/util/error.h"
#include "fuzz_harness.h"

namespace {

using lw::fuzz::invariantBroken;

void fuzzOpenAiRequest(std::string_view input)
{
    const unsigned char options = lw::fuzz::takeOptionByte(input);
    const auto endpoint = (options & 1) ? lw::serve::Endpoint::ChatCompletions : lw::serve::Endpoint::Completions;
    lw::serve::CompletionRequest request;
    try {
        request = lw::serve::parseCompletionRequest(std::string(input), endpoint);
    } catch (const lw::serve::ApiError& e) {
        if (e.status() != 400)
            invariantBroken("a bad request answered with status " + std::to_string(e.status()));
        (void)e.toJson().dump(); // what the server sends back
        return;
    }
    request.settings.validate("request");
    if (endpoint == lw::serve::Endpoint::ChatCompletions ? request.messages.empty()
                                                         : !request.promptText && request.promptTokens.empty())
        invariantBroken("an accepted request has no prompt");
}

} // namespace

LW_FUZZ_HARNESS(openai_request, fuzzOpenAiRequest)
