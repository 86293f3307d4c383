#pragma once
// The generation engine's entry point: continue token prompts with a model, streaming
// every token through a callback as it is chosen, cancellable between any two tokens.
//
//   Generator generator(model, tokenizer.get());
//   auto request = generator.chatRequest(builtinChatTemplate("chatml"), messages, settings);
//   std::atomic<bool> cancel{false};                 // set from any thread to stop
//   auto result = generator.generate(request, [&](const TokenEvent& e) {
//       show(e.text);                                // safe text: never half a stop sequence
//       colour(e.token.probability, e.token.alternatives);
//       return true;                                 // false: stop after this token
//   }, &cancel);
//   result.stats.timeToFirstTokenMs, result.stats.decodeTokensPerS ...
//
// generateBatch() runs several requests together, one forward pass per step for all
// of them (the decoding lab: one prompt, several settings side by side); batchDecoder()
// opens the step-level engine under it, where sequences join and leave between steps
// (the local API server's continuous batching, batch_decoder.h). A Generator keeps the
// KV cache of its last requests: a prompt that extends an earlier one (the next turn of
// a chat) only runs the new tokens through the model. One generation at a time per
// Generator; the callback runs on the generating thread.
#include "core/generate/batch_decoder.h"
#include "core/generate/chat_template.h"
#include "core/generate/generation_request.h"
#include "core/generate/generation_result.h"
#include "core/generate/cpu_decoder.h"
#include "core/generate/model_runner.h"
#include "core/generate/sampler_settings.h"
#include "core/generate/token_sampler.h"
#include "core/model/transformer.h"
#include "core/tokenizer/tokenizer.h"

#include <atomic>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace lw::generate {

struct GeneratorOptions {
    // Weights of the fused CPU decoder: "auto" (the stored matrices when given, else the
    // model's dtype), "fp32" or "bf16" (the model's float weights).
    std::string weights = "auto";
    // The model's matrices as its quantized GGUF file stores them (catalog::LoadedModel::
    // storedMatrices): with "auto" weights on the CPU the fused decoder reads these.
    std::shared_ptr<const gguf_model::GgufStoredMatrices> storedMatrices;
    bool fusedCpu = true; // the fused CPU decoder for CPU models in fp32/bf16 (else the model's forward)
    bool kvCache = true;  // false: the model's forward over the whole sequence at every step
};

class Generator {
public:
    // `tokenizer` may be null: then there is no text (pieces, stop sequences, end-of-text).
    Generator(model::Transformer model, const tokenizer::Tokenizer* tokenizer, GeneratorOptions options = {});

    GenerationResult generate(const GenerationRequest& request, const TokenCallback& onToken = {},
                              const std::atomic<bool>* cancel = nullptr);
    // Beam-search requests run one after the other first, then all the others together.
    // TokenEvent::sequence is the request's index.
    std::vector<GenerationResult> generateBatch(const std::vector<GenerationRequest>& requests,
                                                const TokenCallback& onToken = {},
                                                const std::atomic<bool>* cancel = nullptr);
    // A decoder with `slots` slots of this Generator's KV cache, for sequences that join
    // and leave between steps. Use nothing else of this Generator while it lives.
    std::unique_ptr<BatchDecoder> batchDecoder(int64_t slots);

    // The prompt of a conversation (a generation prompt follows it), with the template's
    // stop strings added to the settings.
    GenerationRequest chatRequest(const ChatTemplate& chatTemplate, const std::vector<ChatMessage>& messages,
                                  SamplerSettings settings) const;
    std::vector<int32_t> encode(const std::string& text) const; // lw::Error without a tokenizer

    // Forgets the cached prompts.
    void resetCache();
    // Which forward pass runs ("fused CPU, bf16 weights, avx512-bf16 kernels", ...).
    std::string runnerDescription();
    const model::ModelConfig& config() const { return m_model->config(); }
    // Weights one decode step reads, when the fused CPU decoder runs (else 0).
    int64_t weightBytesPerStep() const { return m_weights ? m_weights->bytesPerStep() : 0; }
    // The stored formats the fused CPU decoder reads its matrices in ("q4_K, q6_K"); ""
    // when they are float or another forward pass runs.
    std::string storedFormats() const { return m_weights ? m_weights->storedFormats() : std::string(); }

private:
    // The KV cache with at least `slots` slots (a new, empty one when it has fewer).
    std::shared_ptr<SlotCache> slotCache(int64_t slots);
    GenerationResult beamGenerate(const GenerationRequest& request, const TokenCallback& onToken,
                                  const std::atomic<bool>* cancel, size_t sequence);

    model::Transformer m_model;
    const tokenizer::Tokenizer* m_tokenizer;
    GeneratorOptions m_options;
    std::shared_ptr<const CpuDecoderWeights> m_weights;
    std::shared_ptr<SlotCache> m_cache;
};

// Continues `prompt` greedily or by sampling, without text (e.g. the trainer's samples
// when it has no tokenizer). Returns the new tokens; stops at `endOfText` when given.
std::vector<int32_t> generateTokens(model::Transformer model, const std::vector<int32_t>& prompt,
                                    const SamplerSettings& settings, std::optional<int32_t> endOfText = {});

} // namespace lw::generate
