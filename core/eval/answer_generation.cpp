#include "core/eval/answer_generation.h"

#include "core/util/error.h"

namespace lw::eval {

nlohmann::json AnswerRow::toJson() const
{
    return {{"index", index}, {"prompt", prompt}, {"answer", answer}, {"reference", reference}};
}

generate::SamplerSettings greedyAnswerSettings(int64_t maxNewTokens)
{
    if (maxNewTokens < 1)
        throw Error::inField("max-new-tokens", "must be at least 1, got " + std::to_string(maxNewTokens));
    generate::SamplerSettings settings;
    settings.temperature = 0;
    settings.max_tokens = maxNewTokens;
    settings.validate();
    return settings;
}

std::vector<AnswerRow> generateAnswers(generate::Generator& generator, const AnswerRequestBuilder& buildRequest,
                                       const std::vector<EvalExample>& examples, const AnswerGenerationOptions& o)
{
    const generate::SamplerSettings settings = greedyAnswerSettings(o.maxNewTokens);
    auto stopped = [&] { return o.stopRequested && o.stopRequested(); };
    std::vector<AnswerRow> rows;
    rows.reserve(examples.size());
    for (const EvalExample& example : examples) {
        const generate::GenerationRequest request = buildRequest(example.turns, settings);
        const generate::GenerationResult result =
            generator.generate(request, [&](const generate::TokenEvent&) { return !stopped(); });
        if (stopped() || result.stopReason == generate::StopReason::Cancelled)
            throw Error("cancelled");
        AnswerRow row;
        row.index = example.index;
        row.prompt = example.prompt;
        row.answer = result.text;
        row.reference = example.reference;
        row.stopReason = generate::stopReasonName(result.stopReason);
        row.tokens = result.stats.generatedTokens;
        rows.push_back(std::move(row));
        const std::string detail = "answer " + std::to_string(rows.size()) + " of " + std::to_string(examples.size());
        if (o.progress && !o.progress(double(rows.size()) / double(examples.size()), detail))
            throw Error("cancelled");
    }
    return rows;
}

} // namespace lw::eval
