#include "core/generate/generator.h"

#include "core/util/error.h"

#include <algorithm>

namespace lw::generate {

Generator::Generator(model::Transformer model, const tokenizer::Tokenizer* tokenizer, GeneratorOptions options)
    : m_model(std::move(model)), m_tokenizer(tokenizer), m_options(std::move(options))
{
    const std::string& w = m_options.weights;
    if (w != "auto" && w != "fp32" && w != "bf16")
        throw Error::inField("weights", "expected auto, fp32 or bf16, got '" + w + "'");
    const auto modelType = m_model->parameters().front().scalar_type();
    const bool fused = m_options.fusedCpu && m_options.kvCache && CpuDecoderWeights::unsupportedReason(m_model).empty();
    if (fused && w == "auto" && m_options.storedMatrices) {
        m_weights = std::make_shared<CpuDecoderWeights>(m_model, m_options.storedMatrices);
    } else if (fused) {
        const bool bf16 = w == "bf16" || (w == "auto" && modelType == torch::kBFloat16);
        m_weights = std::make_shared<CpuDecoderWeights>(m_model, bf16 ? kernels::WeightType::BF16
                                                                      : kernels::WeightType::F32);
    } else if ((w == "fp32" && modelType != torch::kFloat) || (w == "bf16" && modelType != torch::kBFloat16)) {
        throw Error::inField("weights", w + " weights need the fused CPU decoder; convert the model itself (it is " +
                                            c10::toString(modelType) + " on " +
                                            m_model->parameters().front().device().str() + ")");
    }
}

std::shared_ptr<SlotCache> Generator::slotCache(int64_t slots)
{
    if (!m_cache || m_cache->slotCount() < slots) {
        m_cache.reset(); // its memory goes before the new one takes its own
        std::unique_ptr<ModelRunner> runner;
        if (m_weights)
            runner = std::make_unique<CpuModelRunner>(m_weights, slots, 0);
        else
            runner = std::make_unique<TorchModelRunner>(m_model, slots, 0, m_options.kvCache);
        m_cache = std::make_shared<SlotCache>(std::move(runner));
    }
    return m_cache;
}

void Generator::resetCache()
{
    m_cache.reset();
}

std::string Generator::runnerDescription()
{
    return slotCache(1)->runner->description();
}

std::unique_ptr<BatchDecoder> Generator::batchDecoder(int64_t slots)
{
    if (slots < 1)
        throw Error::inField("slots", "a batch decoder needs at least one slot");
    return std::make_unique<BatchDecoder>(m_model, slotCache(slots), m_tokenizer);
}

std::vector<int32_t> Generator::encode(const std::string& text) const
{
    if (!m_tokenizer)
        throw Error("generation: no tokenizer to encode text with");
    return m_tokenizer->encode(text, true);
}

GenerationRequest Generator::chatRequest(const ChatTemplate& chatTemplate, const std::vector<ChatMessage>& messages,
                                         SamplerSettings settings) const
{
    GenerationRequest request;
    request.prompt = encode(chatTemplate.render(messages, true));
    for (const std::string& stop : chatTemplate.stop)
        if (std::find(settings.stop.begin(), settings.stop.end(), stop) == settings.stop.end())
            settings.stop.push_back(stop);
    request.settings = std::move(settings);
    return request;
}

GenerationResult Generator::generate(const GenerationRequest& request, const TokenCallback& onToken,
                                     const std::atomic<bool>* cancel)
{
    return generateBatch({request}, onToken, cancel).front();
}

std::vector<GenerationResult> Generator::generateBatch(const std::vector<GenerationRequest>& requests,
                                                       const TokenCallback& onToken, const std::atomic<bool>* cancel)
{
    for (size_t i = 0; i < requests.size(); ++i)
        requests[i].settings.validate(requests.size() == 1 ? "sampler" : "requests[" + std::to_string(i) + "]");
    EvalModeGuard evalMode(m_model);
    std::vector<GenerationResult> results(requests.size());
    std::vector<size_t> sampled; // the requests that go through the batch decoder
    for (size_t i = 0; i < requests.size(); ++i)
        if (requests[i].settings.num_beams > 1)
            results[i] = beamGenerate(requests[i], onToken, cancel, i);
        else
            sampled.push_back(i);
    if (sampled.empty())
        return results;

    try {
        BatchDecoder decoder(m_model, slotCache(int64_t(sampled.size())), m_tokenizer);
        std::vector<size_t> requestOf; // by sequence id: 0, 1, ... in the order admitted
        for (size_t i : sampled) {
            TokenCallback callback;
            if (onToken)
                callback = [&onToken, i](const TokenEvent& e) {
                    TokenEvent event = e;
                    event.sequence = i;
                    return onToken(event);
                };
            const BatchDecoder::SequenceId id = decoder.admit(requests[i], std::move(callback));
            requestOf.resize(size_t(id) + 1);
            requestOf[size_t(id)] = i;
        }
        while (!decoder.idle())
            for (BatchDecoder::Finished& done : decoder.step(cancel))
                results[requestOf[size_t(done.id)]] = std::move(done.result);
    } catch (...) {
        resetCache(); // the runner may hold half a step
        throw;
    }
    return results;
}

} // namespace lw::generate
