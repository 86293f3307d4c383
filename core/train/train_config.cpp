#include "core/train/train_config.h"

#include "core/util/error.h"

#include <set>

namespace lw::train {

void TrainConfig::validate() const
{
    model.validate();
    auto positive = [](const char* field, int64_t v) {
        if (v <= 0)
            throw Error::inField(field, "must be positive, got " + std::to_string(v));
    };
    auto nonNegative = [](const char* field, double v) {
        if (!(v >= 0))
            throw Error::inField(field, "must not be negative");
    };
    if (dataset.empty())
        throw Error::inField("dataset", "no dataset given");
    positive("batch_size", batch_size);
    positive("max_steps", max_steps);
    positive("grad_accum_steps", grad_accum_steps);
    positive("log_every", log_every);
    if (context < 0 || context > model.context_length)
        throw Error::inField("context", "must be between 1 and the model's context_length (" +
                                            std::to_string(model.context_length) + ")");
    if (stride < 0)
        throw Error::inField("stride", "must not be negative");
    if (!(learning_rate > 0 && learning_rate < 10))
        throw Error::inField("learning_rate", "must be in (0, 10)");
    if (!(min_lr_ratio >= 0 && min_lr_ratio <= 1))
        throw Error::inField("min_lr_ratio", "must be in [0, 1]");
    if (warmup_steps < 0)
        throw Error::inField("warmup_steps", "must not be negative");
    if (lr_schedule != "cosine" && lr_schedule != "linear" && lr_schedule != "constant")
        throw Error::inField("lr_schedule", "must be cosine, linear or constant, got '" + lr_schedule + "'");
    nonNegative("weight_decay", weight_decay);
    if (!(beta1 >= 0 && beta1 < 1))
        throw Error::inField("beta1", "must be in [0, 1)");
    if (!(beta2 >= 0 && beta2 < 1))
        throw Error::inField("beta2", "must be in [0, 1)");
    if (!(adam_eps > 0))
        throw Error::inField("adam_eps", "must be positive");
    nonNegative("grad_clip", grad_clip);
    if (eval_every < 0 || eval_batches < 0 || sample_every < 0 || checkpoint_every < 0)
        throw Error::inField(eval_every < 0 ? "eval_every" : eval_batches < 0 ? "eval_batches"
                                                         : sample_every < 0 ? "sample_every" : "checkpoint_every",
                             "must not be negative");
    if (sample_tokens < 0)
        throw Error::inField("sample_tokens", "must not be negative");
    nonNegative("sample_temperature", sample_temperature);
    if (keep_checkpoints < 1)
        throw Error::inField("keep_checkpoints", "must be at least 1");
    if (early_stopping_patience < 0)
        throw Error::inField("early_stopping_patience", "must not be negative");
    if (early_stopping_patience > 0 && eval_every == 0)
        throw Error::inField("early_stopping_patience", "needs validation (eval_every > 0)");
    if (threads < 0)
        throw Error::inField("threads", "must not be negative");
    if (device != "cpu" && device.rfind("cuda", 0) != 0)
        throw Error::inField("device", "must be cpu, cuda or cuda:N, got '" + device + "'");
    if (dtype != "fp32" && dtype != "bf16")
        throw Error::inField("dtype", "must be fp32 or bf16, got '" + dtype + "'");
}

nlohmann::json TrainConfig::toJson() const
{
    return {
        {"model", model.toJson()},
        {"dataset", dataset},
        {"batch_size", batch_size},
        {"context", context},
        {"stride", stride},
        {"shuffle", shuffle},
        {"max_steps", max_steps},
        {"learning_rate", learning_rate},
        {"min_lr_ratio", min_lr_ratio},
        {"warmup_steps", warmup_steps},
        {"lr_schedule", lr_schedule},
        {"weight_decay", weight_decay},
        {"beta1", beta1},
        {"beta2", beta2},
        {"adam_eps", adam_eps},
        {"grad_clip", grad_clip},
        {"grad_accum_steps", grad_accum_steps},
        {"eval_every", eval_every},
        {"eval_batches", eval_batches},
        {"sample_every", sample_every},
        {"sample_prompt", sample_prompt},
        {"sample_tokens", sample_tokens},
        {"sample_temperature", sample_temperature},
        {"sample_top_k", sample_top_k},
        {"checkpoint_every", checkpoint_every},
        {"keep_checkpoints", keep_checkpoints},
        {"early_stopping_patience", early_stopping_patience},
        {"early_stopping_min_delta", early_stopping_min_delta},
        {"log_every", log_every},
        {"seed", seed},
        {"threads", threads},
        {"device", device},
        {"dtype", dtype},
    };
}

namespace {

template <typename T>
void read(const nlohmann::json& j, const char* key, T& out)
{
    auto it = j.find(key);
    if (it == j.end())
        return;
    const bool ok = std::is_same_v<T, bool>            ? it->is_boolean()
                    : std::is_same_v<T, std::string>   ? it->is_string()
                    : std::is_floating_point_v<T>      ? it->is_number()
                    : std::is_unsigned_v<T>            ? it->is_number_unsigned()
                                                       : it->is_number_integer();
    if (!ok)
        throw Error::inField(key, std::is_same_v<T, bool>          ? "expected true or false"
                                  : std::is_same_v<T, std::string> ? "expected a string"
                                  : std::is_floating_point_v<T>    ? "expected a number"
                                                                   : "expected an integer");
    out = it->get<T>();
}

} // namespace

TrainConfig TrainConfig::fromJson(const nlohmann::json& j)
{
    if (!j.is_object())
        throw Error("training configuration: expected a JSON object");
    static const std::set<std::string> known = [] {
        std::set<std::string> k;
        nlohmann::json defaults = TrainConfig().toJson();
        for (auto it = defaults.begin(); it != defaults.end(); ++it)
            k.insert(it.key());
        return k;
    }();
    for (auto it = j.begin(); it != j.end(); ++it)
        if (!known.count(it.key()))
            throw Error::inField(it.key(), "unknown field");
    TrainConfig c;
    if (j.contains("model"))
        c.model = model::ModelConfig::fromJson(j["model"]);
    read(j, "dataset", c.dataset);
    read(j, "batch_size", c.batch_size);
    read(j, "context", c.context);
    read(j, "stride", c.stride);
    read(j, "shuffle", c.shuffle);
    read(j, "max_steps", c.max_steps);
    read(j, "learning_rate", c.learning_rate);
    read(j, "min_lr_ratio", c.min_lr_ratio);
    read(j, "warmup_steps", c.warmup_steps);
    read(j, "lr_schedule", c.lr_schedule);
    read(j, "weight_decay", c.weight_decay);
    read(j, "beta1", c.beta1);
    read(j, "beta2", c.beta2);
    read(j, "adam_eps", c.adam_eps);
    read(j, "grad_clip", c.grad_clip);
    read(j, "grad_accum_steps", c.grad_accum_steps);
    read(j, "eval_every", c.eval_every);
    read(j, "eval_batches", c.eval_batches);
    read(j, "sample_every", c.sample_every);
    read(j, "sample_prompt", c.sample_prompt);
    read(j, "sample_tokens", c.sample_tokens);
    read(j, "sample_temperature", c.sample_temperature);
    read(j, "sample_top_k", c.sample_top_k);
    read(j, "checkpoint_every", c.checkpoint_every);
    read(j, "keep_checkpoints", c.keep_checkpoints);
    read(j, "early_stopping_patience", c.early_stopping_patience);
    read(j, "early_stopping_min_delta", c.early_stopping_min_delta);
    read(j, "log_every", c.log_every);
    read(j, "seed", c.seed);
    read(j, "threads", c.threads);
    read(j, "device", c.device);
    read(j, "dtype", c.dtype);
    return c;
}

const std::vector<std::pair<std::string, std::string>>& trainConfigHelp()
{
    static const std::vector<std::pair<std::string, std::string>> help = {
        {"batch_size", "sequences per optimizer micro-step"},
        {"context", "tokens per training sequence (0: the model's context length)"},
        {"stride", "distance in tokens between the starts of training sequences (0: the context, no overlap)"},
        {"shuffle", "visit training sequences in a seeded random order each epoch"},
        {"max_steps", "optimizer steps to train for"},
        {"learning_rate", "peak learning rate, reached after warm-up"},
        {"min_lr_ratio", "the schedule ends at learning_rate times this"},
        {"warmup_steps", "steps of linear warm-up from zero to the peak learning rate"},
        {"lr_schedule", "decay after warm-up: cosine, linear or constant"},
        {"weight_decay", "AdamW decoupled weight decay, applied to matrices and embeddings only"},
        {"beta1", "AdamW first-moment decay"},
        {"beta2", "AdamW second-moment decay"},
        {"adam_eps", "AdamW denominator epsilon"},
        {"grad_clip", "clip the global gradient norm to this (0: no clipping)"},
        {"grad_accum_steps", "micro-batches accumulated per optimizer step"},
        {"eval_every", "steps between validation-loss evaluations (0: never)"},
        {"eval_batches", "validation batches per evaluation (0: the whole validation split)"},
        {"sample_every", "steps between sample generations (0: never)"},
        {"sample_prompt", "text the samples continue (empty: start of a document)"},
        {"sample_tokens", "tokens generated per sample"},
        {"sample_temperature", "sampling temperature of the samples (0: greedy)"},
        {"sample_top_k", "sample among the k most likely tokens (0: all)"},
        {"checkpoint_every", "steps between checkpoints (0: only at the end)"},
        {"keep_checkpoints", "periodic checkpoints to keep; the best one is kept apart"},
        {"early_stopping_patience", "stop after this many evaluations without improvement (0: off)"},
        {"early_stopping_min_delta", "smallest validation-loss decrease that counts as improvement"},
        {"log_every", "steps between progress reports and recorded metrics"},
        {"seed", "seed of every random choice (initialisation, data order, dropout, samples)"},
        {"threads", "CPU threads for tensor operations (0: all cores)"},
        {"device", "cpu, cuda or cuda:N"},
        {"dtype", "fp32, or bf16 mixed precision"},
    };
    return help;
}

} // namespace lw::train
