#pragma once
// How the next token is chosen: the one description of a decoding setting, shared by
// `llmwb generate`/`llmwb chat`, the Chat panel, its decoding lab and the HTTP server.
// Serialisable to JSON (field names are the JSON keys, as in OpenAI-style requests),
// validated here with errors that name the field.
//
// Order in which the settings act on the logits of one step:
//   penalties (repetition, presence, frequency) -> temperature -> top-k -> top-p -> min-p
//   -> draw (or argmax when temperature is 0). Beam search (num_beams > 1) uses the
//   penalised log-probabilities and ignores temperature, top-k, top-p and min-p.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace lw::generate {

struct SamplerSettings {
    int64_t max_tokens = 128;         // new tokens at most
    double temperature = 0.8;         // 0: greedy (argmax)
    int64_t top_k = 40;               // keep the k most likely tokens (0: off)
    double top_p = 1.0;               // keep the smallest set whose probability reaches p (1: off)
    double min_p = 0.0;               // keep tokens at least min_p times as likely as the best (0: off)
    double repetition_penalty = 1.0;  // divide positive / multiply negative logits of seen tokens (1: off)
    double presence_penalty = 0.0;    // subtracted once from the logit of every seen token
    double frequency_penalty = 0.0;   // subtracted per occurrence of a seen token
    int64_t penalty_window = 256;     // penalties look at this many last tokens, prompt included (0: all)
    uint64_t seed = 0;                // the draw is a pure function of the seed and the logits
    std::vector<std::string> stop;    // stop sequences (text); the answer ends before them
    bool stop_at_eos = true;          // end at the tokenizer's end-of-text token
    int64_t num_beams = 1;            // > 1: beam search
    double length_penalty = 1.0;      // beam score = log-probability / length^length_penalty
    int64_t top_alternatives = 0;     // report the N most likely tokens at every step (decoding lab)

    bool greedy() const { return temperature <= 0.0; }
    bool penalised() const { return repetition_penalty != 1.0 || presence_penalty != 0.0 || frequency_penalty != 0.0; }

    // Throws lw::Error naming the field ("sampler.top_p: must be in (0, 1], got 1.5").
    void validate(const std::string& context = "sampler") const;
    nlohmann::json toJson() const;
    // Missing fields keep their defaults; unknown fields and wrong types are errors.
    static SamplerSettings fromJson(const nlohmann::json& json, const std::string& context = "sampler");
};

bool operator==(const SamplerSettings& a, const SamplerSettings& b);
inline bool operator!=(const SamplerSettings& a, const SamplerSettings& b) { return !(a == b); }

// One line per field, in the order forms show them (CLI flags and GUI tooltips).
const std::vector<std::pair<std::string, std::string>>& samplerSettingsHelp();

} // namespace lw::generate
