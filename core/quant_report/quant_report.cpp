#include "core/quant_report/quant_report.h"

#include "core/generate/generator.h"
#include "core/quant_report/model_footprint.h"
#include "core/quant_report/token_comparison.h"
#include "core/util/error.h"

#include <algorithm>

namespace lw::quant_report {

namespace {

// Shares of the progress bar: the two models over the text take nearly all the time.
constexpr double kComparisonShare = 0.8;
constexpr double kMatricesShare = 0.05;

std::string bothNamed(const catalog::LoadedModel& model, const catalog::LoadedModel& reference)
{
    return model.location.label + " and the reference " + reference.location.label;
}

void addFootprint(store::Json& summary, const ModelFootprint& f, const std::string& suffix)
{
    summary["bytes_on_disk" + suffix] = f.bytesOnDisk;
    summary["bytes_in_memory" + suffix] = f.bytesInMemory;
    summary["bits_per_weight" + suffix] = f.bitsPerWeight;
}

void addSpeed(store::Json& summary, const ModelSpeed* speed, const std::string& suffix)
{
    summary["decode_tokens_per_s" + suffix] = speed ? store::Json(speed->decodeTokensPerS) : store::Json();
    summary["prefill_tokens_per_s" + suffix] = speed ? store::Json(speed->prefillTokensPerS) : store::Json();
    summary["runner" + suffix] = speed ? store::Json(speed->runner) : store::Json();
}

store::Json comparisonJson(const ComparisonSummary& s)
{
    return {{"tokens", s.tokens},
            {"ppl", s.ppl},
            {"ppl_stderr", s.pplStderr},
            {"ppl_reference", s.pplReference},
            {"ppl_reference_stderr", s.pplReferenceStderr},
            {"ln_ppl_ratio", s.lnPplRatio},
            {"ln_ppl_ratio_stderr", s.lnPplRatioStderr},
            {"kl_mean", s.klMean},
            {"kl_stderr", s.klStderr},
            {"kl_median", s.klMedian},
            {"kl_p90", s.klP90},
            {"kl_p95", s.klP95},
            {"kl_p99", s.klP99},
            {"kl_max", s.klMax},
            {"top1_agreement", s.top1Agreement},
            {"top1_agreement_stderr", s.top1AgreementStderr}};
}

} // namespace

std::vector<int32_t> encodeForBoth(const catalog::LoadedModel& model, const catalog::LoadedModel& reference,
                                   const std::string& text)
{
    const int64_t rows = model.model->config().vocab_size, referenceRows = reference.model->config().vocab_size;
    if (rows != referenceRows)
        throw Error("the vocabularies differ: " + bothNamed(model, reference) + " have " + std::to_string(rows) +
                    " and " + std::to_string(referenceRows) + " tokens; a quantization report compares a model "
                                                              "with the one it was made from");
    const int32_t shared = std::min(model.tokenizer->vocabSize(), reference.tokenizer->vocabSize());
    for (int32_t id = 0; id < shared; ++id)
        if (model.tokenizer->tokenBytes(id) != reference.tokenizer->tokenBytes(id))
            throw Error("the tokenizers differ: token " + std::to_string(id) + " of " + bothNamed(model, reference) +
                        " is '" + model.tokenizer->tokenBytes(id) + "' and '" + reference.tokenizer->tokenBytes(id) +
                        "'");
    std::vector<int32_t> ids = catalog::encodePrompt(reference, text);
    if (catalog::encodePrompt(model, text) != ids)
        throw Error("the tokenizers differ: " + bothNamed(model, reference) + " cut the text into different tokens");
    return ids;
}

ModelSpeed measureSpeed(catalog::LoadedModel& loaded, const std::vector<int32_t>& prompt,
                        const QuantReportSettings& settings)
{
    const int64_t context = loaded.model->config().context_length;
    const int64_t promptTokens = std::min({settings.speedPromptTokens, int64_t(prompt.size()), context / 2});
    const int64_t newTokens = std::min(settings.speedNewTokens, context - promptTokens);
    if (promptTokens < 1 || newTokens < 2)
        throw Error("speed: the text or the context is too short for a prompt and two new tokens");
    // The blocks loadModel already mapped (a quantized GGUF file on the CPU): the speed of
    // the quantized kernels, not of the float copy the comparison reads.
    generate::GeneratorOptions options;
    options.storedMatrices = loaded.storedMatrices;
    generate::Generator generator(loaded.model, nullptr, options);
    generate::GenerationRequest request;
    request.prompt.assign(prompt.begin(), prompt.begin() + promptTokens);
    request.settings.max_tokens = newTokens;
    request.settings.temperature = 0;
    request.settings.top_k = 0;
    request.settings.stop_at_eos = false;
    ModelSpeed speed;
    speed.runner = generator.runnerDescription();
    for (int64_t run = 0; run <= settings.speedRuns; ++run) {
        generator.resetCache(); // every run prefills the whole prompt
        const generate::GenerationResult result = generator.generate(request);
        if (run == 0)
            continue; // warm-up: page faults, the thread pool, first touch of the cache
        speed.decodeTokensPerS = std::max(speed.decodeTokensPerS, result.stats.decodeTokensPerS);
        speed.prefillTokensPerS = std::max(speed.prefillTokensPerS, result.stats.prefillTokensPerS);
    }
    return speed;
}

eval::TaskOutcome runQuantReport(const store::Project& project, const std::string& modelSpec,
                                 catalog::LoadedModel& model, const std::string& referenceSpec,
                                 catalog::LoadedModel& reference, const QuantReportSettings& settings,
                                 const eval::TaskProgress& progress)
{
    if (settings.maxTokens < 0 || settings.maxTokens == 1)
        throw Error::inField("max-tokens", "must be 0 (the whole text) or at least 2");
    const auto report = [&](double fraction, const std::string& stage) {
        if (progress && !progress(fraction, stage))
            throw Error("cancelled");
    };
    const eval::PerplexityInput input = eval::readPerplexityInput(project, settings.data);
    std::vector<int32_t> tokens = encodeForBoth(model, reference, input.text);
    if (settings.maxTokens > 0 && int64_t(tokens.size()) > settings.maxTokens)
        tokens.resize(size_t(settings.maxTokens));
    const int64_t context = std::min(model.model->config().context_length, reference.model->config().context_length);
    const eval::PerplexityOptions options = eval::resolvePerplexityOptions(settings.data.options, context);
    const double comparisonShare = settings.speed ? kComparisonShare : 1.0 - kMatricesShare;

    const TokenComparison comparison =
        compareNextTokens(model.model, reference.model, tokens, options, [&](double fraction) {
            return !progress || progress(fraction * comparisonShare, "comparing next-token distributions");
        });
    store::Json summary = comparisonJson(summarizeComparison(comparison));
    summary["model"] = modelSpec;
    summary["reference"] = referenceSpec;
    summary["context"] = options.context;
    summary["stride"] = options.stride;
    report(comparisonShare, "weights");

    const std::vector<MatrixError> matrices = matrixErrors(model.model, reference.model);
    addFootprint(summary, modelFootprint(model), "");
    addFootprint(summary, modelFootprint(reference), "_reference");
    store::Json matrixRows = store::Json::array(), layerRows = store::Json::array();
    for (const auto& m : matrices)
        matrixRows.push_back({{"name", m.name}, {"layer", m.layer}, {"relative_error", m.relativeError}});
    for (const auto& l : layerErrors(matrices))
        layerRows.push_back({{"layer", l.layer}, {"relative_error", l.relativeError}, {"matrices", l.matrices}});
    summary["matrices"] = matrixRows;
    summary["layers"] = layerRows;
    report(comparisonShare + kMatricesShare, "speed");

    std::optional<ModelSpeed> speed, referenceSpeed;
    if (settings.speed) {
        speed = measureSpeed(model, tokens, settings);
        report(comparisonShare + kMatricesShare + (1 - comparisonShare - kMatricesShare) / 2, "speed of the reference");
        referenceSpeed = measureSpeed(reference, tokens, settings);
    }
    addSpeed(summary, speed ? &*speed : nullptr, "");
    addSpeed(summary, referenceSpeed ? &*referenceSpeed : nullptr, "_reference");
    report(1.0, "done");

    eval::TaskOutcome out;
    out.dataset = input.name;
    out.datasetInfo = input.info;
    out.settings = {{"reference", referenceSpec},
                    {"reference_label", reference.location.label},
                    {"reference_format", catalog::formatName(reference.location.format)},
                    {"reference_path", reference.location.path},
                    {"context", options.context},
                    {"stride", options.stride},
                    {"max_tokens", settings.maxTokens},
                    {"speed", settings.speed}};
    out.summary = summary;
    out.examples.assign(matrixRows.begin(), matrixRows.end());
    return out;
}

} // namespace lw::quant_report
