#include "core/finetune/answer_comparison.h"

#include "core/generate/generator.h"

namespace lw::finetune {

namespace {

std::string decode(const tokenizer::Tokenizer& tokenizer, const std::vector<int32_t>& ids)
{
    return tokenizer.decode(ids);
}

std::string answerOf(generate::Generator& generator, const std::vector<int32_t>& prompt,
                     const generate::ChatTemplate& chatTemplate, int maxTokens)
{
    generate::GenerationRequest request;
    request.prompt = prompt;
    request.settings.temperature = 0;
    request.settings.max_tokens = maxTokens;
    request.settings.stop = chatTemplate.stop;
    return generator.generate(request).text;
}

std::string normalized(std::string text, const std::string& endOfText)
{
    if (!endOfText.empty())
        for (size_t at = text.find(endOfText); at != std::string::npos; at = text.find(endOfText))
            text.erase(at, endOfText.size());
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

} // namespace

bool sameAnswer(const std::string& answer, const std::string& reference, const std::string& endOfText)
{
    return normalized(answer, endOfText) == normalized(reference, endOfText);
}

std::vector<ComparedAnswer> compareAnswers(model::Transformer base, model::Transformer finetuned,
                                           const tokenizer::Tokenizer& tokenizer,
                                           const shape::PackedSequenceFile& file, const std::vector<uint64_t>& rows,
                                           const generate::ChatTemplate& chatTemplate, int count, int maxTokens)
{
    base->eval();
    finetuned->eval();
    generate::Generator baseGenerator(base, &tokenizer);
    generate::Generator tunedGenerator(finetuned, &tokenizer);
    const uint64_t perRow = file.sequencesPerRow();
    std::vector<ComparedAnswer> out;
    for (uint64_t row : rows) {
        if (int(out.size()) >= count)
            break;
        const uint64_t sequence = row * perRow;
        const std::vector<int32_t> ids = file.tokens(sequence);
        const std::vector<uint8_t> loss = file.loss(sequence);
        size_t first = 0;
        while (first < loss.size() && !loss[first])
            ++first;
        if (first == 0 || first == loss.size())
            continue;
        std::vector<int32_t> prompt(ids.begin(), ids.begin() + int64_t(first));
        std::vector<int32_t> answer;
        for (size_t t = first; t < ids.size(); ++t)
            if (loss[t])
                answer.push_back(ids[t]);
        ComparedAnswer a;
        a.row = row;
        a.prompt = decode(tokenizer, prompt);
        a.reference = decode(tokenizer, answer);
        a.base = answerOf(baseGenerator, prompt, chatTemplate, maxTokens);
        a.finetuned = answerOf(tunedGenerator, prompt, chatTemplate, maxTokens);
        const std::string eos = tokenizer.eosId() ? tokenizer.decode({*tokenizer.eosId()}) : std::string();
        a.baseExact = sameAnswer(a.base, a.reference, eos);
        a.finetunedExact = sameAnswer(a.finetuned, a.reference, eos);
        out.push_back(std::move(a));
    }
    return out;
}

nlohmann::json comparisonJson(const std::vector<ComparedAnswer>& answers)
{
    nlohmann::json items = nlohmann::json::array();
    for (const auto& a : answers)
        items.push_back({{"row", a.row},
                         {"prompt", a.prompt},
                         {"reference", a.reference},
                         {"base", a.base},
                         {"finetuned", a.finetuned},
                         {"base_exact", a.baseExact},
                         {"finetuned_exact", a.finetunedExact}});
    return items;
}

} // namespace lw::finetune
