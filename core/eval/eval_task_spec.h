#pragma once
// An evaluation task named in one string, for evaluations that run without a person
// choosing each setting: at each checkpoint of a training run (`llmwb train --eval-task`)
// and across a run's checkpoints (`llmwb eval scrub`).
//
//   perplexity:dataset=stories,context=256,stride=128
//   perplexity:text-file=/data/held_out.txt
//   mc:data=/data/mmlu_physics.csv,shots=5,limit=100
//
// The task before the colon, then comma-separated key=value settings named as the
// `llmwb eval <task>` flags are (without the dashes). Values cannot hold commas.
#include <map>
#include <string>
#include <vector>

namespace lw::eval {

struct EvalTaskSpec {
    std::string task;                           // "perplexity" or "mc"
    std::map<std::string, std::string> options; // flag name -> value
    std::string text;                           // as written

    // The value of a setting, or fallback; an integer setting that is not one is an lw::Error.
    std::string option(const std::string& key, const std::string& fallback = {}) const;
    int64_t intOption(const std::string& key, int64_t fallback) const;
    // The metric name prefix of this task's figures in a run's metrics: "eval/<task>/<data>".
    std::string metricPrefix() const;
};

// lw::Error naming the spec and what is wrong: an unknown task, an unknown setting, a
// missing data setting, a malformed pair.
EvalTaskSpec parseEvalTaskSpec(const std::string& text);

// The tasks a spec may name, with their settings, for help texts.
std::string evalTaskSpecHelp();

} // namespace lw::eval
