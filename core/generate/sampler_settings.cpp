#include "core/generate/sampler_settings.h"

#include "core/util/error.h"
#include "core/util/json_field.h"

#include <cmath>
#include <set>

namespace lw::generate {

namespace {

std::string number(double v)
{
    std::string s = std::to_string(v);
    while (s.size() > 1 && s.back() == '0')
        s.pop_back();
    if (!s.empty() && s.back() == '.')
        s.pop_back();
    return s;
}

using util::readJsonField;

} // namespace

void SamplerSettings::validate(const std::string& context) const
{
    auto fail = [&](const char* field, const std::string& message) {
        return Error::inField(context + "." + field, message);
    };
    if (max_tokens <= 0)
        throw fail("max_tokens", "must be positive, got " + std::to_string(max_tokens));
    if (!(temperature >= 0.0) || !std::isfinite(temperature))
        throw fail("temperature", "must be 0 (greedy) or positive, got " + number(temperature));
    if (top_k < 0)
        throw fail("top_k", "must be 0 (off) or positive, got " + std::to_string(top_k));
    if (!(top_p > 0.0 && top_p <= 1.0))
        throw fail("top_p", "must be in (0, 1], got " + number(top_p));
    if (!(min_p >= 0.0 && min_p < 1.0))
        throw fail("min_p", "must be in [0, 1), got " + number(min_p));
    if (!(repetition_penalty > 0.0) || !std::isfinite(repetition_penalty))
        throw fail("repetition_penalty", "must be positive (1: off), got " + number(repetition_penalty));
    if (!std::isfinite(presence_penalty))
        throw fail("presence_penalty", "must be a finite number");
    if (!std::isfinite(frequency_penalty))
        throw fail("frequency_penalty", "must be a finite number");
    if (penalty_window < 0)
        throw fail("penalty_window", "must be 0 (all tokens) or positive, got " + std::to_string(penalty_window));
    for (size_t i = 0; i < stop.size(); ++i)
        if (stop[i].empty())
            throw fail("stop", "stop sequence " + std::to_string(i + 1) + " is empty");
    if (num_beams < 1 || num_beams > 64)
        throw fail("num_beams", "must be between 1 and 64, got " + std::to_string(num_beams));
    if (!std::isfinite(length_penalty))
        throw fail("length_penalty", "must be a finite number");
    if (top_alternatives < 0 || top_alternatives > 100)
        throw fail("top_alternatives", "must be between 0 and 100, got " + std::to_string(top_alternatives));
}

nlohmann::json SamplerSettings::toJson() const
{
    return {
        {"max_tokens", max_tokens},
        {"temperature", temperature},
        {"top_k", top_k},
        {"top_p", top_p},
        {"min_p", min_p},
        {"repetition_penalty", repetition_penalty},
        {"presence_penalty", presence_penalty},
        {"frequency_penalty", frequency_penalty},
        {"penalty_window", penalty_window},
        {"seed", seed},
        {"stop", stop},
        {"stop_at_eos", stop_at_eos},
        {"num_beams", num_beams},
        {"length_penalty", length_penalty},
        {"top_alternatives", top_alternatives},
    };
}

SamplerSettings SamplerSettings::fromJson(const nlohmann::json& json, const std::string& context)
{
    if (!json.is_object())
        throw Error::inField(context, "expected a JSON object");
    static const std::set<std::string> known = {
        "max_tokens",     "temperature", "top_k",       "top_p",          "min_p",
        "repetition_penalty", "presence_penalty", "frequency_penalty", "penalty_window", "seed",
        "stop",           "stop_at_eos", "num_beams",   "length_penalty", "top_alternatives"};
    for (auto it = json.begin(); it != json.end(); ++it)
        if (!known.count(it.key()))
            throw Error::inField(context + "." + it.key(), "unknown field");
    SamplerSettings s;
    readJsonField(json, "max_tokens", s.max_tokens, context);
    readJsonField(json, "temperature", s.temperature, context);
    readJsonField(json, "top_k", s.top_k, context);
    readJsonField(json, "top_p", s.top_p, context);
    readJsonField(json, "min_p", s.min_p, context);
    readJsonField(json, "repetition_penalty", s.repetition_penalty, context);
    readJsonField(json, "presence_penalty", s.presence_penalty, context);
    readJsonField(json, "frequency_penalty", s.frequency_penalty, context);
    readJsonField(json, "penalty_window", s.penalty_window, context);
    readJsonField(json, "seed", s.seed, context);
    if (auto it = json.find("stop"); it != json.end()) {
        // A single string is accepted as a one-element list, as OpenAI-style requests allow.
        if (it->is_string()) {
            s.stop = {it->get<std::string>()};
        } else if (it->is_array()) {
            for (const auto& item : *it) {
                if (!item.is_string())
                    throw Error::inField(context + ".stop", "expected strings");
                s.stop.push_back(item.get<std::string>());
            }
        } else {
            throw Error::inField(context + ".stop", "expected a string or a list of strings");
        }
    }
    readJsonField(json, "stop_at_eos", s.stop_at_eos, context);
    readJsonField(json, "num_beams", s.num_beams, context);
    readJsonField(json, "length_penalty", s.length_penalty, context);
    readJsonField(json, "top_alternatives", s.top_alternatives, context);
    return s;
}

bool operator==(const SamplerSettings& a, const SamplerSettings& b)
{
    return a.toJson() == b.toJson();
}

const std::vector<std::pair<std::string, std::string>>& samplerSettingsHelp()
{
    static const std::vector<std::pair<std::string, std::string>> help = {
        {"max_tokens", "new tokens to generate at most"},
        {"temperature", "sampling temperature; 0 picks the most likely token (greedy)"},
        {"top_k", "sample among the k most likely tokens (0: off)"},
        {"top_p", "sample among the most likely tokens whose probabilities add up to p (1: off)"},
        {"min_p", "drop tokens less likely than min_p times the most likely one (0: off)"},
        {"repetition_penalty", "make tokens already seen less likely: > 1 penalises (1: off)"},
        {"presence_penalty", "subtract this from the logit of every token already seen"},
        {"frequency_penalty", "subtract this times the count of each token already seen"},
        {"penalty_window", "the penalties look at this many last tokens, prompt included (0: all)"},
        {"seed", "random seed of the sampling (same seed and settings: same text)"},
        {"stop", "stop sequence: the text ends before it (repeat for several)"},
        {"stop_at_eos", "stop at the tokenizer's end-of-text token"},
        {"num_beams", "beam search with this many beams (1: off); deterministic"},
        {"length_penalty", "beam search: score = log-probability / length^length_penalty (> 1 favours longer)"},
        {"top_alternatives", "report the N most likely tokens and their probabilities at every step"},
    };
    return help;
}

} // namespace lw::generate
