#include "core/train/preflight_check.h"

#include "core/util/error.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <sstream>

namespace lw::train {

bool PreflightReport::blocking() const
{
    for (const auto& f : findings)
        if (f.severity == "error")
            return true;
    return false;
}

void PreflightReport::add(const char* severity, const char* code, const std::string& message)
{
    findings.push_back({severity, code, message});
}

nlohmann::json PreflightReport::costJson() const
{
    nlohmann::json f = nlohmann::json::array();
    for (const auto& x : findings)
        f.push_back({{"severity", x.severity}, {"code", x.code}, {"message", x.message}});
    return {{"findings", f},
            {"blocking", blocking()},
            {"memory",
             {{"weights", memory.weights},
              {"gradients", memory.gradients},
              {"optimizer", memory.optimizer},
              {"activations", memory.activations},
              {"total", memory.total()}}},
            {"max_steps", maxSteps},
            {"seconds_per_step", secondsPerStep},
            {"total_seconds", totalSeconds},
            {"checkpoint_bytes", checkpointBytes}};
}

std::string PreflightReport::costAndFindingsText() const
{
    std::ostringstream s;
    s << "memory (estimate): weights " << mebibytesText(memory.weights) << ", gradients "
      << mebibytesText(memory.gradients) << ", optimizer " << mebibytesText(memory.optimizer) << ", activations "
      << mebibytesText(memory.activations) << "; total " << mebibytesText(memory.total()) << "\n";
    if (secondsPerStep > 0)
        s << "time: " << durationText(secondsPerStep) << " per step (measured), about " << durationText(totalSeconds)
          << " for " << maxSteps << " steps\n";
    else
        s << "time: not measured (the errors below stop the run before its first step)\n";
    s << "disk for checkpoints: " << mebibytesText(checkpointBytes) << "\n";
    if (findings.empty())
        s << "no problems found\n";
    for (const auto& f : findings)
        s << f.severity << ": " << f.message << "\n";
    return s.str();
}

MemoryEstimate estimateTrainingMemory(const model::ModelConfig& m, int64_t weightBytes, int64_t trainableParameters,
                                      int64_t sequencesPerBatch, int64_t context, const OutputLogits& logits)
{
    MemoryEstimate e;
    e.weights = weightBytes;
    e.gradients = trainableParameters * 4;
    e.optimizer = trainableParameters * 8; // AdamW's two moments
    const int64_t tokens = sequencesPerBatch * context;
    const int64_t logitRows = logits.perToken ? tokens : sequencesPerBatch;
    e.activations = tokens * m.n_layer * (8 * m.d_model + 3 * m.ffDim()) * 4 + tokens * 2 * m.d_model * 4 +
                    logitRows * logits.width * 4;
    return e;
}

int64_t checkpointBytesWithOptimizer(int64_t parameters)
{
    return parameters * 12; // float32 weights and AdamW's two float32 moments
}

double timeSteps(int timedSteps, const std::function<void()>& step)
{
    double measured = 0;
    for (int i = 0; i <= timedSteps; ++i) {
        const auto start = std::chrono::steady_clock::now();
        step();
        if (i > 0) // the first step warms caches and allocators
            measured += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    return timedSteps > 0 ? measured / timedSteps : 0.0;
}

std::string learningRateWarning(double rate, double low, double high, const std::string& what)
{
    if (rate >= low / 10 && rate <= high * 10)
        return {};
    std::ostringstream m;
    m << "the learning rate " << rate << " is far outside the usual range for " << what << " (" << low << " to "
      << high << "): " << (rate > high ? "the loss will likely diverge" : "the model will barely change");
    return m.str();
}

std::string mebibytesText(int64_t bytes)
{
    std::ostringstream s;
    s.precision(bytes >= (int64_t(10) << 20) ? 0 : 1);
    s << std::fixed << double(bytes) / double(1 << 20) << " MiB";
    return s.str();
}

std::string durationText(double s)
{
    std::ostringstream out;
    if (s < 120)
        out << std::fixed << std::setprecision(s < 10 ? 2 : 0) << s << " s";
    else if (s < 7200)
        out << std::fixed << std::setprecision(0) << s / 60 << " min";
    else
        out << std::fixed << std::setprecision(1) << s / 3600 << " h";
    return out.str();
}

ScratchDir::ScratchDir()
{
    std::string pattern = (std::filesystem::temp_directory_path() / "llmwb-check-XXXXXX").string();
    if (!mkdtemp(pattern.data()))
        throw Error::fromErrno(pattern, "cannot create", errno);
    m_path = pattern;
}

ScratchDir::~ScratchDir()
{
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

} // namespace lw::train
